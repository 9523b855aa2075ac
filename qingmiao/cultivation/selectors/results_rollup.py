"""Results rolled up per program, team, unit and cadre — counted and summed in SQL.

Who a result is credited to: the cadres named on it (a deliverable's authors, an investment's or
a problem's cadres); when none are named, the members of its team. A result counts once in any
total it belongs to: a deliverable written by two authors in two units counts once for each
unit, once for each author, and once in the program's total (so the units' figures may add up
to more than the program's, never the program's to more than the results). Year: the year a
deliverable was submitted, an investment record dated, a problem solved; "adopted"-type
counts and rates are over the deliverables of that year, whenever the outcome came.

Every function takes `(user, program=None, unit=None, year=None)`, reads only what the user may
see and returns plain dicts (numbers as int and Decimal), for pages, the API and dashboards.
"""

from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from qingmiao.accounts import scoping
from qingmiao.cadres.models import Cadre, OrgUnit

from ..models import Deliverable, DeliverableOutcome, InvestmentRecord, ProblemSolved, TeamMember

KINDS = Deliverable.Kind.values
OUTCOMES = DeliverableOutcome.Kind.values
SETTLED = InvestmentRecord.Stage.SETTLED
_CREDIT = {Deliverable: "authors", InvestmentRecord: "cadres", ProblemSolved: "cadres"}
_DATE = {Deliverable: "submitted_on", InvestmentRecord: "date", ProblemSolved: "date"}
_MONEY: DecimalField = DecimalField(max_digits=18, decimal_places=2)


def _m2m(model) -> tuple[Any, str]:
    """The credit relation's through model and the name of its column pointing at `model`."""
    field: Any = model._meta.get_field(_CREDIT[model])
    return field.remote_field.through, field.m2m_field_name()


def credited_to(model, cadre_filter: dict) -> Q:
    """Rows credited to the cadres matching `cadre_filter` (on the through table's `cadre`),
    by name or, when none is named, through their team."""
    through, own = _m2m(model)
    named = through.objects.filter(**{f"cadre__{k}": v for k, v in cadre_filter.items()})
    members = TeamMember.objects.filter(**{f"cadre__{k}": v for k, v in cadre_filter.items()})
    anyone_named = through.objects.filter(**{own: OuterRef("pk")})
    return Q(pk__in=named.values(own)) | (
        ~Exists(anyone_named) & Q(team_id__in=members.values("team_id"))
    )


def _scoped(user, model, program=None, unit=None, year=None) -> QuerySet:
    qs = scoping.visible(user, model)
    if program is not None:
        qs = qs.filter(program=program)
    if year:
        qs = qs.filter(**{f"{_DATE[model]}__year": int(year)})
    if unit is not None:
        subtree = OrgUnit.objects.filter(path__startswith=unit.path).values("pk")
        qs = qs.filter(credited_to(model, {"unit__in": subtree}))
    return qs


class _Count(Func):
    # COUNT(...) as a plain function: a scalar sub-select with no GROUP BY.
    function = "COUNT"
    output_field = IntegerField()


class _CountDistinct(Func):
    template = "COUNT(DISTINCT %(expressions)s)"
    output_field = IntegerField()


class _Sum(Func):
    function = "SUM"
    output_field = _MONEY


def _measures(d: QuerySet, inv: QuerySet, prob: QuerySet) -> dict[str, tuple[QuerySet, Func]]:
    """Each figure as (rows, aggregate), so that totals and breakdowns compute the same."""
    m: dict[str, tuple[QuerySet, Func]] = {"deliverables": (d, _Count(F("pk")))}
    for kind in KINDS:
        m[kind] = (d.filter(kind=kind), _Count(F("pk")))
    for kind in OUTCOMES:
        m[kind] = (d.filter(outcomes__kind=kind), _Count(F("pk")))
    settled = inv.filter(stage=SETTLED)
    m["enterprises"] = (inv, _Count(F("pk")))
    m["settled"] = (settled, _Count(F("pk")))
    m["capital"] = (inv, _Sum(F("registered_capital")))
    m["settled_capital"] = (settled, _Sum(F("registered_capital")))
    m["problems"] = (prob, _Count(F("pk")))
    m["projects"] = (
        prob.filter(beneficiary_kind=ProblemSolved.BeneficiaryKind.PROJECT),
        _CountDistinct(F("beneficiary")),
    )
    return m


def _scalar(rows: QuerySet, agg: Func):
    empty = Value(Decimal("0.00"), output_field=_MONEY) if isinstance(agg, _Sum) else Value(0)
    return Coalesce(
        Subquery(rows.order_by().annotate(v=agg).values("v")[:1]),
        empty,
        output_field=agg.output_field,
    )


def _rate(n: int, total: int) -> Decimal | None:
    if not total:
        return None
    return (Decimal(100) * n / total).quantize(Decimal("0.1"))


def _shape(values: dict) -> dict:
    """The flat figures as the nested plain dict every caller reads."""
    total = values["deliverables"]
    return {
        "deliverables": {"total": total, **{k: values[k] for k in KINDS}},
        "outcomes": {k: values[k] for k in OUTCOMES},
        "rates": {k: _rate(values[k], total) for k in OUTCOMES},
        "investment": {
            "enterprises": values["enterprises"],
            "settled": values["settled"],
            "capital": values["capital"],
            "settled_capital": values["settled_capital"],
        },
        "problems": {"total": values["problems"], "projects": values["projects"]},
    }


def _querysets(user, program, unit, year):
    return (
        _scoped(user, Deliverable, program, unit, year),
        _scoped(user, InvestmentRecord, program, unit, year),
        _scoped(user, ProblemSolved, program, unit, year),
    )


def results_totals(user, program=None, unit=None, year=None) -> dict:
    """The figures of everything the user may see (narrowed by program, unit subtree, year):
    deliverables by kind, how many were adopted / converted / written into a plan and the
    rates, enterprises and registered capital (all stages and settled only), problems solved
    and projects helped. Three queries, one per kind of result."""
    d, inv, prob = _querysets(user, program, unit, year)
    settled = Q(stage=SETTLED)
    zero = Value(Decimal("0.00"), output_field=_MONEY)
    values = d.order_by().aggregate(
        deliverables=Count("pk"),
        **{k: Count("pk", filter=Q(kind=k)) for k in KINDS},
        **{
            k: Count(
                "pk",
                filter=Exists(
                    DeliverableOutcome.objects.filter(deliverable=OuterRef("pk"), kind=k)
                ),
            )
            for k in OUTCOMES
        },
    )
    values |= inv.order_by().aggregate(
        enterprises=Count("pk"),
        settled=Count("pk", filter=settled),
        capital=Coalesce(Sum("registered_capital"), zero),
        settled_capital=Coalesce(Sum("registered_capital", filter=settled), zero),
    )
    values |= prob.order_by().aggregate(
        problems=Count("pk"),
        projects=Count(
            "beneficiary",
            distinct=True,
            filter=Q(beneficiary_kind=ProblemSolved.BeneficiaryKind.PROJECT),
        ),
    )
    return _shape(values)


def _rows(outer: QuerySet, measures: dict) -> list[dict]:
    # Annotations are prefixed: a bare "deliverables" would clash with a model's relation.
    annotated = outer.annotate(
        **{f"m_{name}": _scalar(rows, agg) for name, (rows, agg) in measures.items()}
    ).values("pk", "name", *(f"m_{name}" for name in measures))
    out = []
    for row in annotated:
        values = {name: row[f"m_{name}"] for name in measures}
        if any(values.values()):
            out.append({"id": row["pk"], "name": row["name"], **_shape(values)})
    return out


def _by(key: str, objects: QuerySet, user, program, unit, year) -> list[dict]:
    from .results_breakdown import grouped

    figures = grouped(key, *_querysets(user, program, unit, year))
    return [
        {"id": pk, "name": name, **_shape(figures[pk])}
        for pk, name in objects.filter(pk__in=list(figures)).values_list("pk", "name")
        if any(figures[pk].values())
    ]


def results_by_unit(user, program=None, unit=None, year=None) -> list[dict]:
    """Per unit of a credited cadre (their own unit, not its parents), in the tree's order.
    Seven grouped queries (see results_breakdown), whatever the number of units."""
    return _by("unit", OrgUnit.objects.order_by("path"), user, program, unit, year)


def results_by_cadre(user, program=None, unit=None, year=None) -> list[dict]:
    """Per credited cadre, by name."""
    return _by("cadre", Cadre.objects.order_by("name_pinyin", "pk"), user, program, unit, year)


def results_by_team(user, program=None, unit=None, year=None) -> list[dict]:
    """Per team: the results the team is named on (whoever of it is credited)."""
    from ..models import Team

    d, inv, prob = _querysets(user, program, unit, year)

    def of_team(qs):
        return qs.filter(team_id=OuterRef("pk"))

    measures = _measures(of_team(d), of_team(inv), of_team(prob))
    teams = scoping.visible(user, Team).order_by("name", "pk")
    if program is not None:
        teams = teams.filter(program=program)
    return _rows(teams, measures)


__all__ = [
    "results_by_cadre",
    "results_by_team",
    "results_by_unit",
    "results_totals",
]
