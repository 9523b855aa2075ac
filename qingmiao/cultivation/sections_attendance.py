"""The attendance area's sections of the cadre's 我的培养 page (see personal_pages)."""

from django.utils import timezone

from . import personal_pages, signin
from .selectors import attendance as selectors


def _cadre(user):
    if not user.has_perm("cultivation.sign_in"):
        return None
    return selectors.own_cadre(user)


def today_context(user) -> dict | None:
    cadre = _cadre(user)
    if cadre is None:
        return None
    sessions = selectors.my_sessions_today(cadre)
    for s in sessions:
        s.signin_open = signin.is_open(s)
    return {"sessions": sessions, "today": timezone.localdate()}


def hours_context(user) -> dict | None:
    cadre = _cadre(user)
    if cadre is None:
        return None
    return selectors.my_hours(cadre, year=timezone.localdate().year)


def feedback_context(user) -> dict | None:
    cadre = _cadre(user)
    if cadre is None:
        return None
    sessions = list(selectors.awaiting_feedback(cadre)[:10])
    return {"sessions": sessions} if sessions else None


def makeups_context(user) -> dict | None:
    cadre = _cadre(user)
    if cadre is None:
        return None
    requests = list(selectors.my_makeups(user)[:10])
    can_ask = selectors.makeup_candidates(cadre).exists()
    if not requests and not can_ask:
        return None
    return {"requests": requests, "can_ask": can_ask}


personal_pages.register(
    "cadre", 10, "cultivation/self/section_attendance_today.html", today_context
)
personal_pages.register(
    "cadre", 11, "cultivation/self/section_attendance_hours.html", hours_context
)
personal_pages.register(
    "cadre", 12, "cultivation/self/section_attendance_feedback.html", feedback_context
)
personal_pages.register(
    "cadre", 13, "cultivation/self/section_attendance_makeups.html", makeups_context
)
