"""A program's hours progress (学时进度): every cadre of the program with the hours the program
requires, the hours attended, the hours credited through approved make-ups and what is missing.

The requirement is the program's first stage minimum (`Stage.min_credit_hours`, the gate
selection applies) or, without one, the largest requirement set on the whole program
(`HourRequirement` with no year, unit or tag). The cadres are those the reader may see who take
part in the program (an application in progress or graduated) or who earned hours at one of its
sessions (an eliminated cadre keeps the hours earned). The bands (达标, 差 10 学时以内, …) are one
definition used by the list's filter and by the overview's chart, so the chart's figures are the
list's counts; both are counted in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from qingmiao.accounts import scoping
from qingmiao.cadres.models import Cadre
from qingmiao.selection.models import Application, Program, Stage

from ..models import Attendance, HourRequirement, MakeUpRequest

HOURS: DecimalField = DecimalField(max_digits=8, decimal_places=1)
ZERO = Value(Decimal("0"), output_field=HOURS)
IN_PROGRAM = (Application.Outcome.IN_PROGRESS, Application.Outcome.GRADUATED)
# Without a requirement the hours are banded by training days of 8 hours.
DAY_EDGES = (Decimal("8"), Decimal("16"), Decimal("24"), Decimal("40"))


@dataclass(frozen=True)
class Requirement:
    hours: Decimal | None
    source: str  # where the figure comes from, in words


@dataclass(frozen=True)
class BandDef:
    key: str
    label: str
    q: Q  # on the list's annotations `done` and `short`


def program_requirement(program: Program) -> Requirement:
    stage = (
        Stage.objects.filter(program=program, min_credit_hours__gt=0)
        .order_by("order")
        .only("name", "min_credit_hours")
        .first()
    )
    if stage is not None:
        return Requirement(
            stage.min_credit_hours, _("“%(stage)s”环节的最低学时") % {"stage": stage.name}
        )
    requirement = (
        HourRequirement.objects.filter(
            program=program, year__isnull=True, unit__isnull=True, tag__isnull=True
        )
        .order_by("-hours", "pk")
        .only("name", "hours")
        .first()
    )
    if requirement is not None:
        return Requirement(requirement.hours, _("学时要求“%(name)s”") % {"name": requirement.name})
    return Requirement(None, "")


def _hours(value) -> str:
    return f"{Decimal(value).normalize():f}"


def bands(required: Decimal | None) -> list[BandDef]:
    """From the fewest hours to the most. A band that no cadre can fall in under this
    requirement (差 30 学时以上 when 20 are required) is left out."""
    none = BandDef("none", _("尚无学时"), Q(done__lte=0))
    if not required:
        edges = [Decimal("0"), *DAY_EDGES]
        out = [none]
        for low, high in pairwise(edges):
            label = (
                _("不足 %(high)s 学时") % {"high": _hours(high)}
                if not low
                else _("%(low)s–%(high)s 学时") % {"low": _hours(low), "high": _hours(high)}
            )
            out.append(
                BandDef(f"h{_hours(high)}", label, Q(done__gt=0, done__gte=low, done__lt=high))
            )
        top = edges[-1]
        out.append(
            BandDef("more", _("%(low)s 学时及以上") % {"low": _hours(top)}, Q(done__gte=top))
        )
        return out
    out = [none]
    if required > 30:
        out.append(BandDef("short_30", _("差 30 学时以上"), Q(done__gt=0, short__gt=30)))
    if required > 10:
        out.append(
            BandDef("short_10_30", _("差 10–30 学时"), Q(done__gt=0, short__gt=10, short__lte=30))
        )
    out.append(BandDef("short_10", _("差 10 学时以内"), Q(done__gt=0, short__gt=0, short__lte=10)))
    out.append(BandDef("met", _("已达标"), Q(short__lte=0)))
    return out


def band_choices(required: Decimal | None) -> list[tuple[str, str]]:
    return [(b.key, b.label) for b in bands(required)]


def band_q(required: Decimal | None, key: str) -> Q | None:
    return next((b.q for b in bands(required) if b.key == key), None)


def _made_up_rows():
    return MakeUpRequest.objects.filter(
        session=OuterRef("session"), cadre=OuterRef("cadre"), status=MakeUpRequest.Status.APPROVED
    )


def _sum_subquery(program: Program, *, made_up: bool | None):
    rows = Attendance.objects.filter(session__programs=program, cadre=OuterRef("pk"))
    if made_up is not None:
        rows = rows.annotate(made_up=Exists(_made_up_rows())).filter(made_up=made_up)
    total = rows.order_by().values("cadre").annotate(total=Sum("credited_hours")).values("total")
    return Coalesce(Subquery(total, output_field=HOURS), ZERO)


def taking_part(program: Program) -> Q:
    """Cadres taking part in the program (an application in progress) or through it."""
    return Q(
        pk__in=Application.objects.filter(program=program, outcome__in=IN_PROGRAM).values(
            "cadre_id"
        )
    )


def population(program: Program) -> Q:
    """The program's cadres: taking part, or with a roster row at one of its sessions."""
    return taking_part(program) | Q(
        pk__in=Attendance.objects.filter(session__programs=program).values("cadre_id")
    )


def hours_progress(user, program: Program, required: Decimal | None) -> QuerySet[Cadre]:
    """The program's cadres the user may see, each with `done` (every credited hour),
    `made_up` (of which through approved make-ups), `attended` and `short` (what is missing,
    negative beyond the requirement; 0 without one), in SQL."""
    return (
        scoping.visible(user, Cadre)
        .filter(population(program))
        .select_related("unit")
        .annotate(
            done=_sum_subquery(program, made_up=None),
            made_up=_sum_subquery(program, made_up=True),
        )
        .annotate(
            required=Value(required, output_field=HOURS),
            attended=ExpressionWrapper(F("done") - F("made_up"), output_field=HOURS),
            short=ExpressionWrapper(Value(required or 0, output_field=HOURS) - F("done"), HOURS),
        )
    )


def band_counts(queryset: QuerySet[Cadre], required: Decimal | None) -> list[dict]:
    """How many of the list fall in each band: one aggregate query."""
    defs = bands(required)
    agg = queryset.aggregate(
        total=Count("pk"), **{f"b_{i}": Count("pk", filter=b.q) for i, b in enumerate(defs)}
    )
    return [{"key": b.key, "label": b.label, "n": agg[f"b_{i}"]} for i, b in enumerate(defs)]


def page_hours(program: Program, cadres, required: Decimal | None) -> None:
    """The id-first page fetched its rows again without the list's annotations: one query
    puts the hours back on them."""
    approved = Exists(_made_up_rows())
    rows = (
        Attendance.objects.filter(session__programs=program, cadre__in=[c.pk for c in cadres])
        .annotate(made_up=approved)
        .values("cadre")
        .annotate(
            done=Sum("credited_hours"),
            made=Sum("credited_hours", filter=Q(made_up=True)),
        )
        .order_by()
    )
    by_cadre = {r["cadre"]: r for r in rows}
    for c in cadres:
        r = by_cadre.get(c.pk, {})
        c.done = Decimal(r.get("done") or 0).quantize(Decimal("0.1"))
        c.made_up = Decimal(r.get("made") or 0).quantize(Decimal("0.1"))
        c.attended = c.done - c.made_up
        c.required = required
        c.short = max((required or Decimal("0")) - c.done, Decimal("0"))
        c.percent = 100 if not required else min(int(c.done * 100 / required), 100)
