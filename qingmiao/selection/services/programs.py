from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingmiao.accounts import audit, scoping
from qingmiao.cadres.models import OrgUnit
from qingmiao.core.bulk import insert_rows

from ..models import (
    Application,
    EligibilityRule,
    Program,
    ProgramStatus,
    StageEntry,
    StageStatus,
    Track,
)
from ..selectors_funnel import funnel_changed
from ._common import require, require_manager

_FIELDS = [
    "name", "kind", "organizer", "description", "partner_institutions", "start_date", "end_date",
    "registration_opens", "registration_closes", "capacity", "entry_mode",
]  # fmt: skip


def _check_dates(program: Program) -> None:
    errors = {}
    if program.start_date and program.end_date and program.end_date < program.start_date:
        errors["end_date"] = _("结束日期不能早于开始日期。")
    if (
        program.registration_opens
        and program.registration_closes
        and program.registration_closes <= program.registration_opens
    ):
        errors["registration_closes"] = _("报名截止时间必须晚于报名开始时间。")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def program_create(*, actor, data: dict, tracks: Sequence[str] = ()) -> Program:
    require(actor, "selection.manage_program")
    if not scoping.visible(actor, OrgUnit).filter(pk=data["organizer"].pk).exists():
        raise ValidationError({"organizer": _("只能选择本单位及下属单位作为主办单位。")})
    program = Program(**{k: v for k, v in data.items() if k in _FIELDS}, created_by=actor)
    program.full_clean()
    _check_dates(program)
    program.save()
    EligibilityRule.objects.create(program=program)
    for i, name in enumerate(t.strip() for t in tracks):
        if name:
            Track.objects.create(program=program, name=name, sort=i)
    audit.record(
        "selection.program.created",
        actor=actor,
        obj=program,
        changes=audit.diff({}, audit.snapshot(program)),
    )
    return program


@transaction.atomic
def program_update(
    *, actor, program: Program, data: dict, tracks: list[str] | None = None
) -> Program:
    require_manager(actor, program)
    organizer = data.get("organizer")
    if (
        organizer is not None
        and not scoping.visible(actor, OrgUnit).filter(pk=organizer.pk).exists()
    ):
        raise ValidationError({"organizer": _("只能选择本单位及下属单位作为主办单位。")})
    program = Program.objects.select_for_update().get(pk=program.pk)
    before = audit.snapshot(program)
    for key, value in data.items():
        if key in _FIELDS:
            setattr(program, key, value)
    program.full_clean()
    _check_dates(program)
    program.save()
    if tracks is not None:
        _sync_tracks(program, tracks)
    changes = audit.diff(before, audit.snapshot(program))
    changes.pop("updated_at", None)
    audit.record("selection.program.updated", actor=actor, obj=program, changes=changes)
    return program


def _sync_tracks(program: Program, names: list[str]) -> None:
    names = [n.strip() for n in names if n.strip()]
    existing = {t.name: t for t in program.tracks.all()}
    for i, name in enumerate(names):
        track = existing.pop(name, None)
        if track is None:
            Track.objects.create(program=program, name=name, sort=i)
        elif track.sort != i:
            track.sort = i
            track.save(update_fields=["sort"])
    for track in existing.values():
        if track.applications.exists():
            raise ValidationError(
                {"tracks": _("赛道“%(name)s”已有报名，不能删除。") % {"name": track.name}}
            )
        track.delete()


@transaction.atomic
def rule_save(*, actor, program: Program, data: dict, m2m: dict) -> EligibilityRule:
    """Save the eligibility rule. Once registration has opened the rule is frozen, so that
    every applicant is judged by the rule that was announced."""
    require_manager(actor, program)
    if program.status != ProgramStatus.DRAFT:
        raise ValidationError(_("报名开始后不能再修改资格条件。"))
    rule, _created = EligibilityRule.objects.get_or_create(program=program)
    before = {**audit.snapshot(rule), **_m2m_snapshot(rule)}
    for key, value in data.items():
        setattr(rule, key, value)
    rule.full_clean()
    if rule.born_from and rule.born_to and rule.born_to < rule.born_from:
        raise ValidationError({"born_to": _("出生日期上限不能早于下限。")})
    if (
        rule.min_years_since_hire is not None
        and rule.max_years_since_hire is not None
        and rule.max_years_since_hire < rule.min_years_since_hire
    ):
        raise ValidationError({"max_years_since_hire": _("最多入职年限不能小于最少入职年限。")})
    rule.save()
    for name, values in m2m.items():
        getattr(rule, name).set(values)
    after = {**audit.snapshot(rule), **_m2m_snapshot(rule)}
    audit.record(
        "selection.rule.updated", actor=actor, obj=program, changes=audit.diff(before, after)
    )
    return rule


def _m2m_snapshot(rule: EligibilityRule) -> dict:
    return {
        name: sorted(str(x) for x in getattr(rule, name).all())
        for name in ("political_statuses", "units", "ranks", "required_tags")
    }


_TRANSITIONS = {
    (ProgramStatus.DRAFT, ProgramStatus.REGISTRATION_OPEN),
    (ProgramStatus.REGISTRATION_OPEN, ProgramStatus.RUNNING),
    (ProgramStatus.RUNNING, ProgramStatus.FINISHED),
}


@transaction.atomic
def program_transition(*, actor, program: Program, to: str) -> Program:
    """Move a program along draft → registration open → running → finished, refusing any step
    whose preconditions are not met (nothing changes then)."""
    require_manager(actor, program)
    program = Program.objects.select_for_update().get(pk=program.pk)
    current = program.status
    if (current, to) not in _TRANSITIONS:
        raise ValidationError(
            _("项目状态不能从“%(a)s”变为“%(b)s”。")
            % {"a": ProgramStatus(current).label, "b": ProgramStatus(to).label}
        )
    now = timezone.now()
    if to == ProgramStatus.REGISTRATION_OPEN:
        if not program.registration_closes or program.registration_closes <= now:
            raise ValidationError(
                {"registration_closes": _("请先设置一个尚未到期的报名截止时间。")}
            )
        if not program.stages.exists():
            raise ValidationError(_("请先设置至少一个关卡。"))
        if program.registration_opens is None or program.registration_opens > now:
            program.registration_opens = program.registration_opens or now
    elif to == ProgramStatus.RUNNING:
        pending = program.applications.filter(status=Application.Status.SUBMITTED).count()
        if pending:
            raise ValidationError(_("还有 %(n)s 份报名未完成资格审查。") % {"n": pending})
        if program.registration_closes and program.registration_closes > now:
            program.registration_closes = now  # closing registration early
        _admit_to_first_stage(program)
    elif to == ProgramStatus.FINISHED:
        open_stages = program.stages.exclude(status=StageStatus.DECIDED).count()
        if open_stages:
            raise ValidationError(_("还有 %(n)s 个关卡未确定晋级结果。") % {"n": open_stages})
    program.status = to
    program.save()
    funnel_changed(program)
    audit.record(
        "selection.program.transitioned",
        actor=actor,
        obj=program,
        changes={"status": {"before": current, "after": to}},
    )
    return program


def _admit_to_first_stage(program: Program) -> None:
    """Eligible applicants enter the first stage under random candidate codes (so that a code
    reveals neither name nor the order of application)."""
    import random

    first = program.stages.order_by("order").first()
    if first is None:
        raise ValidationError(_("请先设置至少一个关卡。"))
    eligible = list(
        program.applications.filter(status=Application.Status.ELIGIBLE).values_list("pk", flat=True)
    )
    if not eligible:
        raise ValidationError(_("没有通过资格审查的报名，无法开始。"))
    rng = random.Random(f"{program.pk}-{first.pk}")
    rng.shuffle(eligible)
    insert_rows(
        StageEntry,
        ("stage_id", "application_id", "code"),
        [(first.pk, pk, f"{first.order}{i + 1:04d}") for i, pk in enumerate(eligible)],
    )
    Application.objects.filter(pk__in=eligible).update(
        outcome=Application.Outcome.IN_PROGRESS, current_stage=first
    )
