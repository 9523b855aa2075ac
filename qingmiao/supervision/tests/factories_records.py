"""A small hand-built growth record: one cadre (张伟, the `cadre` login, in unit A) with what
selection and cultivation hold of them over 2025 and 2026, written directly so the tests know
every line the timeline should show."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from qingmiao.cultivation.models import (
    Attendance,
    Deliverable,
    DeliverableOutcome,
    InvestmentRecord,
    MentoringLog,
    ProblemSolved,
)
from qingmiao.cultivation.tests.factories_attendance import make_session
from qingmiao.cultivation.tests.factories_mentoring import make_log, make_mentor, make_pair
from qingmiao.cultivation.tests.factories_practice import assignment
from qingmiao.selection.models import Application, Program, ProgramKind, ProgramStatus
from qingmiao.supervision.models import FitnessReview, FitnessSchedule

D = datetime.date
PROGRAM_START = D(2025, 1, 1)
APPLIED_ON = D(2025, 2, 10)


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


def recruit_program(organizer, *, name="新苗培优计划（2025—2027）", start=PROGRAM_START):
    return Program.objects.create(
        name=name,
        kind=ProgramKind.NEW_RECRUIT,
        organizer=organizer,
        status=ProgramStatus.RUNNING,
        entry_mode="recommendation",
        start_date=start,
    )


def enrol(program, cadre, *, created=APPLIED_ON) -> Application:
    app = Application.objects.create(
        program=program,
        cadre=cadre,
        mode=Application.Mode.RECOMMENDED,
        status=Application.Status.ELIGIBLE,
        outcome=Application.Outcome.IN_PROGRESS,
    )
    Application.objects.filter(pk=app.pk).update(created_at=at(created))
    return app


def attend(session, cadre, hours: str):
    return Attendance.objects.create(
        session=session,
        cadre=cadre,
        status=Attendance.Status.PRESENT,
        method=Attendance.Method.ROSTER,
        credited_hours=Decimal(hours),
    )


def small_record(people) -> SimpleNamespace:
    """张伟's record. By year (what the timeline must show):

    2025: selection 1 (applied 02-10), training 1 (05-10, 3 h), mentoring 1 (06-01),
          results 1 (problem solved 11-11)                                 → 4 events, 3 h
    2026: training 1 (03-15, 2.5 h), practice 1 (03-01), mentoring 1 (04-02),
          results 3 (report 05-20, adopted 07-01, 500 万元 invested 08-08),
          fitness 1 (period ending 2026-01-31)                            → 7 events, 2.5 h
    """
    root, cadre = people.tree.root, people.cadre_a
    cadre.hire_date = D(2024, 7, 31)
    cadre.save()
    program = recruit_program(root)
    enrol(program, cadre)
    s1 = make_session(root, program, starts_at=at(D(2025, 5, 10)), title="政治理论专题")
    s2 = make_session(root, program, starts_at=at(D(2026, 3, 15)), title="基层治理实务")
    attend(s1, cadre, "3")
    attend(s2, cadre, "2.5")
    mentor = make_mentor(people.mentor, unit=people.tree.unit_a)
    from qingmiao.cultivation.models import MentorRole

    MentorRole.objects.create(program=program, name="业务导师", sort=0)
    pair = make_pair(program, mentor.user, cadre, started_on=D(2025, 5, 1))
    make_log(pair, writer=people.mentor, date=D(2025, 6, 1), topic="入职谈心")
    make_log(pair, writer=people.mentor, date=D(2026, 4, 2), topic="项目复盘")
    assignment(
        cadre, program=program, start_date=D(2026, 3, 1), host_name="某乡镇人民政府", post="党政办"
    )
    deliverable = Deliverable.objects.create(
        program=program,
        kind=Deliverable.Kind.RESEARCH,
        title="乡村物流调研报告",
        submitted_on=D(2026, 5, 20),
    )
    deliverable.authors.add(cadre)
    DeliverableOutcome.objects.create(
        deliverable=deliverable,
        kind=DeliverableOutcome.Kind.ADOPTED,
        body="区政府",
        date=D(2026, 7, 1),
        recorded_by=people.org_admin,
    )
    investment = InvestmentRecord.objects.create(
        program=program,
        enterprise_name="某新材料有限公司",
        registered_capital=Decimal("500"),
        stage=InvestmentRecord.Stage.SIGNED,
        date=D(2026, 8, 8),
    )
    investment.cadres.add(cadre)
    problem = ProblemSolved.objects.create(
        program=program,
        title="用工难",
        beneficiary="某食品厂",
        beneficiary_kind=ProblemSolved.BeneficiaryKind.ENTERPRISE,
        outcome="招到 20 名工人",
        date=D(2025, 11, 11),
    )
    problem.cadres.add(cadre)
    schedule = FitnessSchedule.objects.create(
        program=program, interval_months=6, lead_days=30, created_by=people.org_admin
    )
    done = FitnessReview.objects.create(
        cadre=cadre,
        schedule=schedule,
        due_date=D(2026, 1, 31),
        period_start=D(2025, 7, 31),
        period_end=D(2026, 1, 31),
        status=FitnessReview.Status.DONE,
        judgement=FitnessReview.Judgement.MOSTLY_FIT,
        reasons="业务尚需熟悉",
        reviewer=people.officer_a,
        reviewed_on=D(2026, 2, 3),
    )
    return SimpleNamespace(
        program=program, schedule=schedule, done=done, pair=pair, logs=MentoringLog.objects.all()
    )
