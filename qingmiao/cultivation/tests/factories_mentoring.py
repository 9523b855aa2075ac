"""Mentoring test data: a running program with participants, roles, mentor profiles, and
active pairs made the way the product makes them (matching, then confirming)."""

import datetime

from qingmiao.accounts.roles import Role
from qingmiao.accounts.tests.factories import UserFactory
from qingmiao.cultivation.models import MentoringLog, MentorPair, MentorProfile, MentorRole
from qingmiao.selection.models import Application, Program, ProgramKind, ProgramStatus


def make_program(organizer, *, name="新苗培优计划", cadres=(), roles=("政治导师", "业务导师")):
    program = Program.objects.create(
        name=name,
        kind=ProgramKind.NEW_RECRUIT,
        organizer=organizer,
        status=ProgramStatus.RUNNING,
        entry_mode="recommendation",
        start_date=datetime.date(2026, 1, 1),
    )
    enrol(program, cadres)
    for i, role in enumerate(roles):
        MentorRole.objects.create(program=program, name=role, sort=i)
    return program


def enrol(program, cadres):
    for c in cadres:
        Application.objects.create(
            program=program,
            cadre=c,
            mode=Application.Mode.RECOMMENDED,
            status=Application.Status.ELIGIBLE,
            outcome=Application.Outcome.IN_PROGRESS,
        )


def make_mentor(user=None, *, unit=None, capacity=3, specialties="", roles=("政治导师", "业务导师"),
                username=None, full_name="", kind=MentorProfile.Kind.LEADER):  # fmt: skip
    if user is None:
        extra = {k: v for k, v in (("username", username), ("full_name", full_name)) if v}
        user = UserFactory(role=Role.MENTOR, org_unit=unit, **extra)
    return MentorProfile.objects.create(
        user=user,
        kind=kind,
        unit=unit,
        capacity=capacity,
        specialties=specialties,
        role_names=list(roles),
    )


def make_pair(program, mentor, mentee, *, role=None, status=MentorPair.Status.ACTIVE,
              started_on=datetime.date(2026, 9, 1), last_log_on=None):  # fmt: skip
    role = role or program.mentor_roles.order_by("sort").first()
    return MentorPair.objects.create(
        program=program,
        role=role,
        mentor=mentor,
        mentee=mentee,
        status=status,
        started_on=started_on if status != MentorPair.Status.PROPOSED else None,
        last_log_on=last_log_on,
    )


def make_log(pair, *, writer, date=datetime.date(2026, 10, 10), confirmed_by=None, minutes=60,
             topic="谈心谈话"):  # fmt: skip
    from django.utils import timezone

    return MentoringLog.objects.create(
        pair=pair,
        date=date,
        mode=MentoringLog.Mode.TALK,
        topic=topic,
        duration_minutes=minutes,
        written_by=writer,
        confirmed_by=confirmed_by,
        confirmed_at=timezone.now() if confirmed_by else None,
    )
