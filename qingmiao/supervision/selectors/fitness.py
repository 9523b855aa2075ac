"""Scoped reads of fitness reviews and schedules (适岗情况与能力水平分析)."""

from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404

from qingmiao.accounts import scoping
from qingmiao.cadres.models import Cadre
from qingmiao.selection import selectors as selection_selectors
from qingmiao.selection.models import Application, Program

from ..models import FitnessReview, FitnessSchedule

PARTICIPATING = (Application.Outcome.IN_PROGRESS, Application.Outcome.GRADUATED)


def review_queryset(user) -> QuerySet[FitnessReview]:
    return scoping.visible(
        user,
        FitnessReview.objects.select_related("cadre__unit", "schedule__program", "reviewer"),
    )


def review_get(user, pk) -> FitnessReview:
    """A review the user may read, or 404."""
    return scoping.get_visible_or_404(user, review_queryset(user), pk=pk)


def managed_review_get(user, pk) -> FitnessReview:
    """A review the user may record: in scope (else 404) and holding the capability."""
    review = review_get(user, pk)
    if not user.has_perm("supervision.review_fitness"):
        raise Http404
    return review


def overdue_q(today: date) -> Q:
    return Q(status=FitnessReview.Status.DUE, due_date__lt=today)


def cadre_reviews(user, cadre: Cadre) -> QuerySet[FitnessReview]:
    """The cadre's reviews the user may read, oldest first (the record's table)."""
    return review_queryset(user).filter(cadre=cadre).order_by("due_date", "id")


def counts(queryset: QuerySet[FitnessReview], today: date) -> dict:
    """Due, overdue and done among the rows, in one query."""
    from django.db.models import Count

    return queryset.aggregate(
        due=Count("pk", filter=Q(status=FitnessReview.Status.DUE, due_date__gte=today)),
        overdue=Count("pk", filter=overdue_q(today)),
        done=Count("pk", filter=Q(status=FitnessReview.Status.DONE)),
    )


def schedule_queryset(user) -> QuerySet[FitnessSchedule]:
    return scoping.visible(user, FitnessSchedule.objects.select_related("program"))


def schedule_programs(user) -> QuerySet[Program]:
    """Programmes a schedule may be set for: those the user manages (organized in their
    subtree), published."""
    return (
        selection_selectors.managed_programs(user)
        .exclude(status="draft")
        .order_by("-start_date", "id")
    )


def cohort(schedule: FitnessSchedule) -> QuerySet[Cadre]:
    """The programme's participants (taking part or graduated), every one of them: reviews
    are opened for the whole cohort, whoever set the schedule."""
    ids = Application.objects.filter(
        program_id=schedule.program_id, outcome__in=PARTICIPATING
    ).values("cadre_id")
    return Cadre.objects.filter(pk__in=ids, is_active=True).only("pk", "hire_date")
