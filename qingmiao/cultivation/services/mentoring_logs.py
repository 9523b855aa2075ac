"""帮带记录: a mentoring session written by the mentor or the mentee and confirmed by the other;
its follow-ups; and the daily check of pairs gone quiet and follow-ups overdue."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from qingmiao.accounts import audit
from qingmiao.accounts.models import User
from qingmiao.accounts.roles import Role
from qingmiao.core.models.notifications import Notification

from .. import notifications_mentoring, quiet
from ..models import FollowUp, MentoringLog, MentorPair

MAX_MINUTES = 600
MAX_FOLLOW_UPS = 10
REMIND_EVERY_DAYS = 7  # a mentor is reminded of the same quiet pairs once a week, not daily


def side_of(user, pair: MentorPair) -> str | None:
    """'mentor', 'mentee' or None: which side of the pair the user is."""
    if user.pk == pair.mentor_id:
        return "mentor"
    if pair.mentee.user_id and user.pk == pair.mentee.user_id:
        return "mentee"
    return None


def _clean_follow_ups(rows: list[dict], session_date: date, errors: dict) -> list[dict]:
    out: list[dict] = []
    if len(rows) > MAX_FOLLOW_UPS:
        errors["follow_ups"] = _("跟进事项最多 %(n)s 项。") % {"n": MAX_FOLLOW_UPS}
        return out
    for i, row in enumerate(rows):
        text = (row.get("text") or "").strip()
        due = row.get("due_date")
        if not text and not due:
            continue
        if not text:
            errors[f"follow_ups.{i}.text"] = _("请填写跟进事项。")
        elif len(text) > 200:
            errors[f"follow_ups.{i}.text"] = _("跟进事项不超过 200 字。")
        if not isinstance(due, date):
            errors[f"follow_ups.{i}.due_date"] = _("请填写完成期限。")
        elif due < session_date:
            errors[f"follow_ups.{i}.due_date"] = _("完成期限不能早于帮带日期。")
        out.append({"text": text, "due_date": due})
    return out


@transaction.atomic
def mentoring_log_create(
    *, actor, pair: MentorPair, data: dict, follow_ups: list[dict] | None = None
) -> MentoringLog:
    """Either side of an active pair records a session; the other side confirms it."""
    if not actor.has_perm("cultivation.write_mentoring_log"):
        raise PermissionDenied("cultivation.write_mentoring_log")
    side = side_of(actor, pair)
    if side is None:
        raise PermissionDenied("not a side of the pair")
    errors: dict = {}
    if pair.status != MentorPair.Status.ACTIVE:
        errors["pair"] = _("该结对不在帮带中，不能记录。")
    today = timezone.localdate()
    session_date = data.get("date")
    if not isinstance(session_date, date):
        errors["date"] = _("请填写帮带日期。")
    elif session_date > today:
        errors["date"] = _("帮带日期不能晚于今天。")
    elif pair.started_on and session_date < pair.started_on:
        errors["date"] = _("帮带日期不能早于结对日期（%(d)s）。") % {
            "d": pair.started_on.isoformat()
        }
    if data.get("mode") not in MentoringLog.Mode.values:
        errors["mode"] = _("请选择帮带方式。")
    topic = (data.get("topic") or "").strip()
    if not topic:
        errors["topic"] = _("请填写帮带主题。")
    elif len(topic) > 100:
        errors["topic"] = _("主题不超过 100 字。")
    minutes = data.get("duration_minutes")
    if not isinstance(minutes, int) or not 1 <= minutes <= MAX_MINUTES:
        errors["duration_minutes"] = _("时长须在 1 到 %(max)s 分钟之间。") % {"max": MAX_MINUTES}
    cleaned = _clean_follow_ups(
        follow_ups or [], session_date if isinstance(session_date, date) else today, errors
    )
    if errors:
        raise ValidationError(errors)
    assert isinstance(session_date, date) and isinstance(minutes, int)
    log = MentoringLog.objects.create(
        pair=pair,
        date=session_date,
        mode=data["mode"],
        topic=topic,
        notes=(data.get("notes") or "").strip(),
        duration_minutes=minutes,
        written_by=actor,
    )
    FollowUp.objects.bulk_create([FollowUp(log=log, **row) for row in cleaned])
    audit.record(
        "cultivation.log.created",
        actor=actor,
        obj=log,
        extra={"pair": pair.pk, "side": side, "follow_ups": len(cleaned)},
    )
    other = pair.mentee.user if side == "mentor" else pair.mentor
    if other is not None:
        notifications_mentoring.log_to_confirm(
            log=log,
            recipient=other,
            writer_name=actor.full_name or actor.username,
            link=reverse("cultivation:log_detail", args=[log.pk]),
        )
    return log


def refresh_last_log(pair_id: int) -> None:
    """`last_log_on`: the date of the pair's latest confirmed log."""
    latest = MentoringLog.objects.filter(pair_id=pair_id, confirmed_at__isnull=False).aggregate(
        d=Max("date")
    )["d"]
    MentorPair.objects.filter(pk=pair_id).update(last_log_on=latest)


@transaction.atomic
def mentoring_log_confirm(*, actor, log: MentoringLog) -> MentoringLog:
    """Only the other side confirms: a log is not evidence until both agree it happened."""
    log = MentoringLog.objects.select_for_update().select_related("pair__mentee").get(pk=log.pk)
    side = side_of(actor, log.pair)
    if side is None:
        raise PermissionDenied("not a side of the pair")
    if log.confirmed_at is not None:
        raise ValidationError(_("该帮带记录已确认。"))
    if log.written_by_id == actor.pk:
        raise ValidationError(_("帮带记录须由另一方确认，不能确认自己填写的记录。"))
    log.confirmed_by = actor
    log.confirmed_at = timezone.now()
    log.save(update_fields=["confirmed_by", "confirmed_at"])
    refresh_last_log(log.pair_id)
    audit.record("cultivation.log.confirmed", actor=actor, obj=log, extra={"side": side})
    return log


@transaction.atomic
def follow_up_done(*, actor, follow_up: FollowUp) -> FollowUp:
    """Either side marks a follow-up done."""
    follow_up = FollowUp.objects.select_related("log__pair__mentee").get(pk=follow_up.pk)
    if side_of(actor, follow_up.log.pair) is None:
        raise PermissionDenied("not a side of the pair")
    if follow_up.done_at is not None:
        raise ValidationError(_("该跟进事项已完成。"))
    follow_up.done_at = timezone.now()
    follow_up.save(update_fields=["done_at"])
    audit.record("cultivation.follow_up.done", actor=actor, obj=follow_up)
    return follow_up


# --- the daily check ------------------------------------------------------------------------


def _recently_reminded(event: str, since) -> set[int]:
    return set(
        Notification.objects.filter(event=event, created_at__gte=since).values_list(
            "recipient_id", flat=True
        )
    )


def _staff_of(program) -> list:
    """The org admins whose unit subtree holds the program's organizer."""
    organizer = program.organizer
    ancestors = [organizer.path[:i] for i in range(4, len(organizer.path) + 1, 4)]
    return list(
        User.objects.filter(
            role=Role.ORG_ADMIN, is_active=True, org_unit__path__in=ancestors
        ).order_by("pk")
    )


@transaction.atomic
def quiet_pairs_check(today: date | None = None) -> dict:
    """Remind each mentor of their quiet pairs and overdue follow-ups, and each program's
    staff of its count of quiet pairs; nobody hears the same thing more than once a week."""
    today = today or timezone.localdate()
    since = timezone.now() - timedelta(days=REMIND_EVERY_DAYS)
    weeks = quiet.weeks_by_program()
    quiet_pairs = quiet.with_quiet(MentorPair.objects.all(), today).filter(is_quiet=True)
    per_mentor: dict[int, list[int]] = defaultdict(lambda: [0, 0, quiet.DEFAULT_WEEKS])
    for mentor_id, program_id in quiet_pairs.values_list("mentor_id", "program_id"):
        per_mentor[mentor_id][0] += 1
        per_mentor[mentor_id][2] = quiet.weeks_for(program_id, weeks)
    overdue = (
        FollowUp.objects.filter(quiet.overdue_q(today), log__pair__status="active")
        .values("log__pair__mentor_id")
        .annotate(n=Count("pk"))
    )
    for row in overdue:
        per_mentor[row["log__pair__mentor_id"]][1] += row["n"]
    skip = _recently_reminded(notifications_mentoring.PAIRS_QUIET, since)
    users = User.objects.in_bulk([m for m in per_mentor if m not in skip])
    mentors = {users[m]: tuple(v) for m, v in per_mentor.items() if m in users}
    staff = []
    skip_staff = _recently_reminded(notifications_mentoring.PAIRS_QUIET_STAFF, since)
    by_program = quiet_pairs.values("program_id").annotate(n=Count("pk"))
    from qingmiao.selection.models import Program

    programs = Program.objects.select_related("organizer").in_bulk(
        [r["program_id"] for r in by_program]
    )
    for row in by_program:
        program = programs[row["program_id"]]
        people = [u for u in _staff_of(program) if u.pk not in skip_staff]
        if people:
            staff.append((people, program, row["n"], quiet.weeks_for(program.pk, weeks)))
    notifications_mentoring.quiet_reminders(mentors=mentors, staff=staff)
    return {
        "mentors": len(mentors),
        "quiet": sum(v[0] for v in per_mentor.values()),
        "overdue": sum(v[1] for v in per_mentor.values()),
        "staff": sum(len(s[0]) for s in staff),
    }


REMIND_AT = time(8, 0)


def next_run(now: datetime | None = None) -> datetime:
    """Tomorrow at 08:00 local time."""
    now = timezone.localtime(now)
    day = now.date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, REMIND_AT))


@task()
def mentoring_daily_check() -> dict:
    """The daily check, queued for tomorrow again when it has run. A backend that cannot
    defer (the immediate one of tests) runs it once and stops, rather than looping."""
    from .session_reminders import session_reminders

    result = {**quiet_pairs_check(), **session_reminders()}
    schedule_daily_check()
    return result


def schedule_daily_check() -> bool:
    backend = mentoring_daily_check.get_backend()
    if not backend.supports_defer:
        return False
    transaction.on_commit(
        partial(mentoring_daily_check.using(run_after=next_run()).enqueue), robust=True
    )
    return True
