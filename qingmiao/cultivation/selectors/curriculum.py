"""Scoped reads of the curriculum: one getter per resource (404 outside the scope), a managed
getter for changes (the organizer in the user's subtree), the lists with what their rows show,
and the roll-ups the overview pages call.

The catalogue is readable by every role with `cultivation.view_curriculum` (see scopes.py);
changing a record needs `cultivation.manage_curriculum` and its organizer in the user's subtree.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Model, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from qingmiao.accounts import scoping
from qingmiao.cadres.filters import search_q
from qingmiao.cadres.models import Cadre, OrgUnit
from qingmiao.selection.models import Program, Track

from ..models import (
    Course,
    Lecturer,
    Session,
    SiteRoute,
    StudyTrip,
    StudyTripParticipant,
    Topic,
    TrainingBase,
)

MANAGE = "cultivation.manage_curriculum"


def _managed(user, qs: QuerySet) -> QuerySet:
    """The records the user may change: organized inside their unit subtree."""
    if not user.has_perm(MANAGE):
        return qs.none()
    subtree = scoping.unit_subtree_filter(user, "organizer")
    return qs.none() if subtree is None else scoping.visible(user, qs.filter(subtree))


def manages(user, obj: Model) -> bool:
    return _managed(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()


def managed_ids(user, rows) -> set:
    """Which of a page's rows the user may change, in one query."""
    rows = list(rows)
    if not rows:
        return set()
    model = type(rows[0])
    qs = _managed(user, model._default_manager.filter(pk__in=[r.pk for r in rows]))
    return set(qs.values_list("pk", flat=True))


def choices(user, model) -> QuerySet:
    """What a form of the user offers: the records they manage (active places only)."""
    qs = _managed(user, model._default_manager.all())
    if model in (TrainingBase, SiteRoute):
        qs = qs.filter(is_active=True)
    return qs.select_related(None)


def organizer_choices(user) -> QuerySet[OrgUnit]:
    subtree = scoping.unit_subtree_filter(user, "pk")
    if subtree is None or not user.has_perm(MANAGE):
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(subtree).order_by("path")


def program_choices(user) -> QuerySet[Program]:
    return scoping.visible(user, Program).order_by("-created_at", "-id")


def track_choices(user) -> QuerySet[Track]:
    return (
        Track.objects.filter(program__in=program_choices(user).values("pk"))
        .select_related("program")
        .order_by("program_id", "sort", "id")
    )


# --- topics ----------------------------------------------------------------------------------


def topic_list(user) -> QuerySet[Topic]:
    return (
        scoping.visible(user, Topic)
        .select_related("organizer")
        .annotate(course_count=Count("courses"))
        .order_by("sort", "id")
    )


def topic_get(user, pk) -> Topic:
    """A topic as its list shows it (with its course count), or 404."""
    return scoping.get_visible_or_404(user, topic_list(user), pk=pk)


def managed_topic_get(user, pk) -> Topic:
    return scoping.get_visible_or_404(user, _managed(user, Topic.objects.all()), pk=pk)


# --- lecturers -------------------------------------------------------------------------------


def lecturer_list(user) -> QuerySet[Lecturer]:
    return (
        scoping.visible(user, Lecturer)
        .select_related("organizer")
        .annotate(course_count=Count("courses"))
        .order_by("kind", "name", "id")
    )


def lecturer_get(user, pk) -> Lecturer:
    return scoping.get_visible_or_404(user, lecturer_list(user), pk=pk)


def managed_lecturer_get(user, pk) -> Lecturer:
    return scoping.get_visible_or_404(user, _managed(user, Lecturer.objects.all()), pk=pk)


# --- bases and routes ------------------------------------------------------------------------


def base_list(user) -> QuerySet[TrainingBase]:
    return (
        scoping.visible(user, TrainingBase)
        .select_related("organizer")
        .annotate(
            session_count=Count("sessions", distinct=True),
            route_count=Count("routes", distinct=True),
        )
        .order_by("-is_active", "name", "id")
    )


def base_get(user, pk) -> TrainingBase:
    qs = base_list(user).prefetch_related(Prefetch("routes", SiteRoute.objects.order_by("name")))
    return scoping.get_visible_or_404(user, qs, pk=pk)


def managed_base_get(user, pk) -> TrainingBase:
    return scoping.get_visible_or_404(user, _managed(user, TrainingBase.objects.all()), pk=pk)


def route_list(user) -> QuerySet[SiteRoute]:
    return (
        scoping.visible(user, SiteRoute)
        .select_related("organizer")
        .prefetch_related(Prefetch("bases", TrainingBase.objects.order_by("name")))
        .annotate(session_count=Count("sessions", distinct=True))
        .order_by("-is_active", "name", "id")
    )


def route_get(user, pk) -> SiteRoute:
    return scoping.get_visible_or_404(user, route_list(user), pk=pk)


def managed_route_get(user, pk) -> SiteRoute:
    return scoping.get_visible_or_404(user, _managed(user, SiteRoute.objects.all()), pk=pk)


# --- courses ---------------------------------------------------------------------------------

_COURSE_PREFETCH = (
    Prefetch("lecturers", Lecturer.objects.order_by("name")),
    Prefetch("programs", Program.objects.order_by("-created_at", "-id")),
    Prefetch("tracks", Track.objects.order_by("sort", "id")),
)


def course_list(user) -> QuerySet[Course]:
    return (
        scoping.visible(user, Course)
        .select_related("topic", "organizer")
        .prefetch_related(*_COURSE_PREFETCH)
        .annotate(session_count=Count("sessions"))
        .order_by("topic__sort", "topic_id", "title", "id")
    )


def course_get(user, pk) -> Course:
    return scoping.get_visible_or_404(user, course_list(user), pk=pk)


def managed_course_get(user, pk) -> Course:
    return scoping.get_visible_or_404(
        user, _managed(user, Course.objects.select_related("topic")), pk=pk
    )


# --- sessions --------------------------------------------------------------------------------


def session_list(user) -> QuerySet[Session]:
    return (
        scoping.visible(user, Session)
        .select_related("course__topic", "base", "route", "organizer")
        .prefetch_related(
            Prefetch("programs", Program.objects.order_by("-created_at", "-id")),
            Prefetch("course__lecturers", Lecturer.objects.order_by("name")),
        )
        .order_by("-starts_at", "-id")
    )


def session_get(user, pk) -> Session:
    qs = Session.objects.select_related(
        "course__topic", "base", "route", "organizer", "created_by"
    ).prefetch_related(
        Prefetch("programs", Program.objects.order_by("-created_at", "-id")),
        Prefetch("course__lecturers", Lecturer.objects.order_by("name")),
        Prefetch("route__bases", TrainingBase.objects.order_by("name")),
    )
    return scoping.get_visible_or_404(user, qs, pk=pk)


def managed_session_get(user, pk) -> Session:
    qs = _managed(user, Session.objects.select_related("course", "base", "route"))
    return scoping.get_visible_or_404(user, qs, pk=pk)


def upcoming_sessions(user, *, start: date | None = None, weeks: int = 2) -> QuerySet[Session]:
    """Sessions from the Monday of `start`'s week (today by default) for `weeks` weeks, not
    cancelled, in time order: the 近期授课 list groups them by week."""
    start = start or timezone.localdate()
    monday = start - timedelta(days=start.weekday())
    begin = timezone.make_aware(datetime.combine(monday, time.min))
    end = begin + timedelta(weeks=weeks)
    return (
        session_list(user)
        .filter(starts_at__gte=begin, starts_at__lt=end)
        .exclude(status=Session.Status.CANCELLED)
        .order_by("starts_at", "id")
    )


# --- study trips -----------------------------------------------------------------------------


def trip_list(user) -> QuerySet[StudyTrip]:
    return (
        scoping.visible(user, StudyTrip)
        .select_related("program", "organizer")
        .annotate(participant_count=Count("participants"))
        .order_by("-start_date", "batch", "id")
    )


def trip_get(user, pk) -> StudyTrip:
    return scoping.get_visible_or_404(user, trip_list(user), pk=pk)


def managed_trip_get(user, pk) -> StudyTrip:
    return scoping.get_visible_or_404(user, _managed(user, StudyTrip.objects.all()), pk=pk)


def trip_participants(user, trip: StudyTrip) -> QuerySet[StudyTripParticipant]:
    """The trip's participants the user may see (a cadre's record rule), by name."""
    return (
        scoping.visible(user, StudyTripParticipant)
        .filter(trip=trip)
        .select_related("cadre__unit")
        .order_by("cadre__name_pinyin", "cadre_id")
    )


def trip_candidates(user, text: str, *, limit: int = 30) -> list[Cadre]:
    """Cadres of the user's register matching a name or pinyin, to add to a trip."""
    text = text.strip()
    if not text:
        return []
    qs = scoping.visible(user, Cadre).filter(search_q(text)).select_related("unit")
    return list(qs.order_by("name_pinyin", "id")[:limit])


def cadres_in_scope(user, ids) -> list[Cadre]:
    """The cadres of `ids` the user may read."""
    return list(scoping.visible(user, Cadre).filter(pk__in=ids))


def cadres_by_ids(user, ids) -> list[Cadre]:
    """The cadres of `ids` to hand to a service: those the user may read, and a bare record
    (id only, nothing read) for each of the others, which the service counts and refuses."""
    ids = list(dict.fromkeys(int(i) for i in ids))
    found = cadres_in_scope(user, ids)
    known = {c.pk for c in found}
    return found + [Cadre(pk=i) for i in ids if i not in known]


# --- what a detail page lists --------------------------------------------------------------


def courses_of(user, *, topic=None, lecturer=None) -> QuerySet[Course]:
    """A topic's or a lecturer's courses, as the course list shows them."""
    courses = course_list(user)
    if topic is not None:
        courses = courses.filter(topic=topic)
    if lecturer is not None:
        courses = courses.filter(lecturers=lecturer)
    return courses


def sessions_of(user, *, course=None, base=None, route=None, limit: int = 20) -> list[Session]:
    """The latest sessions of a course, at a base (directly or on a route through it) or on a
    route, newest first."""
    sessions = session_list(user)
    if course is not None:
        sessions = sessions.filter(course=course)
    if base is not None:
        sessions = sessions.filter(Q(base=base) | Q(route__bases=base)).distinct()
    if route is not None:
        sessions = sessions.filter(route=route)
    return list(sessions[:limit])


# --- the catalogue home and the roll-ups -----------------------------------------------------


def catalogue_overview(user) -> dict[str, Any]:
    """The curriculum home: topics with course counts, places, the next sessions."""
    return {
        "topics": list(topic_list(user)),
        "base_count": scoping.visible(user, TrainingBase).filter(is_active=True).count(),
        "route_count": scoping.visible(user, SiteRoute).filter(is_active=True).count(),
        "lecturer_count": scoping.visible(user, Lecturer).count(),
        "trip_count": scoping.visible(user, StudyTrip).count(),
        "upcoming": list(
            upcoming_sessions(user)
            .filter(starts_at__gte=timezone.now())
            .select_related(None)
            .select_related("course", "base", "route")
            .prefetch_related(None)[:8]
        ),
    }


def curriculum_figures(user, program=None, unit=None, year=None) -> dict[str, Any]:
    """The curriculum's numbers for the overview pages, in SQL: sessions held and planned,
    the hours they offer, 大讲堂 sittings, study-trip batches and person-times. `program`
    narrows to its sessions and trips, `unit` the trips' participants to a unit subtree,
    `year` to sessions and trips starting that year."""
    sessions = scoping.visible(user, Session).exclude(status=Session.Status.CANCELLED)
    trips = scoping.visible(user, StudyTrip)
    people = scoping.visible(user, StudyTripParticipant)
    if program is not None:
        sessions = sessions.filter(programs=program)
        trips = trips.filter(program=program)
    if year is not None:
        sessions = sessions.filter(starts_at__year=year)
        trips = trips.filter(start_date__year=year)
    people = people.filter(trip__in=trips.values("pk"))
    if unit is not None:
        units = OrgUnit.objects.filter(path__startswith=unit.path).values("pk")
        people = people.filter(cadre__unit__in=units)
    by_mode = dict(sessions.values_list("mode").annotate(n=Count("pk")).values_list("mode", "n"))
    session_totals = sessions.aggregate(n=Count("pk"), hours=Sum("credit_hours"))
    return {
        "sessions": session_totals["n"],
        "session_hours": session_totals["hours"] or Decimal(0),
        "sessions_by_mode": {mode: by_mode.get(mode, 0) for mode in Session.Mode.values},
        "lecture_hall_sessions": by_mode.get(Session.Mode.LECTURE_HALL, 0),
        "trips": trips.count(),
        "trip_person_times": people.count(),
    }
