"""Sessions, programs and participants for the attendance tests, built directly (the
curriculum's own screens are not what these tests exercise)."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from qingmiao.cultivation.models import Course, Session, Topic
from qingmiao.selection.models import Application, Program, ProgramKind, ProgramStatus


def make_program(organizer, name="青年干部训练营", **extra) -> Program:
    return Program.objects.create(
        name=name,
        kind=ProgramKind.TRAINING_CAMP,
        organizer=organizer,
        description="",
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
        status=ProgramStatus.RUNNING,
        entry_mode="recommendation",
        **extra,
    )


def enrol(program: Program, *cadres, outcome=Application.Outcome.IN_PROGRESS) -> None:
    for cadre in cadres:
        Application.objects.create(
            program=program,
            cadre=cadre,
            mode=Application.Mode.RECOMMENDED,
            status=Application.Status.ELIGIBLE,
            outcome=outcome,
        )


def make_session(
    organizer,
    *programs,
    starts_at=None,
    minutes: int = 180,
    hours="3",
    title="数字经济与产业变革",
    **extra,
) -> Session:
    topic, _ = Topic.objects.get_or_create(organizer=organizer, name="通识培训")
    course = Course.objects.create(organizer=organizer, topic=topic, title=title)
    starts_at = starts_at or timezone.now() - timedelta(hours=4)
    session = Session.objects.create(
        organizer=organizer,
        course=course,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        mode=Session.Mode.CLASSROOM,
        credit_hours=Decimal(hours),
        **extra,
    )
    session.programs.set(programs)
    return session
