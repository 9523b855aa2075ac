"""课程体系's changes: topics, lecturers, bases, routes, courses, sessions and study trips.

Every function checks `cultivation.manage_curriculum` and that the record's organizer lies in
the actor's unit subtree, refuses bad input field by field (nothing is saved then), and audits
the change in its own transaction. A record still in use is archived (bases, routes) or kept
(a topic with courses, a course with sessions...): it is deleted only when nothing refers to it.
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from qingmiao.accounts import audit
from qingmiao.selection.models import Program, Track

from ..models import Course, Lecturer, SiteRoute, Topic, TrainingBase
from ._curriculum_common import (
    Kind,
    _create,
    _delete,
    _duplicate,
    _foreign,
    _not_negative,
    _programs_check,
    _require_managed,
    _snap,
    _update,
)

TOPIC_FIELDS = ["organizer", "name", "description", "sort"]
LECTURER_FIELDS = ["organizer", "name", "kind", "affiliation", "title", "user"]
BASE_FIELDS = ["organizer", "name", "address", "field", "description", "is_active"]
ROUTE_FIELDS = ["organizer", "name", "stops", "is_active"]
COURSE_FIELDS = ["organizer", "topic", "title", "credit_hours", "description"]
# --- topics ----------------------------------------------------------------------------------


def _topic_check(topic, m2m, errors) -> None:
    _duplicate(Topic, topic, errors, "name", _("本单位已有同名专题。"))


TOPIC = Kind(Topic, TOPIC_FIELDS, "cultivation.topic", lambda actor: _topic_check)


@transaction.atomic
def topic_create(*, actor, data: dict) -> Topic:
    return _create(TOPIC, actor=actor, data=data)


@transaction.atomic
def topic_update(*, actor, topic: Topic, data: dict) -> Topic:
    return _update(TOPIC, actor=actor, obj=topic, data=data)


@transaction.atomic
def topic_delete(*, actor, topic: Topic) -> None:
    n = topic.courses.count()
    in_use = _("该专题下还有 %(n)s 门课程，不能删除。") % {"n": n} if n else None
    _delete(actor=actor, obj=topic, event="cultivation.topic", in_use=in_use)


# --- lecturers -------------------------------------------------------------------------------


def _lecturer_check(lecturer, m2m, errors) -> None:
    _duplicate(
        Lecturer,
        lecturer,
        errors,
        "name",
        _("本单位已有同名、同单位的授课人。"),
        affiliation=lecturer.affiliation.strip(),
    )


LECTURER = Kind(Lecturer, LECTURER_FIELDS, "cultivation.lecturer", lambda actor: _lecturer_check)


@transaction.atomic
def lecturer_create(*, actor, data: dict) -> Lecturer:
    return _create(LECTURER, actor=actor, data=data)


@transaction.atomic
def lecturer_update(*, actor, lecturer: Lecturer, data: dict) -> Lecturer:
    return _update(LECTURER, actor=actor, obj=lecturer, data=data)


@transaction.atomic
def lecturer_delete(*, actor, lecturer: Lecturer) -> None:
    n = lecturer.courses.count()
    in_use = _("该授课人还讲授 %(n)s 门课程，不能删除。") % {"n": n} if n else None
    _delete(actor=actor, obj=lecturer, event="cultivation.lecturer", in_use=in_use)


# --- training bases and site routes ----------------------------------------------------------


def _base_check(base, m2m, errors) -> None:
    _duplicate(TrainingBase, base, errors, "name", _("本单位已有同名教学基地。"))


BASE = Kind(TrainingBase, BASE_FIELDS, "cultivation.base", lambda actor: _base_check)


@transaction.atomic
def base_create(*, actor, data: dict) -> TrainingBase:
    return _create(BASE, actor=actor, data=data)


@transaction.atomic
def base_update(*, actor, base: TrainingBase, data: dict) -> TrainingBase:
    return _update(BASE, actor=actor, obj=base, data=data)


@transaction.atomic
def base_delete(*, actor, base: TrainingBase) -> None:
    sessions, routes = base.sessions.count(), base.routes.count()
    in_use = None
    if sessions or routes:
        in_use = _(
            "该基地已安排 %(s)s 次授课、列入 %(r)s 条观摩线路，不能删除；不再使用时请停用。"
        ) % {"s": sessions, "r": routes}
    _delete(actor=actor, obj=base, event="cultivation.base", in_use=in_use)


def _route_check(route, m2m, errors) -> None:
    _duplicate(SiteRoute, route, errors, "name", _("本单位已有同名观摩线路。"))
    foreign = _foreign(m2m.get("bases") or (), route.organizer_id)
    if foreign:
        errors["bases"] = _("只能选择本单位的教学基地：%(names)s 不属于本单位。") % {
            "names": "、".join(foreign)
        }


ROUTE = Kind(SiteRoute, ROUTE_FIELDS, "cultivation.route", lambda actor: _route_check)


@transaction.atomic
def route_create(*, actor, data: dict, bases: Iterable[TrainingBase] = ()) -> SiteRoute:
    return _create(ROUTE, actor=actor, data=data, m2m={"bases": list(bases)})


@transaction.atomic
def route_update(
    *, actor, route: SiteRoute, data: dict, bases: Iterable[TrainingBase] | None = None
) -> SiteRoute:
    # Bases not given stay as they are, and are checked against a changed organizer.
    chosen = list(route.bases.all()) if bases is None else list(bases)
    return _update(ROUTE, actor=actor, obj=route, data=data, m2m={"bases": chosen})


@transaction.atomic
def route_delete(*, actor, route: SiteRoute) -> None:
    n = route.sessions.count()
    in_use = _("该线路已安排 %(n)s 次授课，不能删除；不再使用时请停用。") % {"n": n} if n else None
    _delete(actor=actor, obj=route, event="cultivation.route", in_use=in_use)


@transaction.atomic
def place_set_active(*, actor, place: TrainingBase | SiteRoute, active: bool):
    """停用 / 重新启用 a base or route: archived places leave the choices of new sessions."""
    _require_managed(actor, place)
    before = _snap(place)
    place.is_active = active
    place.save(update_fields=["is_active"])
    kind = "base" if isinstance(place, TrainingBase) else "route"
    audit.record(
        f"cultivation.{kind}.{'restored' if active else 'archived'}",
        actor=actor,
        obj=place,
        changes=audit.diff(before, _snap(place)),
    )
    return place


# --- courses ---------------------------------------------------------------------------------


def _course_check(actor):
    def check(course, m2m, errors) -> None:
        _not_negative(errors, "credit_hours", course.credit_hours)
        _duplicate(Course, course, errors, "title", _("本单位已有同名课程。"))
        if course.topic_id and course.topic.organizer_id != course.organizer_id:
            errors["topic"] = _("只能选择本单位的专题。")
        foreign = _foreign(m2m.get("lecturers") or (), course.organizer_id)
        if foreign:
            errors["lecturers"] = _("只能选择本单位的授课人：%(names)s 不属于本单位。") % {
                "names": "、".join(foreign)
            }
        programs = m2m.get("programs") or []
        _programs_check(actor, programs, errors)
        program_ids = {p.pk for p in programs}
        stray = [str(t) for t in m2m.get("tracks") or () if t.program_id not in program_ids]
        if stray:
            errors["tracks"] = _("赛道“%(names)s”不属于所选培养项目。") % {
                "names": "、".join(stray)
            }

    return check


def _course_m2m(lecturers, programs, tracks) -> dict:
    return {
        "lecturers": None if lecturers is None else list(lecturers),
        "programs": None if programs is None else list(programs),
        "tracks": None if tracks is None else list(tracks),
    }


COURSE = Kind(Course, COURSE_FIELDS, "cultivation.course", _course_check)


@transaction.atomic
def course_create(
    *,
    actor,
    data: dict,
    lecturers: Iterable[Lecturer] = (),
    programs: Iterable[Program] = (),
    tracks: Iterable[Track] = (),
) -> Course:
    return _create(COURSE, actor=actor, data=data, m2m=_course_m2m(lecturers, programs, tracks))


@transaction.atomic
def course_update(
    *,
    actor,
    course: Course,
    data: dict,
    lecturers: Iterable[Lecturer] | None = None,
    programs: Iterable[Program] | None = None,
    tracks: Iterable[Track] | None = None,
) -> Course:
    m2m = _course_m2m(lecturers, programs, tracks)
    # Fields not given keep their values, and the checks read them as they are.
    for name in ("lecturers", "programs", "tracks"):
        if m2m[name] is None:
            m2m[name] = list(getattr(course, name).all())
    return _update(COURSE, actor=actor, obj=course, data=data, m2m=m2m)


@transaction.atomic
def course_delete(*, actor, course: Course) -> None:
    n = course.sessions.count()
    in_use = _("该课程已有 %(n)s 次授课安排，不能删除。") % {"n": n} if n else None
    _delete(actor=actor, obj=course, event="cultivation.course", in_use=in_use)


# --- sessions and study trips live in their own module; callers import from here ------------

from .curriculum_sessions import (  # noqa: E402  (re-exported: one place to import from)
    session_create,
    session_delete,
    session_update,
    trip_create,
    trip_delete,
    trip_participant_remove,
    trip_participants_add,
    trip_update,
)

__all__ = [
    "session_create", "session_delete", "session_update", "trip_create", "trip_delete",
    "trip_participant_remove", "trip_participants_add", "trip_update",
]  # fmt: skip
