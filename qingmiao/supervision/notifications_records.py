"""Kinds of notification of 管 · the growth record (成长纪实档案) timeline,
fitness reviews (适岗情况与能力水平分析), the record as .docx and PDF (registered
on import).

The daily reminders (`manage.py supervision_reminders`) open the reviews the schedules make due,
then tell each reviewer (the org department and unit officers, for the cadres in their subtree)
how many reviews have opened and how many have fallen overdue since they were last told. Each
review remembers that it was announced, so running the reminders twice tells nobody twice.
"""

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingmiao.accounts import scoping
from qingmiao.accounts.models import User
from qingmiao.accounts.roles import Role
from qingmiao.core.models.notifications import Channel
from qingmiao.core.notifications import EventKind, notify, register

from .models import FitnessReview, FitnessSchedule

FITNESS_DUE = "supervision.fitness.due"
FITNESS_OVERDUE = "supervision.fitness.overdue"
REVIEWER_ROLES = (Role.ORG_ADMIN, Role.UNIT_OFFICER)

register(
    EventKind(
        code=FITNESS_DUE,
        name=_("适岗分析到期提醒"),
        render=lambda c: (
            _(
                "您负责的干部中有 %(n)s 人的适岗情况与能力水平分析即将到期"
                "（最早 %(day)s），请及时开展。"
            )
            % c
        ),
        default_channels=frozenset({Channel.INBOX, Channel.EMAIL}),
    )
)
register(
    EventKind(
        code=FITNESS_OVERDUE,
        name=_("适岗分析超期提醒"),
        render=lambda c: (
            _(
                "您负责的干部中有 %(n)s 人的适岗情况与能力水平分析已超期未开展"
                "（最早应于 %(day)s 完成）。"
            )
            % c
        ),
        default_channels=frozenset({Channel.INBOX, Channel.EMAIL}),
    )
)


def _cn_day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _tell(event: str, rows, reviewers) -> int:
    """Tell each reviewer about the rows in their scope (one count query per reviewer)."""
    told = 0
    ids = rows.values("pk")
    for reviewer in reviewers:
        mine = scoping.visible(reviewer, FitnessReview).filter(pk__in=ids)
        first = mine.order_by("due_date").values_list("due_date", flat=True).first()
        if first is None:
            continue
        notify(
            event=event,
            recipients=[reviewer],
            context={"n": mine.count(), "day": _cn_day(first)},
            link=reverse("supervision:fitness_list")
            + ("?state=overdue" if event == FITNESS_OVERDUE else "?state=due"),
            robots=False,
        )
        told += 1
    return told


@transaction.atomic
def fitness_reminders_send(*, today: date) -> dict:
    """Open the reviews due by the schedules, then announce what opened and what fell overdue.
    Idempotent: each review is announced once as due and once as overdue."""
    from .services.fitness import reviews_open

    opened = 0
    for schedule in FitnessSchedule.objects.filter(active=True).select_related("program"):
        opened += reviews_open(schedule=schedule, today=today)
    pending = FitnessReview.objects.filter(status=FitnessReview.Status.DUE)
    newly_due = pending.filter(due_notified_at__isnull=True, due_date__gte=today)
    newly_overdue = pending.filter(overdue_notified_at__isnull=True, due_date__lt=today)
    reviewers = list(
        User.objects.filter(role__in=REVIEWER_ROLES, is_active=True).select_related("org_unit")
    )
    now = timezone.now()
    due_ids = list(newly_due.values_list("pk", flat=True))
    overdue_ids = list(newly_overdue.values_list("pk", flat=True))
    result = {
        "opened": opened,
        "due": len(due_ids),
        "overdue": len(overdue_ids),
        "told_due": _tell(FITNESS_DUE, FitnessReview.objects.filter(pk__in=due_ids), reviewers)
        if due_ids
        else 0,
        "told_overdue": _tell(
            FITNESS_OVERDUE, FitnessReview.objects.filter(pk__in=overdue_ids), reviewers
        )
        if overdue_ids
        else 0,
    }
    # An overdue review was also due: mark both, so it is never announced as due afterwards.
    FitnessReview.objects.filter(pk__in=due_ids + overdue_ids, due_notified_at__isnull=True).update(
        due_notified_at=now
    )
    FitnessReview.objects.filter(pk__in=overdue_ids).update(overdue_notified_at=now)
    return result
