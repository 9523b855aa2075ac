"""A program's cultivation overview, against figures counted by hand, per reader."""

import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from qingmiao.accounts.roles import Role
from qingmiao.accounts.tests.factories import UserFactory
from qingmiao.cultivation.models import (
    Attendance,
    Course,
    Deliverable,
    DeliverableOutcome,
    InvestmentRecord,
    MentoringLog,
    MentorPair,
    MentorRole,
    PracticeAssignment,
    ProblemSolved,
    Session,
    Team,
    TeamMember,
    Topic,
)
from qingmiao.cultivation.selectors import overview
from qingmiao.selection.tests.factories import make_program, running_program

pytestmark = pytest.mark.django_db
S = Attendance.Status


def _aware(y, m, d, h=9):
    return timezone.make_aware(datetime.datetime(y, m, d, h))


@pytest.fixture
def camp(people):
    """A running program of the root with three participants (张伟 and 李娜 in unit A, 王强 in
    unit B), a stage requiring 10 hours, and one of everything cultivation records."""
    admin, tree = people.org_admin, people.tree
    program = running_program(
        admin,
        [people.cadre_a, people.cadre_a2, people.cadre_b],
        stages=({"min_credit_hours": Decimal("10")},),
        name="火星计划训练营",
    )
    other = make_program(admin, name="另一个项目")
    topic = Topic.objects.create(organizer=tree.root, name="经济金融")
    course = Course.objects.create(
        organizer=tree.root, topic=topic, title="产业经济", credit_hours=4
    )

    def session(day, hours, *programs):
        s = Session.objects.create(
            organizer=tree.root,
            course=course,
            starts_at=_aware(*day),
            ends_at=_aware(*day, h=12),
            mode=Session.Mode.CLASSROOM,
            credit_hours=Decimal(hours),
        )
        s.programs.set(programs)
        return s

    s1 = session((2026, 5, 10), "4", program)
    s2 = session((2026, 6, 10), "6", program, other)  # one session serving two programs
    marks = [
        (s1, people.cadre_a, S.PRESENT, "4"),
        (s2, people.cadre_a, S.PRESENT, "6"),
        (s1, people.cadre_a2, S.LATE, "3"),
        (s2, people.cadre_a2, S.ABSENT, "0"),
        (s1, people.cadre_b, S.ABSENT, "0"),
        (s2, people.cadre_b, S.EXCUSED, "0"),
    ]
    for s, cadre, status, hours in marks:
        Attendance.objects.create(
            session=s,
            cadre=cadre,
            status=status,
            method=Attendance.Method.ROSTER,
            credited_hours=Decimal(hours),
        )
    role = MentorRole.objects.create(program=program, name="业务导师")
    mentor2 = UserFactory(username="mentor2", role=Role.MENTOR, org_unit=tree.unit_b)
    today = timezone.localdate()
    pair1 = MentorPair.objects.create(
        program=program, role=role, mentor=people.mentor, mentee=people.cadre_a,
        status=MentorPair.Status.ACTIVE, last_log_on=today - timedelta(days=7),
    )  # fmt: skip
    MentorPair.objects.create(
        program=program, role=role, mentor=mentor2, mentee=people.cadre_b,
        status=MentorPair.Status.ACTIVE,
    )  # fmt: skip  # never logged: quiet
    for date, minutes in ((datetime.date(2026, 10, 8), 30), (datetime.date(2026, 10, 20), 60),
                          (datetime.date(2026, 11, 3), 45)):  # fmt: skip
        MentoringLog.objects.create(
            pair=pair1, date=date, mode=MentoringLog.Mode.TALK, topic="谈心",
            duration_minutes=minutes, written_by=people.mentor,
        )  # fmt: skip
    team = Team.objects.create(program=program, name="第一组", formation=Team.Formation.SELF)
    for cadre in (people.cadre_a, people.cadre_a2):
        TeamMember.objects.create(team=team, program=program, cadre=cadre)
    d1, _, d3 = (
        Deliverable.objects.create(
            program=program,
            kind=kind,
            title=title,
            team=team,
            submitted_on=datetime.date(2026, 9, 1),
        )
        for kind, title in (
            ("bottleneck", "堵点一"),
            ("bottleneck", "堵点二"),
            ("proposal", "献策一"),
        )
    )
    for d, kind in ((d1, "adopted"), (d1, "planned"), (d3, "converted")):
        DeliverableOutcome.objects.create(
            deliverable=d, kind=kind, body="区发改局", date=datetime.date(2026, 10, 1),
            evidence="批示", recorded_by=admin,
        )  # fmt: skip
    for name, capital, stage in (("甲公司", "6000.00", "settled"), ("乙公司", "1234.56", "signed")):
        InvestmentRecord.objects.create(
            program=program, enterprise_name=name, registered_capital=Decimal(capital),
            stage=stage, date=datetime.date(2026, 9, 1), team=team,
        )  # fmt: skip
    ProblemSolved.objects.create(
        program=program, title="用地指标", beneficiary="甲公司", outcome="已解决",
        date=datetime.date(2026, 9, 9), team=team,
    )  # fmt: skip
    for cadre, kind, status in (
        (people.cadre_a, "village", "under_way"),
        (people.cadre_b, "village", "finished"),
        (people.cadre_a2, "secondment", "under_way"),
    ):
        PracticeAssignment.objects.create(
            program=program, cadre=cadre, kind=kind, status=status, host_name="东湖村",
            place="东湖村", start_date=datetime.date(2026, 3, 1),
            end_date=datetime.date(2026, 12, 31),
        )  # fmt: skip
    return program


def test_the_organizer_sees_the_whole_program_counted_by_hand(people, camp):
    ov = overview.program_overview(people.org_admin, camp)
    assert ov.required_hours == Decimal("10")
    assert (ov.participants, ov.trained, ov.roster_rows, ov.person_times) == (3, 3, 6, 3)
    assert ov.hours_total == Decimal("13")  # 4 + 6 + 3
    assert ov.average_hours == Decimal("4.3")  # 13 / 3
    assert ov.attendance_rate == 50.0  # 3 of 6 roster rows
    # The hours-progress bands for 10 required (差 10–30 and 差 30 以上 cannot happen):
    # 王强 0 (尚无学时), 李娜 3 (short by 7: 差 10 学时以内), 张伟 10 (已达标).
    assert [(b.label, b.n) for b in ov.hours_bands] == [
        ("尚无学时", 1), ("差 10 学时以内", 1), ("已达标", 1),
    ]  # fmt: skip
    assert ov.meeting_requirement == 1
    months = [(r["month"].month, r["rows"], r["present"]) for r in ov.attendance_by_month]
    assert months == [(5, 3, 2), (6, 3, 1)]
    assert (ov.pairs_active, ov.pairs_quiet, ov.mentees) == (2, 1, 2)
    assert [(r["month"].month, r["n"], r["minutes"]) for r in ov.logs_by_month] == [
        (10, 2, 90),
        (11, 1, 45),
    ]
    assert (ov.logs_total, ov.log_minutes, ov.logs_per_pair) == (3, 135, Decimal("1.5"))
    assert [(r["kind"], r["n"], r["under_way"]) for r in ov.practice_by_kind] == [
        ("secondment", 1, 1),
        ("village", 2, 1),
    ]
    assert (ov.teams, ov.team_members) == (1, 2)
    assert [
        (r["kind"], r["n"], r["adopted"], r["converted"], r["planned"])
        for r in ov.deliverables_by_kind
    ] == [("bottleneck", 2, 1, 0, 1), ("proposal", 1, 0, 1, 0)]
    assert (ov.deliverables, ov.adopted, ov.converted, ov.planned) == (3, 1, 1, 1)
    assert (ov.enterprises, ov.enterprises_settled) == (2, 1)
    assert ov.capital_total == Decimal("7234.56")
    assert ov.capital_settled == Decimal("6000.00")
    assert ov.problems_solved == 1


def test_a_unit_officer_counts_only_their_own_subtree(people, camp):
    ov = overview.program_overview(people.officer_a, camp)
    # 张伟 and 李娜 (unit A); 王强 (unit B) is outside.
    assert (ov.participants, ov.trained, ov.roster_rows, ov.person_times) == (2, 2, 4, 3)
    assert ov.hours_total == Decimal("13")
    assert ov.attendance_rate == 75.0
    assert [b.n for b in ov.hours_bands] == [0, 1, 1]
    assert (ov.pairs_active, ov.pairs_quiet) == (1, 0)


def test_the_overview_runs_a_fixed_number_of_queries(people, camp, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        overview.program_overview(people.org_admin, camp)
    session = Session.objects.filter(programs=camp).first()
    for i in range(5):
        extra = UserFactory(username=f"m{i}", role=Role.MENTOR)
        pair = MentorPair.objects.create(
            program=camp, role=MentorRole.objects.get(program=camp), mentor=extra,
            mentee=people.cadre_a2 if i == 0 else people.cadre_b, status="ended",
        )  # fmt: skip
        MentoringLog.objects.create(
            pair=pair, date=datetime.date(2026, 9, 1 + i), mode="talk", topic="t",
            duration_minutes=10, written_by=extra,
        )  # fmt: skip
        Deliverable.objects.create(program=camp, kind="research", title=f"调研{i}",
                                   submitted_on=datetime.date(2026, 9, 1))  # fmt: skip
    Session.objects.filter(pk=session.pk).update(credit_hours=8)
    with CaptureQueriesContext(connection) as large:
        overview.program_overview(people.org_admin, camp)
    assert len(large) == len(small)


EVERYONE = [
    "org_admin", "officer_a", "officer_b", "leader", "cadre_user", "mentor", "rater", "host",
    "inspector", "sysadmin", "secadmin", "auditor",
]  # fmt: skip
READERS = {"org_admin", "officer_a", "officer_b", "leader"}


@pytest.mark.parametrize("persona", EVERYONE)
def test_the_overview_page_per_role(people, camp, login, persona):
    response = login(getattr(people, persona)).get(reverse("cultivation:overview", args=[camp.pk]))
    assert response.status_code == (200 if persona in READERS else 403)
    if response.status_code == 200:
        html = response.content.decode()
        assert "培养概况" in html and "学时分布" in html
        assert 'data-testid="fig-participants">' in html


@pytest.mark.parametrize("persona", sorted(READERS))
def test_a_draft_program_is_out_of_scope_for_readers_outside_the_organizer(people, login, persona):
    draft = make_program(people.org_admin, name="草稿项目", organizer=people.tree.unit_b)
    response = login(getattr(people, persona)).get(reverse("cultivation:overview", args=[draft.pk]))
    # Drafts are read by the organizer side of their unit subtree only.
    expected = 200 if persona in ("org_admin", "leader") else 404
    assert response.status_code == expected


def test_the_index_opens_the_newest_program_or_says_there_is_none(people, login):
    client = login(people.org_admin)
    response = client.get(reverse("cultivation:overview_index"))
    assert response.status_code == 200
    assert "还没有已发布的培养项目" in response.content.decode()
    program = running_program(people.org_admin, [people.cadre_a], name="新项目")
    response = client.get(reverse("cultivation:overview_index"))
    assert response.status_code == 302
    assert response.url == reverse("cultivation:overview", args=[program.pk])


def test_the_page_shows_the_hand_counted_figures_and_english(people, camp, login):
    client = login(people.org_admin)
    html = client.get(reverse("cultivation:overview", args=[camp.pk])).content.decode()
    assert 'data-testid="fig-participants">3<' in html
    assert 'data-testid="fig-attendance-rate">50.0%<' in html
    assert "注册资本 7234.56 万元" in html
    client.cookies["django_language"] = "en"
    html = client.get(reverse("cultivation:overview", args=[camp.pk])).content.decode()
    assert "Cultivation overview" in html


def test_the_picker_opens_the_chosen_program(people, camp, login):
    client = login(people.org_admin)
    response = client.get(reverse("cultivation:overview_index"), {"program": camp.pk})
    assert response.status_code == 302
    assert response.url == reverse("cultivation:overview", args=[camp.pk])
    html = client.get(response.url).content.decode()
    assert "onchange" not in html and "data-autosubmit" in html
