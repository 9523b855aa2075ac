"""授课安排: the session pages, and 近期授课 (the coming weeks' sessions, week by week)."""

from datetime import timedelta

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from ..forms import curriculum as forms
from ..selectors import curriculum as selectors
from ..services import curriculum as services
from ._catalogue import MANAGE, VIEW, Resource


def _initial(request) -> dict:
    """A new session from a course, base or route page starts with that one chosen."""
    return {k: request.GET[k] for k in ("course", "base", "route", "mode") if k in request.GET}


SESSION = Resource(
    key="session",
    title=gettext_lazy("授课安排"),
    noun=gettext_lazy("授课安排"),
    getter=selectors.session_get,
    managed_getter=selectors.managed_session_get,
    form=forms.SessionForm,
    create=lambda actor, form: services.session_create(
        actor=actor, data=form.model_data(), **form.m2m_data()
    ),
    update=lambda actor, obj, form: services.session_update(
        actor=actor, session=obj, data=form.model_data(), **form.m2m_data()
    ),
    delete=lambda actor, obj: services.session_delete(actor=actor, session=obj),
    filter_fields=(
        "q",
        "mode",
        "status",
        "topic",
        "program",
        "base",
        "route",
        "date_from",
        "date_to",
    ),
    form_initial=_initial,
)

WEEKS = 2


@never_cache
@permission_required(VIEW, raise_exception=True)
def upcoming(request):
    """近期授课: this week and the next, a card per week and a line per session; `?from=` moves
    the window by weeks."""
    today = timezone.localdate()
    start = parse_date(request.GET.get("from", "") or "") or today
    monday = start - timedelta(days=start.weekday())
    sessions = list(selectors.upcoming_sessions(request.user, start=monday, weeks=WEEKS))
    weeks = []
    for i in range(WEEKS):
        first = monday + timedelta(weeks=i)
        last = first + timedelta(days=6)
        rows = [s for s in sessions if first <= timezone.localtime(s.starts_at).date() <= last]
        current = first <= today <= last
        weeks.append({"first": first, "last": last, "sessions": rows, "current": current})
    return render(
        request,
        "cultivation/staff/curriculum/upcoming.html",
        {
            "weeks": weeks,
            "total": len(sessions),
            "previous": (monday - timedelta(weeks=WEEKS)).isoformat(),
            "next": (monday + timedelta(weeks=WEEKS)).isoformat(),
            "today": today,
            "can_manage": request.user.has_perm(MANAGE),
        },
    )
