"""What the plans area tells people: a milestone that has fallen overdue reaches the cadre and
their active mentors. The daily check (`manage.py cultivation_plan_reminders`, run by cron or
the scheduler) needs no memory of earlier runs: it speaks of the milestones that fell due
exactly 1, 7 or 30 days before the day it runs for, so each is reminded three times at most,
on the first day late, a week late and a month late."""

from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qingmiao.core.models.notifications import Channel
from qingmiao.core.notifications import EventKind, notify, register

from .models import MentorPair, PlanMilestone

MILESTONE_OVERDUE = "cultivation.plan.milestone_overdue"
REMIND_AFTER_DAYS = (1, 7, 30)


def _overdue_text(c):
    if c["mentor"]:
        return _("您的学员%(cadre)s有 %(n)s 个培养节点已超期未完成（最早：%(title)s）。") % c
    return _("您有 %(n)s 个培养节点已超期未完成（最早：%(title)s），请尽快完成并上传佐证。") % c


register(
    EventKind(
        code=MILESTONE_OVERDUE,
        name=_("培养节点超期提醒"),
        render=_overdue_text,
        default_channels=frozenset({Channel.INBOX, Channel.EMAIL}),
    )
)


def overdue_to_remind(today: date):
    days = [today - timedelta(days=n) for n in REMIND_AFTER_DAYS]
    return (
        PlanMilestone.objects.filter(done_at__isnull=True, due_date__in=days)
        .select_related("plan__cadre__user")
        .order_by("plan_id", "due_date", "id")
    )


@transaction.atomic
def plan_reminders_send(*, today: date) -> int:
    """Remind each cadre (and their active mentors) once about their milestones that fell
    overdue 1, 7 or 30 days before `today`. Returns the number of cadres reminded."""
    by_cadre: dict[int, list[PlanMilestone]] = defaultdict(list)
    cadres = {}
    for m in overdue_to_remind(today):
        by_cadre[m.plan.cadre_id].append(m)
        cadres[m.plan.cadre_id] = m.plan.cadre
    mentors = defaultdict(list)
    for pair in MentorPair.objects.filter(
        mentee_id__in=list(by_cadre), status="active"
    ).select_related("mentor"):
        mentors[pair.mentee_id].append(pair.mentor)
    for cadre_id, items in by_cadre.items():
        cadre = cadres[cadre_id]
        context = {"n": len(items), "title": items[0].title, "cadre": cadre.name}
        if cadre.user_id:
            notify(
                event=MILESTONE_OVERDUE,
                recipients=[cadre.user],
                context={**context, "mentor": False},
                obj=items[0].plan,
                link=reverse("cultivation:my_plan"),
            )
        if mentors[cadre_id]:
            notify(
                event=MILESTONE_OVERDUE,
                recipients=mentors[cadre_id],
                context={**context, "mentor": True},
                obj=items[0].plan,
                link=reverse("cultivation:plan_detail", args=[items[0].plan_id]),
            )
    return len(by_cadre)
