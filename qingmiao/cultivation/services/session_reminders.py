"""The day before a session, its roster hears of it (明日授课提醒).

`session_reminders(today)` finds the sessions starting tomorrow (local time) that are not
cancelled and whose roster has not yet been reminded of that start, and tells each cadre on the
roster who has an account (`selectors.attendance.expected_cadres`: the participants of the
session's programs and anyone already recorded). The start reminded of is kept on the session
(`Session.reminded_for`), so running the check twice the same day tells nobody twice, and a
session moved to another day is reminded again. It runs with the daily reminders
(`manage.py cultivation_reminders`, or the scheduled task).
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .. import notifications_attendance
from ..models import Session
from ..selectors.attendance import expected_cadres


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def session_reminders(today: date | None = None) -> dict:
    """Remind tomorrow's rosters; returns how many sessions and people were reminded."""
    today = today or timezone.localdate()
    tomorrow = today + timedelta(days=1)
    start, end = _day_bounds(tomorrow)
    due = (
        Session.objects.filter(starts_at__gte=start, starts_at__lt=end)
        .exclude(status=Session.Status.CANCELLED)
        .filter(Q(reminded_for__isnull=True) | ~Q(reminded_for=F("starts_at")))
        .select_related("course")
        .order_by("starts_at", "pk")
    )
    sessions = people = 0
    for session in due:
        with transaction.atomic():
            # Claimed under a lock, so two checks running at once cannot both send.
            claimed = (
                Session.objects.filter(pk=session.pk)
                .filter(Q(reminded_for__isnull=True) | ~Q(reminded_for=F("starts_at")))
                .update(reminded_for=F("starts_at"))
            )
            if not claimed:
                continue
            users = [
                c.user
                for c in expected_cadres(session)
                .filter(user__isnull=False, user__is_active=True)
                .select_related("user")
            ]
            local = timezone.localtime(session.starts_at)
            notifications_attendance.session_tomorrow(
                session,
                users,
                day=f"{local.month}月{local.day}日",
                time=f"{local:%H:%M}",
            )
            sessions += 1
            people += len(users)
    return {"sessions": sessions, "people": people}
