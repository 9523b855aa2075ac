"""Scoped reads of practice assignments, their reports and evaluations, and the roll-ups."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from qingmiao.accounts import scoping
from qingmiao.cadres.models import OrgUnit

from .. import practice_rules
from ..models import HostEvaluation, PracticeAssignment, PracticeReport

Kind = PracticeAssignment.Kind
Status = PracticeAssignment.Status


def _annotated(qs: QuerySet[PracticeAssignment], today=None) -> QuerySet[PracticeAssignment]:
    latest = PracticeReport.objects.filter(assignment=OuterRef("pk")).order_by("-period", "-pk")
    return qs.annotate(
        state=practice_rules.status_expression(today),
        evaluated=Exists(HostEvaluation.objects.filter(assignment=OuterRef("pk"))),
        report_count=Subquery(
            PracticeReport.objects.filter(assignment=OuterRef("pk"))
            .values("assignment")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        latest_period=Subquery(latest.values("period")[:1]),
        latest_report_at=Subquery(latest.values("submitted_at")[:1]),
    )


def assignment_queryset(user, today=None) -> QuerySet[PracticeAssignment]:
    """Every assignment the user may read, with what a list row shows."""
    qs = scoping.visible(user, PracticeAssignment).select_related(
        "cadre__unit", "program", "host_unit", "host_contact", "evaluation"
    )
    return _annotated(qs, today)


def assignment_get(user, pk) -> PracticeAssignment:
    """An assignment the user may read, or 404 (out of scope is never a 403)."""
    return scoping.get_visible_or_404(user, assignment_queryset(user), pk=pk)


def own_assignment_get(user, pk) -> PracticeAssignment:
    """One of the signed-in cadre's own assignments, or 404."""
    return scoping.get_visible_or_404(
        user, assignment_queryset(user).filter(cadre__user=user), pk=pk
    )


def hosted_assignment_get(user, pk) -> PracticeAssignment:
    """One of the assignments the signed-in host contact hosts, or 404."""
    return scoping.get_visible_or_404(
        user, assignment_queryset(user).filter(host_contact=user), pk=pk
    )


def my_assignments(user) -> QuerySet[PracticeAssignment]:
    return assignment_queryset(user).filter(cadre__user=user).order_by("-start_date", "-pk")


def hosted_assignments(user) -> QuerySet[PracticeAssignment]:
    """A host contact's assignees: those under way first, then those awaiting evaluation."""
    return (
        assignment_queryset(user)
        .filter(host_contact=user)
        .select_related("evaluation")
        .order_by("end_date", "pk")
    )


def assignment_reports(user, assignment: PracticeAssignment) -> QuerySet[PracticeReport]:
    return scoping.visible(user, PracticeReport).filter(assignment=assignment).order_by("-period")


def assignment_evaluation(user, assignment: PracticeAssignment) -> HostEvaluation | None:
    return (
        scoping.visible(user, HostEvaluation)
        .filter(assignment=assignment)
        .select_related("evaluator")
        .first()
    )


def kind_counts(qs: QuerySet[PracticeAssignment]) -> list[tuple[str, str, int]]:
    """(kind, its name, how many) for every kind, in the order of the kinds, in one query."""
    counted = dict(
        qs.order_by().values_list("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    return [(value, str(label), counted.get(value, 0)) for value, label in Kind.choices]


# --- roll-ups for the overview and the dashboards --------------------------------------------


def _scoped_for_rollup(user, program=None, unit=None, year=None, today=None):
    qs = scoping.visible(user, PracticeAssignment)
    if program is not None:
        qs = qs.filter(program=program)
    if unit is not None:
        subtree = OrgUnit.objects.filter(path__startswith=unit.path).values("pk")
        qs = qs.filter(cadre__unit__in=subtree)
    if year is not None:
        qs = qs.filter(start_date__year__lte=year, end_date__year__gte=year)
    return qs.annotate(state=practice_rules.status_expression(today))


def practice_rollup(user, program=None, unit=None, year=None, today=None) -> dict:
    """Assignments in the user's scope (optionally of one program, unit subtree, or year they
    ran in): by kind and status, under way per program and per top-level unit. Computed in SQL.

    {"total": n, "under_way": n, "by_kind": {kind: {"total", "under_way", "finished",
     "planned", "full_time"}}, "under_way_by_program": {program_id: n},
     "under_way_by_unit": {unit_id: n}, "evaluated": n, "reports": n}"""
    today = today or timezone.localdate()
    qs = _scoped_for_rollup(user, program, unit, year, today)
    by_kind = {
        value: {"total": 0, "under_way": 0, "finished": 0, "planned": 0, "full_time": 0}
        for value in Kind.values
    }
    rows = (
        qs.order_by()
        .values("kind")
        .annotate(
            total=Count("pk"),
            under_way=Count("pk", filter=Q(state=Status.UNDER_WAY)),
            finished=Count("pk", filter=Q(state=Status.FINISHED)),
            planned=Count("pk", filter=Q(state=Status.PLANNED)),
            full_time=Count("pk", filter=Q(full_time=True)),
        )
    )
    for row in rows:
        by_kind[row.pop("kind")] = row
    under_way = qs.filter(state=Status.UNDER_WAY).order_by()
    by_program = dict(
        under_way.exclude(program=None)
        .values_list("program")
        .annotate(n=Count("pk"))
        .values_list("program", "n")
    )
    by_unit = dict(
        under_way.values_list("cadre__unit").annotate(n=Count("pk")).values_list("cadre__unit", "n")
    )
    return {
        "total": sum(k["total"] for k in by_kind.values()),
        "under_way": sum(k["under_way"] for k in by_kind.values()),
        "by_kind": by_kind,
        "under_way_by_program": by_program,
        "under_way_by_unit": by_unit,
        "evaluated": HostEvaluation.objects.filter(assignment__in=qs.values("pk")).count(),
        "reports": PracticeReport.objects.filter(assignment__in=qs.values("pk")).count(),
    }
