"""A round's 考察概况 and a cadre's portrait (干部画像): counts and averages in SQL over the
members the user may see, from the results stored when each round closed."""

from decimal import Decimal

from django.db.models import Avg, Count, F, Q
from django.utils.translation import gettext as _

from qingmiao.accounts import scoping

from .. import scoring_rounds
from ..models import DimensionScore, Round, RoundMember

# Score bands of the distribution, on the percent scale: [low, high).
BANDS = ((90, 101), (80, 90), (70, 80), (60, 70), (0, 60))


def _members(user, round_: Round):
    return scoping.visible(user, RoundMember).filter(round=round_)


def progress(user, round_: Round) -> dict:
    row = _members(user, round_).aggregate(
        members=Count("pk"),
        scored=Count("pk", filter=Q(scored_at__isnull=False)),
        hosted=Count("pk", filter=Q(assignment__host_contact__isnull=False)),
        host_done=Count("pk", filter=Q(host_at__isnull=False)),
    )
    row["left"] = row["members"] - row["scored"]
    return row


def band_label(low: int, high: int) -> str:
    return f"{low}—{min(high, 100)}"


def summary(user, round_: Round) -> dict:
    """Score distribution, movement since the last round and each dimension's average."""
    members = _members(user, round_)
    bands = {
        f"b{low}": Count("pk", filter=Q(total__gte=low, total__lt=high)) for low, high in BANDS
    }
    row = members.aggregate(
        **bands,
        ranked=Count("pk", filter=Q(rank__isnull=False)),
        up=Count("pk", filter=Q(rank__isnull=False, previous_rank__gt=F("rank"))),
        down=Count("pk", filter=Q(rank__isnull=False, previous_rank__lt=F("rank"))),
        same=Count("pk", filter=Q(rank__isnull=False, previous_rank=F("rank"))),
        new=Count("pk", filter=Q(rank__isnull=False, previous_rank__isnull=True)),
        average=Avg("total"),
        best=Count("pk", filter=Q(rank=1)),
    )
    distribution = [[band_label(low, high), row[f"b{low}"]] for low, high in BANDS]
    dimensions = list(
        DimensionScore.objects.filter(member__in=members.values("pk"))
        .values("dimension__name", "dimension__order")
        .annotate(average=Avg("value"))
        .order_by("dimension__order")
    )
    return {
        "distribution": distribution,
        "movement": {k: row[k] for k in ("up", "down", "same", "new")},
        "ranked": row["ranked"],
        "average": scoring_rounds.q(row["average"]) if row["average"] is not None else None,
        "dimensions": [
            {"name": d["dimension__name"], "average": scoring_rounds.q(d["average"])}
            for d in dimensions
        ],
        "progress": progress(user, round_),
    }


def portrait(user, cadre, *, months: int = 12) -> dict | None:
    """The cadre's latest closed round: each dimension's score against the average of the
    cohort that month; and the trend of totals and ranks over their closed rounds."""
    rows = list(
        scoping.visible(user, RoundMember)
        .filter(cadre=cadre, round__status=Round.Status.CLOSED)
        .select_related("round__version")
        .order_by("-round__month", "-pk")[:months]
    )
    if not rows:
        return None
    latest = rows[0]
    own = {
        s.dimension_id: s.value
        for s in DimensionScore.objects.filter(member=latest).select_related("dimension")
    }
    cohort = {
        d["dimension_id"]: d["average"]
        for d in DimensionScore.objects.filter(member__round=latest.round_id)
        .values("dimension_id")
        .annotate(average=Avg("value"))
        .order_by()
    }
    dims = list(latest.round.version.dimensions.all())
    high = latest.round.version.scale_max
    radar = [
        {
            "name": d.name,
            "own": own.get(d.pk),
            "average": scoring_rounds.q(cohort[d.pk]) if d.pk in cohort else None,
        }
        for d in dims
    ]
    trend = [
        {"round": r, "month": r.round.month, "total": r.total, "rank": r.rank,
         "cumulative": r.cumulative, "members": None}
        for r in reversed(rows)
    ]  # fmt: skip
    return {
        "latest": latest,
        "radar": radar,
        "radar_chart": {
            "indicators": [{"name": d.name, "max": float(high)} for d in dims],
            "series": [
                {"name": str(cadre.name), "data": [_f(r["own"]) for r in radar]},
                {"name": str(_("同批平均")), "data": [_f(r["average"]) for r in radar]},
            ],
        },
        "trend": trend,
    }


def _f(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None
