"""授课安排 and 外出学习: a course's sessions and the study-trip batches (see curriculum.py)."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qingmiao.accounts import audit, scoping
from qingmiao.cadres.models import Cadre
from qingmiao.selection.models import Program

from ..models import Session, StudyTrip, StudyTripParticipant
from ._curriculum_common import (
    Kind,
    _create,
    _delete,
    _not_negative,
    _programs_check,
    _require,
    _require_managed,
    _update,
)

SESSION_FIELDS = [
    "organizer", "course", "title", "starts_at", "ends_at", "mode", "place", "base", "route",
    "credit_hours", "status",
]  # fmt: skip
TRIP_FIELDS = [
    "organizer", "program", "batch", "title", "destinations", "start_date", "end_date",
    "credit_hours",
]  # fmt: skip


def _session_check(actor, changed_place: tuple):
    def check(session: Session, m2m, errors) -> None:
        if session.starts_at and session.ends_at and session.ends_at <= session.starts_at:
            errors["ends_at"] = _("结束时间须晚于开始时间。")
        if session.course_id and session.course.organizer_id != session.organizer_id:
            errors["course"] = _("只能选择本单位的课程。")
        if session.credit_hours is None and session.course_id:
            session.credit_hours = session.course.credit_hours  # the course's hours by default
        _not_negative(errors, "credit_hours", session.credit_hours)
        for field, label in (("base", _("教学基地")), ("route", _("观摩线路"))):
            place = getattr(session, field)
            if place is None:
                continue
            if place.organizer_id != session.organizer_id:
                errors[field] = _("只能选择本单位的%(what)s。") % {"what": label}
            elif not place.is_active and field in changed_place:
                errors[field] = _("该%(what)s已停用。") % {"what": label}
        if session.mode == Session.Mode.ONSITE and not session.base_id and not session.route_id:
            errors["base"] = _("现场教学须选择教学基地或观摩线路。")
        _programs_check(actor, m2m.get("programs") or [], errors)

    return check


SESSION = Kind(
    Session,
    SESSION_FIELDS,
    "cultivation.session",
    lambda actor: _session_check(actor, ("base", "route")),
)


@transaction.atomic
def session_create(*, actor, data: dict, programs: Iterable[Program] = ()) -> Session:
    """A session; its credit hours are the course's unless given."""
    data = {"credit_hours": None, **data}
    return _create(
        SESSION, actor=actor, obj=Session(created_by=actor), data=data,
        m2m={"programs": list(programs)},
    )  # fmt: skip


@transaction.atomic
def session_update(
    *, actor, session: Session, data: dict, programs: Iterable[Program] | None = None
) -> Session:
    changed = tuple(f for f in ("base", "route") if f in data and data[f] != getattr(session, f))
    chosen = list(session.programs.all()) if programs is None else list(programs)
    return _update(
        SESSION, actor=actor, obj=session, data=data, m2m={"programs": chosen},
        check=_session_check(actor, changed),
    )  # fmt: skip


@transaction.atomic
def session_delete(*, actor, session: Session) -> None:
    used = session.attendance.exists() or session.make_ups.exists() or session.feedback.exists()
    in_use = (
        _("该授课安排已有出勤或评课记录，不能删除；如未举办，请把状态改为“已取消”。")
        if used
        else None
    )
    _delete(actor=actor, obj=session, event="cultivation.session", in_use=in_use)


# --- study trips -----------------------------------------------------------------------------


def _trip_check(actor):
    def check(trip: StudyTrip, m2m, errors) -> None:
        if trip.start_date and trip.end_date and trip.end_date < trip.start_date:
            errors["end_date"] = _("结束日期不能早于开始日期。")
        _not_negative(errors, "credit_hours", trip.credit_hours)
        visible = scoping.visible(actor, Program)
        if trip.program_id and not visible.filter(pk=trip.program_id).exists():
            errors["program"] = _("只能选择您可以查看的培养项目。")
        if trip.batch is not None:
            # A batch number is unique within the organizer's trips of one program (or of none).
            others = StudyTrip.objects.filter(
                organizer_id=trip.organizer_id, program=trip.program, batch=trip.batch
            ).exclude(pk=trip.pk)
            if others.exists():
                errors["batch"] = _("已有第 %(n)s 批次的外出学习。") % {"n": trip.batch}

    return check


def _in_scope(actor, cadres: list[Cadre]) -> list[Cadre]:
    """The chosen cadres, refused when any lies outside the actor's register (not named:
    a name the actor may not read is not told)."""
    ids = {c.pk for c in cadres}
    seen = set(scoping.visible(actor, Cadre).filter(pk__in=ids).values_list("pk", flat=True))
    if len(seen) != len(ids):
        raise ValidationError(
            {"participants": _("有 %(n)s 名参学人员不在您的管理范围内。") % {"n": len(ids - seen)}}
        )
    return cadres


def _add(trip: StudyTrip, cadres: list[Cadre]) -> list[Cadre]:
    already = set(StudyTripParticipant.objects.filter(trip=trip).values_list("cadre_id", flat=True))
    new = [c for c in dict.fromkeys(cadres) if c.pk not in already]
    StudyTripParticipant.objects.bulk_create(StudyTripParticipant(trip=trip, cadre=c) for c in new)
    return new


TRIP = Kind(StudyTrip, TRIP_FIELDS, "cultivation.trip", _trip_check)


@transaction.atomic
def trip_create(*, actor, data: dict, participants: Iterable[Cadre] = ()) -> StudyTrip:
    _require(actor)  # before the participants are looked at
    people = _in_scope(actor, list(participants))
    trip = _create(TRIP, actor=actor, data=data)
    if people:
        added = _add(trip, people)
        audit.record(
            "cultivation.trip.participants_added",
            actor=actor,
            obj=trip,
            extra={"count": len(added), "cadres": [c.pk for c in added]},
        )
    return trip


@transaction.atomic
def trip_update(*, actor, trip: StudyTrip, data: dict) -> StudyTrip:
    return _update(TRIP, actor=actor, obj=trip, data=data)


@transaction.atomic
def trip_delete(*, actor, trip: StudyTrip) -> None:
    # The participants go with the batch: the trip's hours were never counted elsewhere.
    _delete(actor=actor, obj=trip, event="cultivation.trip", in_use=None)


@transaction.atomic
def trip_participants_add(*, actor, trip: StudyTrip, cadres: Iterable[Cadre]) -> int:
    """Add cadres from the register in the actor's scope; those already on the trip are
    skipped. Returns how many were added."""
    _require_managed(actor, trip)
    people = list(cadres)
    if not people:
        raise ValidationError({"participants": _("请选择参学人员。")})
    added = _add(trip, _in_scope(actor, people))
    audit.record(
        "cultivation.trip.participants_added",
        actor=actor,
        obj=trip,
        extra={"count": len(added), "cadres": [c.pk for c in added]},
    )
    return len(added)


@transaction.atomic
def trip_participant_remove(*, actor, trip: StudyTrip, cadre: Cadre) -> None:
    _require_managed(actor, trip)
    deleted, _rows = StudyTripParticipant.objects.filter(trip=trip, cadre=cadre).delete()
    if not deleted:
        raise ValidationError({"participants": _("此人不在本批次参学人员中。")})
    audit.record(
        "cultivation.trip.participant_removed",
        actor=actor,
        obj=trip,
        extra={"cadre": cadre.pk},
    )
