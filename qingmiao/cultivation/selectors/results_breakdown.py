"""Results per unit and per cadre, grouped in SQL (the credit rule: see results_rollup).

Each kind of result is credited along two disjoint paths — the cadres named on it, or, when
none are named, its team's members — so each figure is two GROUP BY queries over the link
rows, added together. Per unit, a result credited to two cadres of the same unit must count
once: only the link row of the unit's lowest cadre id is kept (a NOT EXISTS on a lower one),
so every remaining row is one (result, unit) pair and plain COUNT/SUM are exact. Distinct
projects helped are counted over the UNION of both paths' (key, beneficiary) pairs.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum

from ..models import Deliverable, DeliverableOutcome, InvestmentRecord, ProblemSolved, TeamMember
from .results_rollup import KINDS, OUTCOMES, SETTLED, _m2m

_TEAM_RELATION = {
    Deliverable: "deliverables",
    InvestmentRecord: "investments",
    ProblemSolved: "problems_solved",
}
_ZERO = {"capital": Decimal("0.00"), "settled_capital": Decimal("0.00")}


def _measures(model, p: str) -> dict:
    """The figures of `model` reached through the path prefix `p` (e.g. 'deliverable__')."""
    if model is Deliverable:
        m = {"deliverables": Count(f"{p}id")}
        m |= {k: Count(f"{p}id", filter=Q(**{f"{p}kind": k})) for k in KINDS}
        m |= {
            k: Count(
                f"{p}id",
                filter=Exists(
                    DeliverableOutcome.objects.filter(deliverable=OuterRef(f"{p}id"), kind=k)
                ),
            )
            for k in OUTCOMES
        }
        return m
    if model is InvestmentRecord:
        settled = Q(**{f"{p}stage": SETTLED})
        return {
            "enterprises": Count(f"{p}id"),
            "settled": Count(f"{p}id", filter=settled),
            "capital": Sum(f"{p}registered_capital"),
            "settled_capital": Sum(f"{p}registered_capital", filter=settled),
        }
    return {"problems": Count(f"{p}id")}


def _named(model, rows: QuerySet, key: str) -> tuple[QuerySet, str]:
    """Link rows cadre → result for results with named cadres, one per (result, key)."""
    through, own = _m2m(model)
    links = through.objects.filter(**{f"{own}__in": rows.values("pk")})
    if key == "unit":
        lower = through.objects.filter(
            **{own: OuterRef(own)},
            cadre__unit=OuterRef("cadre__unit"),
            cadre_id__lt=OuterRef("cadre_id"),
        )
        links = links.filter(~Exists(lower))
    return links, f"{own}__"


def _teamed(model, rows: QuerySet, key: str) -> tuple[QuerySet, str]:
    """Member rows × their team's results that name nobody, one per (result, key)."""
    through, own = _m2m(model)
    unnamed = rows.filter(~Exists(through.objects.filter(**{own: OuterRef("pk")})))
    relation = _TEAM_RELATION[model]
    links = TeamMember.objects.filter(**{f"team__{relation}__in": unnamed.values("pk")})
    if key == "unit":
        lower = TeamMember.objects.filter(
            team=OuterRef("team"),
            cadre__unit=OuterRef("cadre__unit"),
            cadre_id__lt=OuterRef("cadre_id"),
        )
        links = links.filter(~Exists(lower))
    return links, f"team__{relation}__"


def _key(key: str):
    return F("cadre__unit_id") if key == "unit" else F("cadre_id")


def grouped(key: str, d: QuerySet, inv: QuerySet, prob: QuerySet) -> dict[int, dict]:
    """{unit id or cadre id: flat figures} over the three visible, narrowed querysets."""
    out: dict[int, dict] = defaultdict(dict)
    projects: dict[int, set] = defaultdict(set)
    for model, rows in ((Deliverable, d), (InvestmentRecord, inv), (ProblemSolved, prob)):
        pair_queries = []
        for path in (_named, _teamed):
            links, p = path(model, rows, key)
            figures = _measures(model, p)
            for row in links.order_by().values(k=_key(key)).annotate(**figures):
                bucket = out[row["k"]]
                for name in figures:
                    bucket[name] = bucket.get(name, 0) + (row[name] or 0)
            if model is ProblemSolved:
                pair_queries.append(
                    links.filter(**{f"{p}beneficiary_kind": ProblemSolved.BeneficiaryKind.PROJECT})
                    .order_by()
                    .values_list(_key(key), f"{p}beneficiary")
                )
        if pair_queries:
            for k, beneficiary in pair_queries[0].union(pair_queries[1]):
                projects[k].add(beneficiary)
    names = ["deliverables", *KINDS, *OUTCOMES, "enterprises", "settled", "capital",
             "settled_capital", "problems", "projects"]  # fmt: skip
    result = {}
    for k, bucket in out.items():
        bucket["projects"] = len(projects.get(k, ()))
        result[k] = {n: bucket.get(n, _ZERO.get(n, 0)) for n in names}
        for money in ("capital", "settled_capital"):
            result[k][money] = Decimal(result[k][money]).quantize(Decimal("0.01"))
    return result
