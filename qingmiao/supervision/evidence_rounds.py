"""The figures cultivation already holds for a cadre over a period, shown beside the scoring as
evidence (never typed twice): hours attended, mentoring logs, deliverables and those adopted,
registered capital brought in, problems solved.

Each figure follows cultivation's own rule: hours are the credited hours of the sessions that
started in the period (cultivation/hours.py writes them), a result is credited to the cadres it
names or, naming none, to its team's members (cultivation/selectors/results_rollup.py), counted
by cultivation's grouped roll-up. The caller decides who may see the figures (a member of a
round the user may see, a cadre record the user may read); the items behind them open through
cultivation's own scoped pages.
"""

import calendar
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone

from qingmiao.cultivation.models import (
    Attendance,
    Deliverable,
    InvestmentRecord,
    MentoringLog,
    ProblemSolved,
)
from qingmiao.cultivation.selectors.results_breakdown import grouped
from qingmiao.cultivation.selectors.results_rollup import credited_to

FIGURES = ("hours", "logs", "deliverables", "adopted", "capital", "problems")
ITEMS_SHOWN = 30


def month_range(month: date) -> tuple[date, date]:
    return month.replace(day=1), month.replace(day=calendar.monthrange(month.year, month.month)[1])


def year_range(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _instants(first: date, last: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(first, time.min))
    end = timezone.make_aware(datetime.combine(last, time.max))
    return start, end


def _empty() -> dict:
    return {"hours": Decimal("0"), "logs": 0, "deliverables": 0, "adopted": 0,
            "capital": Decimal("0.00"), "problems": 0}  # fmt: skip


def figures(cadre_ids, first: date, last: date) -> dict[int, dict]:
    """{cadre id: figures} for the period; five queries whatever the number of cadres."""
    ids = list(cadre_ids)
    out = {pk: _empty() for pk in ids}
    start, end = _instants(first, last)
    hours = (
        Attendance.objects.filter(
            cadre_id__in=ids, session__starts_at__gte=start, session__starts_at__lte=end
        )
        .values("cadre_id")
        .annotate(total=Sum("credited_hours"))
        .order_by()
    )
    for row in hours:
        out[row["cadre_id"]]["hours"] = row["total"] or Decimal("0")
    logs = (
        MentoringLog.objects.filter(pair__mentee_id__in=ids, date__range=(first, last))
        .values("pair__mentee_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in logs:
        out[row["pair__mentee_id"]]["logs"] = row["n"]
    credited = {
        Deliverable: credited_to(Deliverable, {"pk__in": ids}),
        InvestmentRecord: credited_to(InvestmentRecord, {"pk__in": ids}),
        ProblemSolved: credited_to(ProblemSolved, {"pk__in": ids}),
    }
    results = grouped(
        "cadre",
        Deliverable.objects.filter(credited[Deliverable], submitted_on__range=(first, last)),
        InvestmentRecord.objects.filter(credited[InvestmentRecord], date__range=(first, last)),
        ProblemSolved.objects.filter(credited[ProblemSolved], date__range=(first, last)),
    )
    for pk, row in results.items():
        if pk in out:
            out[pk] |= {
                "deliverables": row["deliverables"],
                "adopted": row["adopted"],
                "capital": row["capital"],
                "problems": row["problems"],
            }
    return out


def items(cadre, first: date, last: date) -> dict:
    """The rows behind one cadre's figures for the period (the latest first, a page each)."""
    start, end = _instants(first, last)
    one = {"pk": cadre.pk}
    return {
        "attendance": list(
            Attendance.objects.filter(
                cadre=cadre, session__starts_at__gte=start, session__starts_at__lte=end
            )
            .select_related("session__course")
            .order_by("-session__starts_at")[:ITEMS_SHOWN]
        ),
        "logs": list(
            MentoringLog.objects.filter(pair__mentee=cadre, date__range=(first, last))
            .select_related("pair__mentor")
            .order_by("-date", "-pk")[:ITEMS_SHOWN]
        ),
        "deliverables": list(
            Deliverable.objects.filter(
                credited_to(Deliverable, one), submitted_on__range=(first, last)
            )
            .prefetch_related("outcomes")
            .order_by("-submitted_on", "-pk")
            .distinct()[:ITEMS_SHOWN]
        ),
        "investments": list(
            InvestmentRecord.objects.filter(
                credited_to(InvestmentRecord, one), date__range=(first, last)
            )
            .order_by("-date", "-pk")
            .distinct()[:ITEMS_SHOWN]
        ),
        "problems": list(
            ProblemSolved.objects.filter(credited_to(ProblemSolved, one), date__range=(first, last))
            .order_by("-date", "-pk")
            .distinct()[:ITEMS_SHOWN]
        ),
    }
