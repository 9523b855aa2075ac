"""Scoped reads of new-recruit plans: the list with each plan's phase (derived in SQL from the
start date) and milestone counts, one getter per resource, the cohort a bulk creation takes,
and the plans roll-up."""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from qingmiao.accounts import scoping
from qingmiao.cadres.models import Cadre, OrgUnit
from qingmiao.selection.models import Application, Program

from .. import phases
from ..models import GrowthPlan, MentorPair, PlanMilestone, PlanTemplate

_PARTICIPATING = (Application.Outcome.IN_PROGRESS, Application.Outcome.GRADUATED)


def overdue_q(today: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}done_at__isnull": True, f"{prefix}due_date__lt": today})


def plan_queryset(user, today: date | None = None) -> QuerySet[GrowthPlan]:
    """Plans the user may see, each with `phase`, `milestone_n`, `done_n`, `confirmed_n` and
    `overdue_n` computed by the database."""
    today = today or timezone.localdate()
    return (
        scoping.visible(user, GrowthPlan)
        .select_related("cadre__unit", "program", "template")
        .annotate(
            phase=phases.phase_case(today),
            milestone_n=Count("milestones"),
            done_n=Count("milestones", filter=Q(milestones__done_at__isnull=False)),
            confirmed_n=Count("milestones", filter=Q(milestones__confirmed_by__isnull=False)),
            overdue_n=Count("milestones", filter=overdue_q(today, "milestones__")),
        )
        # An aggregate query drops the model's default order: pages need a stable one.
        .order_by("-start_date", "-id")
    )


def plan_get(user, pk) -> GrowthPlan:
    return scoping.get_visible_or_404(user, plan_queryset(user), pk=pk)


def plan_milestones(user, plan: GrowthPlan) -> QuerySet[PlanMilestone]:
    return (
        scoping.visible(user, PlanMilestone)
        .filter(plan=plan)
        .select_related("confirmed_by")
        .order_by("due_date", "id")
    )


def milestones_queryset(user) -> QuerySet[PlanMilestone]:
    return scoping.visible(user, PlanMilestone).select_related("plan__cadre__unit")


def milestone_get(user, pk) -> PlanMilestone:
    return scoping.get_visible_or_404(
        user, PlanMilestone.objects.select_related("plan__cadre__unit"), pk=pk
    )


def my_plan(user) -> GrowthPlan | None:
    """The signed-in cadre's plan (their latest), or None."""
    return plan_queryset(user).filter(cadre__user=user).order_by("-start_date", "-id").first()


def my_milestone_get(user, pk) -> PlanMilestone:
    qs = PlanMilestone.objects.filter(plan__cadre__user=user).select_related("plan")
    return scoping.get_visible_or_404(user, qs, pk=pk)


def templates(user) -> QuerySet[PlanTemplate]:
    return (
        scoping.visible(user, PlanTemplate)
        .select_related("organizer")
        .annotate(
            milestone_n=Count("milestones", distinct=True), plan_n=Count("plans", distinct=True)
        )
        .order_by("name", "id")
    )


def template_get(user, pk) -> PlanTemplate:
    return scoping.get_visible_or_404(
        user, scoping.visible(user, PlanTemplate).select_related("organizer"), pk=pk
    )


def managed_template_get(user, pk) -> PlanTemplate:
    """A template the user may change: organized within their unit subtree."""
    subtree = scoping.unit_subtree_filter(user, "organizer")
    qs = PlanTemplate.objects.none() if subtree is None else PlanTemplate.objects.filter(subtree)
    return scoping.get_visible_or_404(user, qs, pk=pk)


def cohort(
    user,
    *,
    program: Program | None = None,
    unit: OrgUnit | None = None,
    hired_from: date | None = None,
    hired_to: date | None = None,
) -> QuerySet[Cadre]:
    """The cadres a bulk creation takes: a program's participants, or a unit subtree's cadres,
    hired within the dates given — only those the user may see."""
    qs = scoping.visible(user, Cadre)
    if program is not None:
        qs = qs.filter(
            pk__in=Application.objects.filter(program=program, outcome__in=_PARTICIPATING).values(
                "cadre_id"
            )
        )
    if unit is not None:
        qs = qs.filter(unit__in=OrgUnit.objects.filter(path__startswith=unit.path).values("pk"))
    if hired_from:
        qs = qs.filter(hire_date__gte=hired_from)
    if hired_to:
        qs = qs.filter(hire_date__lte=hired_to)
    return qs.order_by("pk")


def cohort_preview(qs: QuerySet[Cadre]) -> dict:
    """How many cadres, and how many already have a plan (one query)."""
    return qs.aggregate(
        total=Count("pk"),
        having=Count("pk", filter=Exists(GrowthPlan.objects.filter(cadre=OuterRef("pk")))),
        undated=Count("pk", filter=Q(hire_date__isnull=True)),
    )


def plans_rollup(user, program=None, unit=None, year=None, today: date | None = None) -> dict:
    """Plans by phase, and milestones due, done, confirmed and overdue (year: of the hire
    date). Two queries."""
    today = today or timezone.localdate()
    plans = scoping.visible(user, GrowthPlan)
    if program is not None:
        plans = plans.filter(program=program)
    if unit is not None:
        plans = plans.filter(
            cadre__unit__in=OrgUnit.objects.filter(path__startswith=unit.path).values("pk")
        )
    if year:
        plans = plans.filter(start_date__year=int(year))
    by_phase = plans.order_by().aggregate(
        total=Count("pk"),
        **{p: Count("pk", filter=phases.phase_q(p, today)) for p, _label in phases.CHOICES},
    )
    milestones = PlanMilestone.objects.filter(plan__in=plans.values("pk")).aggregate(
        total=Count("pk"),
        due=Count("pk", filter=Q(due_date__lte=today)),
        done=Count("pk", filter=Q(done_at__isnull=False)),
        confirmed=Count("pk", filter=Q(confirmed_by__isnull=False)),
        overdue=Count("pk", filter=overdue_q(today)),
        cadres_overdue=Count("plan__cadre", distinct=True, filter=overdue_q(today)),
    )
    return {"plans": by_phase, "milestones": milestones}


def mentee_milestones_to_confirm(user) -> QuerySet[PlanMilestone]:
    """For a mentor: their active mentees' milestones reported done and not yet confirmed."""
    mentees = MentorPair.objects.filter(mentor=user, status="active").values("mentee_id")
    return (
        scoping.visible(user, PlanMilestone)
        .filter(
            plan__cadre_id__in=mentees,
            done_at__isnull=False,
            confirmed_by__isnull=True,
        )
        .select_related("plan__cadre")
        .order_by("done_at", "id")
    )
