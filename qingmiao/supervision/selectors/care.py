"""Scoped reads of care (关心关爱): the ledger, one case, the counts by kind and outcome, the
follow-ups due, a cadre's flags. Every read goes through the scoping layer; the callers audit
what they show (services.care.care_viewed)."""

from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet

from qingmiao.accounts import scoping
from qingmiao.cadres.models import Cadre

from ..models import CareCase, CareFlag, CareFollowUp, CareKind, CareStatus

DUE_SOON_DAYS = 14


def case_queryset(user) -> QuerySet[CareCase]:
    return scoping.visible(user, CareCase).select_related("cadre", "cadre__unit", "owner")


def case_get(user, pk) -> CareCase:
    """A care case the user may read, or 404 (out of scope is never a 403)."""
    return scoping.get_visible_or_404(
        user,
        CareCase.objects.select_related(
            "cadre", "cadre__unit", "owner", "created_by"
        ).prefetch_related(
            Prefetch("follow_ups", queryset=CareFollowUp.objects.select_related("done_by"))
        ),
        pk=pk,
    )


def follow_up_get(user, pk) -> CareFollowUp:
    return scoping.get_visible_or_404(
        user, CareFollowUp.objects.select_related("case", "case__owner", "case__cadre"), pk=pk
    )


def cadre_get(user, pk) -> Cadre:
    """A cadre whose care the user may handle: in scope, and the user holds the capability."""
    return scoping.get_visible_or_404(user, Cadre.objects.select_related("unit"), pk=pk)


def with_flags(queryset: QuerySet[CareCase]) -> QuerySet[CareCase]:
    return queryset.prefetch_related(
        Prefetch("cadre__care_flags", queryset=CareFlag.objects.order_by("kind", "source"))
    )


def flagged(kind: str):
    """Cases of cadres carrying a flag of this kind (derived or by hand)."""
    return Exists(CareFlag.objects.filter(cadre_id=OuterRef("cadre_id"), kind=kind))


def counts(user) -> dict:
    """Cases by kind and status, in one aggregate: {'rows': [(kind, label, [(status, n)],
    total)], 'totals': [(status, n)], 'total': n}, every kind and status present (0 if none)."""
    cells = {
        (r["kind"], r["status"]): r["n"]
        for r in scoping.visible(user, CareCase)
        .order_by()
        .values("kind", "status")
        .annotate(n=Count("pk"))
    }
    rows = []
    totals = dict.fromkeys(CareStatus.values, 0)
    for kind, label in CareKind.choices:
        by_status = [(s, cells.get((kind, s), 0)) for s in CareStatus.values]
        for s, n in by_status:
            totals[s] += n
        rows.append((kind, label, by_status, sum(n for _s, n in by_status)))
    return {"rows": rows, "totals": list(totals.items()), "total": sum(totals.values())}


def flag_counts(user) -> list[tuple]:
    """Cadres flagged per kind (each cadre once per kind), in the user's scope."""
    from ..models import FlagKind

    cells = dict(
        scoping.visible(user, CareFlag)
        .order_by()
        .values("kind")
        .annotate(n=Count("cadre_id", distinct=True))
        .values_list("kind", "n")
    )
    return [(k, label, cells.get(k, 0)) for k, label in FlagKind.choices]


def due(
    user, today: date, *, days: int = DUE_SOON_DAYS, owner=None, cadres=None, limit: int = 8
) -> dict:
    """Open cases whose next step falls due within `days` (or is overdue), soonest first."""
    qs = case_queryset(user).filter(
        status=CareStatus.ONGOING, next_due__lte=today + timedelta(days=days)
    )
    if owner is not None:
        qs = qs.filter(owner=owner)
    if cadres is not None:
        qs = qs.filter(cadre__in=cadres)
    return {
        "rows": list(qs.order_by("next_due", "pk")[:limit]),
        "count": qs.count(),
        "overdue": qs.filter(next_due__lt=today).count(),
        "today": today,
    }


def cadre_cases(user, cadre: Cadre) -> list[CareCase]:
    return list(case_queryset(user).filter(cadre=cadre).order_by("-opened_on", "-pk"))


def cadre_flags(user, cadre: Cadre) -> list[CareFlag]:
    return list(
        scoping.visible(user, CareFlag)
        .filter(cadre=cadre)
        .select_related("set_by")
        .order_by("kind", "source")
    )


def cadre_cases_with_follow_ups(user, cadre: Cadre) -> list[CareCase]:
    return list(
        case_queryset(user)
        .filter(cadre=cadre)
        .prefetch_related("follow_ups")
        .order_by("opened_on", "pk")
    )
