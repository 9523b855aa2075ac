"""What selection tells people, in one place: the kinds of event, their wording, and the calls the
services make at the end of their actions (inside their transactions).

Robots post to group chats, so their text speaks of the stage and its numbers, never of one
person's result; a screening result goes to the applicant alone.
"""

from collections import defaultdict
from datetime import timedelta
from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from qingmiao.core.models.notifications import Channel, Notification
from qingmiao.core.notifications import EventKind, notify, register

from .models import Application, ScoreSheet, Stage, StageStatus

SCREENED = "selection.application.screened"
RATER_ASSIGNED = "selection.rater.assigned"
SCORING_OPENED = "selection.scoring.opened"
SCORING_CLOSING = "selection.scoring.closing"
STAGE_DECIDED = "selection.stage.decided"

REMINDER_BEFORE = timedelta(hours=24)
_INBOX_AND_EMAIL = frozenset({Channel.INBOX, Channel.EMAIL})


def when(value) -> str:
    local = timezone.localtime(value)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def _screened(c):
    if c["eligible"]:
        return _("您报名的“%(program)s”已通过资格审查。") % c
    return _("您报名的“%(program)s”未通过资格审查。理由：%(reason)s") % c


def _scoring_opened(c):
    if c.get("closes"):
        return _("“%(stage)s”已开始评分，截止时间为 %(closes)s，请在评分任务中完成评分。") % c
    return _("“%(stage)s”已开始评分，请在评分任务中完成评分。") % c


def _decided(c):
    if c["advanced"]:
        return _("“%(stage)s”晋级结果已确定：您已晋级。") % c
    return _("“%(stage)s”晋级结果已确定：您未能晋级，感谢您的参与。") % c


register(
    EventKind(
        code=SCREENED,
        name=_("报名资格审查结果"),
        render=_screened,
        default_channels=_INBOX_AND_EMAIL,
    )
)
register(
    EventKind(
        code=RATER_ASSIGNED,
        name=_("被分配为评委"),
        render=lambda c: _("您已被分配为“%(stage)s”的评委，分到 %(count)s 名考生。") % c,
        render_group=lambda c: (
            _("“%(stage)s”已分配评委：%(raters)s 名评委，每名考生 %(k)s 名。") % c
        ),
        default_channels=_INBOX_AND_EMAIL,
    )
)
register(
    EventKind(
        code=SCORING_OPENED,
        name=_("评分开始"),
        render=_scoring_opened,
        render_group=_scoring_opened,
        default_channels=_INBOX_AND_EMAIL,
    )
)
register(
    EventKind(
        code=SCORING_CLOSING,
        name=_("评分截止前一天提醒"),
        render=lambda c: (
            _("“%(stage)s”将于 %(closes)s 截止评分，您还有 %(count)s 份评分表未提交。") % c
        ),
        render_group=lambda c: (
            _("“%(stage)s”将于 %(closes)s 截止评分，尚有 %(raters)s 名评委未完成评分。") % c
        ),
        default_channels=_INBOX_AND_EMAIL,
    )
)
register(
    EventKind(
        code=STAGE_DECIDED,
        name=_("关卡晋级结果"),
        render=_decided,
        render_group=lambda c: (
            _("“%(stage)s”晋级结果已确定：晋级 %(advanced_n)s 人，未晋级 %(eliminated_n)s 人。") % c
        ),
        default_channels=_INBOX_AND_EMAIL,
    )
)


# --- calls made by the services -------------------------------------------------------------


def applications_screened(*, program, application_ids: list[int]) -> None:
    """Each applicant hears their own result; people with the same result and reason share one
    rendered text, so a bulk screening costs a few writes, not one per person."""
    groups = defaultdict(list)
    # Plain values first (a large screening has tens of thousands of applicants, few of whom
    # have an account), then the accounts in one query.
    rows = [
        (user_id, status == Application.Status.ELIGIBLE, reason)
        for user_id, status, reason in Application.objects.filter(pk__in=application_ids)
        .filter(cadre__user__isnull=False)
        .values_list("cadre__user_id", "status", "screening_reason")
    ]
    accounts = get_user_model().objects.in_bulk([user_id for user_id, _, _ in rows])
    for user_id, eligible, reason in rows:
        groups[(eligible, reason)].append(accounts[user_id])
    link = reverse("selection:my_applications")
    for (eligible, reason), users in groups.items():
        notify(
            event=SCREENED,
            recipients=users,
            context={"program": program.name, "eligible": eligible, "reason": reason},
            obj=program,
            link=link,
        )


def raters_assigned(*, stage, loads: dict, k: int) -> None:
    """`loads` maps a rater to the number of candidates they were given."""
    by_count = defaultdict(list)
    for rater, count in loads.items():
        if count:
            by_count[count].append(rater)
    link = reverse("selection:rater_tasks")
    raters = sum(len(v) for v in by_count.values())
    for i, (count, users) in enumerate(sorted(by_count.items())):
        notify(
            event=RATER_ASSIGNED,
            recipients=users,
            context={"stage": str(stage), "count": count, "raters": raters, "k": k},
            obj=stage,
            link=link,
            robots=i == 0,
        )


def _raters_of(stage):
    return get_user_model().objects.filter(rater_assignments__stage=stage).distinct()


def scoring_opened(*, stage) -> None:
    closes = when(stage.scoring_closes) if stage.scoring_closes else ""
    notify(
        event=SCORING_OPENED,
        recipients=list(_raters_of(stage)),
        context={"stage": str(stage), "closes": closes},
        obj=stage,
        link=reverse("selection:rater_tasks"),
    )
    schedule_closing_reminder(stage=stage)


def schedule_closing_reminder(*, stage) -> None:
    """After commit, queue the reminder for 24 hours before the close. The task looks again at
    run time, so a window moved or a stage decided in between sends nothing."""
    if stage.scoring_closes is None:
        return
    due = stage.scoring_closes - REMINDER_BEFORE
    transaction.on_commit(
        partial(_enqueue_reminder, stage.pk, stage.scoring_closes.isoformat(), due), robust=True
    )


def _enqueue_reminder(stage_id: int, closes_iso: str, due) -> None:
    job = remind_scoring_closing
    if job.get_backend().supports_defer and due > timezone.now():
        job = job.using(run_after=due)
    job.enqueue(stage_id, closes_iso)


@task()
def remind_scoring_closing(stage_id: int, closes_iso: str) -> str:
    stage = Stage.objects.select_related("program").filter(pk=stage_id).first()
    if stage is None or stage.status != StageStatus.SCORING:
        return "not scoring"
    if stage.scoring_closes is None or stage.scoring_closes.isoformat() != closes_iso:
        return "window changed"
    now = timezone.now()
    if now >= stage.scoring_closes:
        return "closed"
    if now < stage.scoring_closes - REMINDER_BEFORE:
        return "early"
    already = Notification.objects.filter(
        event=SCORING_CLOSING, object_type="selection.stage", object_id=str(stage.pk)
    ).exists()
    if already:
        return "already sent"
    unfinished = (
        stage.assignments.exclude(sheet__status=ScoreSheet.Status.SUBMITTED)
        .values("rater")
        .annotate(n=Count("pk"))
    )
    counts = {row["rater"]: row["n"] for row in unfinished}
    if not counts:
        return "all submitted"
    users = get_user_model().objects.in_bulk(list(counts))
    by_count = defaultdict(list)
    for pk, n in counts.items():
        by_count[n].append(users[pk])
    context = {"stage": str(stage), "closes": when(stage.scoring_closes), "raters": len(counts)}
    with transaction.atomic():
        for i, (count, people) in enumerate(sorted(by_count.items())):
            notify(
                event=SCORING_CLOSING,
                recipients=people,
                context={**context, "count": count},
                obj=stage,
                link=reverse("selection:rater_tasks"),
                robots=i == 0,
            )
    return "sent"


def stage_decided(*, stage, advanced_apps: list[int], eliminated_apps: list[int]) -> None:
    owners = dict(
        Application.objects.filter(pk__in=[*advanced_apps, *eliminated_apps])
        .exclude(cadre__user=None)
        .values_list("pk", "cadre__user")
    )
    users = get_user_model().objects.in_bulk(set(owners.values()))
    context = {
        "stage": str(stage),
        "advanced_n": len(advanced_apps),
        "eliminated_n": len(eliminated_apps),
    }
    link = reverse("selection:my_applications")
    for i, (advanced, apps) in enumerate(((True, advanced_apps), (False, eliminated_apps))):
        notify(
            event=STAGE_DECIDED,
            recipients=[users[owners[a]] for a in apps if a in owners],
            context={**context, "advanced": advanced},
            obj=stage,
            link=link,
            robots=i == 0,
        )
