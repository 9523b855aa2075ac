"""The growth record (成长纪实档案): one cadre's timeline merged from every registered source,
and its yearly summary.

Whoever may read the cadre's record may read their growth record (the cadre their own, a mentor
their mentees, staff their unit subtree); each source then shows only what its own scope lets
the reader see (care only to those who hold the right to see care records).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from qingmiao.accounts import scoping
from qingmiao.cadres.models import Cadre

from ..timeline import KINDS, SOURCES, Event

# Figures a year's summary adds up from its events (see the sources' `figures`).
FIGURES = ("hours", "logs", "deliverables", "adopted", "capital", "problems")


def record_cadre_get(user, pk) -> Cadre:
    """The cadre whose growth record the user may read, or 404."""
    return scoping.get_visible_or_404(
        user, Cadre.objects.select_related("unit", "gender", "rank"), pk=pk
    )


def own_cadre(user) -> Cadre | None:
    if not user.is_authenticated:
        return None
    return scoping.visible(user, Cadre).filter(user=user).select_related("unit").first()


def parse_filters(params) -> tuple[list[str], int | None]:
    """The kinds and the year a query string asks for; unknown kinds and bad years are 400s
    for the API and ignored by the page (see the views)."""
    kinds = [k for k in params.getlist("kind") if k]
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise ValueError("kind")
    raw = params.get("year") or ""
    year = None
    if raw:
        if not raw.isdigit() or not 1950 <= int(raw) <= 2100:
            raise ValueError("year")
        year = int(raw)
    return kinds, year


def timeline(user, cadre: Cadre, *, kinds=None, year: int | None = None) -> list[Event]:
    """Every source's events for the cadre, oldest first (kinds in their listed order on the
    same day)."""
    events: list[Event] = []
    for source in SOURCES.values():
        events += source(user, cadre, kinds=kinds or None, year=year)
    order = {k: i for i, k in enumerate(KINDS)}
    return sorted(events, key=lambda e: (e.day, order.get(e.kind, 99)))


@dataclass
class YearSummary:
    year: int
    counts: dict = field(default_factory=dict)  # kind → events
    figures: dict = field(default_factory=dict)  # FIGURES → sum
    total: int = 0


def summary(events: list[Event]) -> list[YearSummary]:
    """Counts per kind and the key figures per year, newest year first."""
    years: dict[int, YearSummary] = {}
    for e in events:
        y = years.setdefault(
            e.day.year,
            YearSummary(e.day.year, defaultdict(int), {f: Decimal(0) for f in FIGURES}),
        )
        y.counts[e.kind] += 1
        y.total += 1
        for name in FIGURES:
            if name in e.figures:
                y.figures[name] += Decimal(e.figures[name])
    out = sorted(years.values(), key=lambda y: -y.year)
    for y in out:
        y.counts = dict(y.counts)
    return out


def years_of(events: list[Event]) -> list[int]:
    return sorted({e.day.year for e in events}, reverse=True)


def by_year(events: list[Event]) -> list[tuple[int, list[Event]]]:
    grouped: dict[int, list[Event]] = defaultdict(list)
    for e in events:
        grouped[e.day.year].append(e)
    return sorted(grouped.items())


def narrowed(events: list[Event], kinds=None, year: int | None = None) -> list[Event]:
    """The events of the kinds and year asked for (the summary keeps the whole record)."""
    return [
        e for e in events if (not kinds or e.kind in kinds) and (year is None or e.day.year == year)
    ]


def record(user, cadre: Cadre, *, kinds=None, year: int | None = None) -> dict:
    """What the page and the API show: the timeline (narrowed), the years it spans, the
    summary of the whole record."""
    events = timeline(user, cadre)
    return {
        "events": narrowed(events, kinds, year),
        "years": years_of(events),
        "summary": summary(events),
        "total": len(events),
    }
