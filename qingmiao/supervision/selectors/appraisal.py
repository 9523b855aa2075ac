"""Scoped reads of the annual appraisal: proposals, a unit's entry sheet, the units waiting for
confirmation, and each unit's 优秀 standing against its quota (counted in SQL)."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from qingmiao.accounts import scoping
from qingmiao.cadres.models import Appraisal, Cadre, OrgUnit

from .. import appraisal_quota
from ..models import AppraisalProposal

EXCELLENT = Appraisal.Result.EXCELLENT
UNRATED = Appraisal.Result.UNRATED


def proposals(user) -> QuerySet[AppraisalProposal]:
    return scoping.visible(user, AppraisalProposal).select_related("cadre", "unit")


def units(user) -> QuerySet[OrgUnit]:
    """The units whose grades the user may enter or confirm: their subtree."""
    return scoping.visible(user, OrgUnit).order_by("path")


def unit_get(user, pk) -> OrgUnit:
    return scoping.get_visible_or_404(user, OrgUnit, pk=pk)


def entry_cadres(user, unit: OrgUnit) -> list[Cadre]:
    """The unit's own serving cadres (not its sub-units'), in the user's scope, by name."""
    return list(
        scoping.visible(user, Cadre)
        .filter(unit=unit, is_active=True)
        .select_related("unit")
        .order_by("name_pinyin", "pk")
    )


def proposals_of(cadres, year: int) -> dict[int, AppraisalProposal]:
    return {
        p.cadre_id: p
        for p in AppraisalProposal.objects.filter(year=year, cadre__in=[c.pk for c in cadres])
    }


def unit_standing(unit: OrgUnit, year: int) -> dict:
    """Graded, 优秀 and the quota of one unit for a year (one aggregate query)."""
    row = AppraisalProposal.objects.filter(unit=unit, year=year).aggregate(
        graded=Count("pk", filter=~Q(grade=UNRATED)),
        excellent=Count("pk", filter=Q(grade=EXCELLENT)),
        pending=Count("pk", filter=Q(status=AppraisalProposal.Status.PROPOSED)),
    )
    percent = appraisal_quota.percent_for(year)
    return {**row, "percent": percent, "quota": appraisal_quota.quota(row["graded"], percent)}


def pending_units(user, year: int) -> list[dict]:
    """Units with grades waiting for confirmation, with their figures (one grouped query)."""
    percent = appraisal_quota.percent_for(year)
    rows = (
        proposals(user)
        .filter(year=year)
        .values("unit_id", "unit__name")
        .annotate(
            graded=Count("pk", filter=~Q(grade=UNRATED)),
            excellent=Count("pk", filter=Q(grade=EXCELLENT)),
            pending=Count("pk", filter=Q(status=AppraisalProposal.Status.PROPOSED)),
            total=Count("pk"),
        )
        .filter(pending__gt=0)
        .order_by("unit__name")
    )
    return [
        {**r, "quota": appraisal_quota.quota(r["graded"], percent), "percent": percent}
        for r in rows
    ]


def confirm_unit_get(user, pk) -> OrgUnit:
    if not user.has_perm("supervision.manage_appraisals"):
        raise Http404
    return unit_get(user, pk)
