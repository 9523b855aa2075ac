import random
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qingmiao.accounts import audit
from qingmiao.cadres.models import Cadre
from qingmiao.core.bulk import insert_rows

from .. import notifications
from ..models import RaterAssignment, RaterConflict, ScoreSheet, Stage, StageStatus
from ._common import require, require_manager
from .ranking_store import ranking_changed


def is_recused(rater, cadre: Cadre, declared: set[tuple[int, int]]) -> bool:
    """回避: a rater never scores a candidate from their own unit (the unit or anything under
    it — except a district-level root unit, whose leaders are no one's colleagues), nor one with
    a declared relation."""
    unit = rater.org_unit
    return _recused(
        rater.pk,
        None if unit is None else (unit.pk, unit.depth, unit.path),
        cadre.pk,
        cadre.unit_id,
        lambda: cadre.unit.path,
        declared,
    )


def _recused(rater_id, rater_unit, cadre_id, unit_id, unit_path, declared) -> bool:
    """`is_recused` on plain values: the rater's unit as (id, depth, path) or None, the cadre's
    unit id, and its path (a value, or a function that reads it only when needed)."""
    if (rater_id, cadre_id) in declared:
        return True
    if rater_unit is None:
        return False
    pk, depth, path = rater_unit
    if unit_id == pk:
        return True
    if depth <= 1:
        return False
    return (unit_path() if callable(unit_path) else unit_path).startswith(path)


@transaction.atomic
def assignments_auto(
    *, actor, stage: Stage, raters: list, k: int | None = None, seed: int | None = None
) -> dict:
    """Give every candidate k raters with loads as even as possible, never a recused one.

    Candidates are taken in a shuffled order and each gets the k least-loaded raters it may
    have (random among equals), so raters' candidate sets overlap — which is what lets the
    calibrated methods compare raters at all. All or nothing: if any candidate cannot get k
    raters, no assignment is written and the message names them.
    """
    require(actor, "selection.manage_raters")
    require_manager(actor, stage.program)
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    k = k or stage.raters_per_candidate
    if stage.status == StageStatus.DECIDED:
        raise ValidationError(_("该关卡已确定晋级结果。"))
    if ScoreSheet.objects.filter(assignment__stage=stage).exists():
        raise ValidationError(_("已有评委开始评分，不能重新自动分配。"))
    raters = list({r.pk: r for r in raters}.values())
    # Someone who may not score (an officer, a cadre, a disabled account) would leave their
    # sheets missing for good, and the stage could never be decided.
    wrong_role = [
        r
        for r in raters
        if (stage.rater_roles and r.role not in stage.rater_roles)
        or not r.has_perm("selection.score")
    ]
    if wrong_role:
        raise ValidationError(
            {
                "raters": _("以下人员的角色不在本关卡的评分角色中：%(names)s")
                % {"names": "、".join(str(r) for r in wrong_role)}
            }
        )
    if len(raters) < k:
        raise ValidationError({"raters": _("评委人数少于每名考生所需的 %(k)s 人。") % {"k": k}})
    # Plain values, not objects: a large stage has tens of thousands of candidates.
    entries = list(
        stage.entries.order_by("pk").values_list(
            "pk", "code", "application__cadre_id", "application__cadre__unit_id",
            "application__cadre__unit__path",
        )
    )  # fmt: skip
    declared = set(
        RaterConflict.objects.filter(rater__in=raters).values_list("rater_id", "cadre_id")
    )
    units = {
        r.pk: None if r.org_unit is None else (r.org_unit.pk, r.org_unit.depth, r.org_unit.path)
        for r in raters
    }
    rng = random.Random(seed if seed is not None else stage.pk)
    rng.shuffle(entries)
    load: dict[int, int] = defaultdict(int)
    plan, short = [], []
    for entry_id, code, cadre_id, unit_id, unit_path in entries:
        allowed = [
            r
            for r in raters
            if not _recused(r.pk, units[r.pk], cadre_id, unit_id, unit_path, declared)
        ]
        if len(allowed) < k:
            short.append(code)
            continue
        rng.shuffle(allowed)
        chosen = sorted(allowed, key=lambda r: load[r.pk])[:k]
        for r in chosen:
            load[r.pk] += 1
            plan.append((stage.pk, r.pk, entry_id))
    if short:
        raise ValidationError(
            _("以下考生因回避无法分配足 %(k)s 名评委：%(codes)s")
            % {"k": k, "codes": "、".join(sorted(short))}
        )
    RaterAssignment.objects.filter(stage=stage).delete()
    insert_rows(RaterAssignment, ("stage_id", "rater_id", "entry_id"), plan)
    ranking_changed(stage)
    loads = {str(r): load[r.pk] for r in raters}
    audit.record(
        "selection.raters.assigned",
        actor=actor,
        obj=stage,
        extra={"k": k, "assignments": len(plan), "loads": loads},
    )
    notifications.raters_assigned(stage=stage, loads={r: load[r.pk] for r in raters}, k=k)
    return {"assignments": len(plan), "loads": loads}


@transaction.atomic
def conflict_declare(*, actor, rater, cadre: Cadre, reason: str) -> RaterConflict:
    """Declare a relation between a rater and a cadre: the rater declares their own, or a
    manager records one for them."""
    if actor.pk != rater.pk:
        require(actor, "selection.manage_raters")
    elif not RaterAssignment.objects.filter(rater=rater, entry__application__cadre=cadre).exists():
        # A rater knows candidates only through their assignments (raters cannot browse
        # records), so that is what they may declare a relation with.
        raise ValidationError({"cadre": _("只能对分配给您的考生申报回避。")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写回避事由。")})
    conflict, created = RaterConflict.objects.get_or_create(
        rater=rater, cadre=cadre, defaults={"reason": reason.strip()}
    )
    if created:
        audit.record(
            "selection.conflict.declared", actor=actor, obj=conflict, extra={"reason": reason}
        )
    return conflict
