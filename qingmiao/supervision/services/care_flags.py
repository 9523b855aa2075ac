"""Care flags (关爱对象标记): derived ones rewritten from the record, hand-set ones with a reason,
and the rules the derivation follows."""

from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingmiao.accounts import audit
from qingmiao.cadres.models import Cadre, FamilyMember, OrgUnit
from qingmiao.core import jobs

from .. import care_rules
from ..models import CareFlag, CareRules, FlagKind

CHUNK = 2000
FEW = 50  # up to this many records, read only what they need


def require(actor, perm: str) -> None:
    if not actor.has_perm(perm):
        raise PermissionDenied(perm)


def flags_refresh(cadre_ids: Iterable[int] | None = None, *, today=None) -> dict:
    """Rewrite the derived flags of the given cadres (everyone when None) from their records:
    flags no longer earned are removed, new ones added, changed bases updated. Hand-set flags
    are never touched. Returns {'added': n, 'removed': n, 'cadres': n}."""
    today = today or timezone.localdate()
    current = care_rules.rules()
    remote = list(
        OrgUnit.objects.filter(code__in=CareRules.lines(current.remote_unit_codes)).values_list(
            "path", flat=True
        )
    )
    cadres = Cadre.objects.order_by("pk")
    if cadre_ids is not None and len(cadre_ids := list(cadre_ids)) <= FEW:
        # One record saved: read only its units and the names of their provinces.
        cadres = cadres.filter(pk__in=cadre_ids)
        unit_of = care_rules.units(remote, set(cadres.values_list("unit_id", flat=True)))
        provinces = {u.region[:2] for u in unit_of.values() if u.region}
        g = care_rules.Gazetteer.load(current, provinces)
    else:
        if cadre_ids is not None:
            cadres = cadres.filter(pk__in=cadre_ids)
        unit_of = care_rules.units(remote)
        g = care_rules.Gazetteer.load(current)
    fields = ("pk", "unit_id", "native_place", "household_registration", "spouse_location")
    added = removed = seen = 0
    ids = list(cadres.values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        with transaction.atomic():
            a, r = _refresh_chunk(g, unit_of, chunk, fields, today)
        added, removed, seen = added + a, removed + r, seen + len(chunk)
    return {"added": added, "removed": removed, "cadres": seen}


def _refresh_chunk(g, unit_of, chunk, fields, today) -> tuple[int, int]:
    spouse_posts = defaultdict(list)
    for cadre_id, post in FamilyMember.objects.filter(
        care_rules.spouse_q(), cadre_id__in=chunk
    ).values_list("cadre_id", "work_unit_post"):
        spouse_posts[cadre_id].append(post)
    wanted = {}
    for row in Cadre.objects.filter(pk__in=chunk).values(*fields, "hire_date"):
        unit = unit_of.get(row["unit_id"]) or care_rules.Unit(None, False)
        for kind, basis in care_rules.derive(g, unit, row, spouse_posts[row["pk"]], today).items():
            wanted[(row["pk"], str(kind))] = basis[:200]
    have = {
        (f.cadre_id, f.kind): f
        for f in CareFlag.objects.filter(cadre_id__in=chunk, source=CareFlag.Source.DERIVED)
    }
    gone = [f.pk for key, f in have.items() if key not in wanted]
    if gone:
        CareFlag.objects.filter(pk__in=gone).delete()
    changed = [f for key, f in have.items() if key in wanted and f.basis != wanted[key]]
    for f in changed:
        f.basis = wanted[(f.cadre_id, f.kind)]
    if changed:
        CareFlag.objects.bulk_update(changed, ["basis"])
    new = [
        CareFlag(cadre_id=cadre_id, kind=kind, source=CareFlag.Source.DERIVED, basis=basis)
        for (cadre_id, kind), basis in wanted.items()
        if (cadre_id, kind) not in have
    ]
    CareFlag.objects.bulk_create(new)
    return len(new), len(gone)


@jobs.job_handler
def flags_refresh_job(job):
    """The refresh over everyone after the rules change, outside the request."""
    job.progress(0, 1, _("正在重新认定关爱对象"))
    result = flags_refresh()
    job.progress(1, 1, _("已重新认定 %(n)s 名干部") % {"n": result["cadres"]})


@transaction.atomic
def care_rules_update(*, actor, data: dict) -> CareRules:
    """Save the rules; the flags of everyone are derived again by a background job."""
    require(actor, "supervision.manage_care")
    years = data.get("recent_years")
    if years is None or not 1 <= int(years) <= 10:
        raise ValidationError({"recent_years": _("新录用年限应在 1 至 10 年之间。")})
    codes = CareRules.lines(data.get("remote_unit_codes", ""))
    known = set(OrgUnit.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ValidationError(
            {
                "remote_unit_codes": _("没有这些单位代码：%(codes)s。")
                % {"codes": "、".join(unknown)}
            }
        )
    current = care_rules.rules()
    before = {} if current._state.adding else audit.snapshot(current)
    current.local_places = "\n".join(CareRules.lines(data.get("local_places", "")))
    current.remote_unit_codes = "\n".join(codes)
    current.recent_years = int(years)
    current.save()
    audit.record(
        "supervision.care.rules_updated",
        actor=actor,
        obj=current,
        changes=audit.diff(before, audit.snapshot(current)),
    )
    jobs.job_start(actor=actor, handler=flags_refresh_job, title=_("重新认定关爱对象"))
    return current


@transaction.atomic
def care_flag_set(*, actor, cadre: Cadre, kind: str, reason: str) -> CareFlag:
    """Mark a cadre by hand, with the reason (a case the record cannot show)."""
    require(actor, "supervision.manage_care")
    errors = {}
    if kind not in FlagKind.values:
        errors["kind"] = _("请选择关爱类别。")
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = _("请写明标记的理由。")
    if errors:
        raise ValidationError(errors)
    if CareFlag.objects.filter(cadre=cadre, kind=kind, source=CareFlag.Source.MANUAL).exists():
        raise ValidationError({"kind": _("已人工标记过此类别。")})
    flag = CareFlag.objects.create(
        cadre=cadre, kind=kind, source=CareFlag.Source.MANUAL, basis=reason[:200], set_by=actor
    )
    audit.record(
        "supervision.care.flag_set",
        actor=actor,
        obj=cadre,
        extra={"kind": kind, "reason": reason[:200]},
    )
    return flag


@transaction.atomic
def care_flag_clear(*, actor, flag: CareFlag, reason: str) -> None:
    """Remove a hand-set flag, with the reason. Derived flags follow the record: correct the
    record instead."""
    require(actor, "supervision.manage_care")
    if flag.source != CareFlag.Source.MANUAL:
        raise ValidationError({"reason": _("按档案认定的标记随档案变化，请更正干部档案。")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请写明取消标记的理由。")})
    cadre = flag.cadre
    kind = flag.kind
    flag.delete()
    audit.record(
        "supervision.care.flag_cleared",
        actor=actor,
        obj=cadre,
        extra={"kind": kind, "reason": reason[:200]},
    )
