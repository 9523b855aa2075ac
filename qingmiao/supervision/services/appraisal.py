"""Annual appraisal (年度考核): units propose a grade per cadre, the organization department
confirms, and the confirmed grade goes on the cadre's record (cadres.Appraisal).

Proposals are saved all-or-nothing (a page's formset and an .xlsx import both arrive here as
rows), with the 优秀 quota of each unit checked on the unit's grades as they will stand after
the save (see appraisal_quota). Confirmation checks the quota again and writes the record in
the same transaction, audited.
"""

from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingmiao.accounts import audit, scoping
from qingmiao.cadres.models import Appraisal, Cadre, OrgUnit

from .. import appraisal_quota, notifications_evaluation
from ..models import AppraisalProposal, AppraisalQuota

YEAR_MIN, YEAR_MAX = 2000, 2100


def require(actor, perm: str) -> None:
    if not actor.has_perm(perm):
        raise PermissionDenied(perm)


def _check_year(year) -> int:
    if not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        raise ValidationError({"year": _("请填写正确的年度。")})
    return year


@transaction.atomic
def appraisals_propose(*, actor, year: int, rows: list[dict]) -> int:
    """Save the grades of `rows` ({cadre, grade, note}) for `year`, all or none.

    A row names a cadre the actor can see; a confirmed grade cannot be changed here. Errors
    name the row (`rows.<i>.<field>`); a unit over its 优秀 quota is refused as a whole, with
    the figures. Returns the number of grades saved."""
    require(actor, "supervision.propose_appraisal")
    _check_year(year)
    cadre_ids = [r["cadre"].pk for r in rows if isinstance(r.get("cadre"), Cadre)]
    visible = set(
        scoping.visible(actor, Cadre).filter(pk__in=cadre_ids).values_list("pk", flat=True)
    )
    existing = {
        p.cadre_id: p
        for p in AppraisalProposal.objects.select_for_update().filter(
            year=year, cadre_id__in=cadre_ids
        )
    }
    errors: dict = {}
    seen: set[int] = set()
    for i, row in enumerate(rows):
        cadre = row.get("cadre")
        if not isinstance(cadre, Cadre) or cadre.pk not in visible:
            errors[f"rows.{i}.cadre"] = _("不是您可以考核的干部。")
            continue
        if cadre.pk in seen:
            errors[f"rows.{i}.cadre"] = _("同一名干部出现了两次。")
        seen.add(cadre.pk)
        if row.get("grade") not in Appraisal.Result.values:
            errors[f"rows.{i}.grade"] = _("请选择考核等次。")
        if len(row.get("note") or "") > 200:
            errors[f"rows.{i}.note"] = _("说明不超过 200 字。")
        current = existing.get(cadre.pk)
        if (
            current is not None
            and current.status == AppraisalProposal.Status.CONFIRMED
            and current.grade != row.get("grade")
        ):
            errors[f"rows.{i}.grade"] = _("该等次已经确认，不能再修改。")
    if errors:
        raise ValidationError(errors)
    changing = [r for r in rows if _changes(existing.get(r["cadre"].pk), r)]
    _check_quota(year, {r["cadre"].pk: (r["cadre"].unit_id, r["grade"]) for r in changing})
    for row in changing:
        cadre = row["cadre"]
        AppraisalProposal.objects.update_or_create(
            cadre=cadre,
            year=year,
            defaults={
                "unit_id": cadre.unit_id,
                "grade": row["grade"],
                "note": row.get("note") or "",
                "proposed_by": actor,
            },
        )
    audit.record(
        "supervision.appraisal.proposed",
        actor=actor,
        extra={
            "year": year,
            "count": len(changing),
            "grades": {str(r["cadre"].pk): r["grade"] for r in changing},
        },
    )
    return len(changing)


def _changes(current: AppraisalProposal | None, row: dict) -> bool:
    if current is None:
        return True
    if current.status == AppraisalProposal.Status.CONFIRMED:
        return False
    return (current.grade, current.note, current.unit_id) != (
        row["grade"],
        row.get("note") or "",
        row["cadre"].unit_id,
    )


def _check_quota(year: int, changes: dict[int, tuple[int, str]]) -> None:
    """Each unit touched, with its grades as they will stand, within the 优秀 quota."""
    if not changes:
        return
    percent = appraisal_quota.percent_for(year)
    units = {unit for unit, _grade in changes.values()}
    final: dict[int, dict[int, str]] = defaultdict(dict)
    for cadre_id, unit_id, grade in AppraisalProposal.objects.filter(
        year=year, unit_id__in=units
    ).values_list("cadre_id", "unit_id", "grade"):
        final[unit_id][cadre_id] = grade
    for cadre_id, (unit_id, grade) in changes.items():
        for grades in final.values():
            grades.pop(cadre_id, None)  # a cadre who moved unit counts in the new one only
        final[unit_id][cadre_id] = grade
    names = dict(OrgUnit.objects.filter(pk__in=units).values_list("pk", "name"))
    refused = []
    for unit_id in sorted(units):
        excellent, graded, within = appraisal_quota.check(final[unit_id].values(), percent)
        if not within:
            refused.append(
                appraisal_quota.over_quota_message(names[unit_id], excellent, graded, percent)
            )
    if refused:
        raise ValidationError(refused)


@transaction.atomic
def appraisals_confirm(*, actor, unit: OrgUnit, year: int) -> int:
    """Confirm every pending grade of one unit and year and write them onto the cadres'
    records (cadres.Appraisal), in one transaction; the quota is checked again first."""
    require(actor, "supervision.manage_appraisals")
    _check_year(year)
    if not scoping.visible(actor, OrgUnit).filter(pk=unit.pk).exists():
        raise PermissionDenied("unit outside scope")
    pending = list(
        # Lock the proposals only: the proposer is joined for the notice, and may be empty.
        AppraisalProposal.objects.select_for_update(of=("self",))
        .filter(unit=unit, year=year, status=AppraisalProposal.Status.PROPOSED)
        .select_related("proposed_by")
    )
    if not pending:
        raise ValidationError(_("该单位没有待确认的考核等次。"))
    percent = appraisal_quota.percent_for(year)
    grades = AppraisalProposal.objects.filter(unit=unit, year=year).values_list("grade", flat=True)
    excellent, graded, within = appraisal_quota.check(grades, percent)
    if not within:
        raise ValidationError(
            appraisal_quota.over_quota_message(unit.name, excellent, graded, percent)
        )
    now = timezone.now()
    for proposal in pending:
        Appraisal.objects.update_or_create(
            cadre_id=proposal.cadre_id, year=year, defaults={"result": proposal.grade}
        )
        proposal.status = AppraisalProposal.Status.CONFIRMED
        proposal.confirmed_by = actor
        proposal.confirmed_at = now
    AppraisalProposal.objects.bulk_update(pending, ["status", "confirmed_by", "confirmed_at"])
    audit.record(
        "supervision.appraisal.confirmed",
        actor=actor,
        obj=unit,
        extra={
            "year": year,
            "count": len(pending),
            "grades": {str(p.cadre_id): p.grade for p in pending},
        },
    )
    proposers = {p.proposed_by for p in pending if p.proposed_by is not None}
    if proposers:
        notifications_evaluation.appraisal_confirmed(unit, year, len(pending), proposers)
    return len(pending)


@transaction.atomic
def appraisal_quota_set(*, actor, year: int, percent: int) -> AppraisalQuota:
    require(actor, "supervision.manage_appraisals")
    _check_year(year)
    if not isinstance(percent, int) or not 1 <= percent <= 100:
        raise ValidationError({"percent": _("优秀比例须在 1% 至 100% 之间。")})
    row, _created = AppraisalQuota.objects.get_or_create(year=year)
    before = row.excellent_percent
    row.excellent_percent = percent
    row.save()
    audit.record(
        "supervision.appraisal.quota_set",
        actor=actor,
        obj=row,
        changes={"excellent_percent": {"before": before, "after": percent}},
    )
    return row
