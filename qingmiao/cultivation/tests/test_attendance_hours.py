"""The hour rule and the roster, against hours worked out by hand."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from qingmiao.accounts.models import AuditEntry
from qingmiao.cultivation import hours
from qingmiao.cultivation.models import Attendance
from qingmiao.cultivation.selectors import attendance as selectors
from qingmiao.cultivation.services import attendance as services

from .factories_attendance import enrol, make_program, make_session

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.mark.parametrize(
    "status, late, early, expected",
    [
        ("present", 0, 0, "3"),  # full hours
        ("late", 20, 0, "2.5"),  # 160/180 × 3 = 2.67 → 2.5
        ("left_early", 0, 60, "2"),  # 120/180 × 3 = 2.0
        ("late_and_early", 40, 30, "1.5"),  # 110/180 × 3 = 1.83 → 1.5
        ("late", 179, 0, "0"),  # 1/180 × 3 = 0.017 → 0
        ("absent", 0, 0, "0"),
        ("excused", 0, 0, "0"),
    ],
)
def test_the_hour_rule(status, late, early, expected):
    got = hours.credited(
        hours=D("3"), status=status, minutes=180, minutes_late=late, minutes_early=early
    )
    assert got == D(expected)


def test_an_approved_make_up_earns_the_full_hours_whatever_the_mark():
    assert hours.credited(hours=D("4"), status="absent", minutes=240, made_up=True) == D("4")
    assert hours.credited(
        hours=D("4"), status="late", minutes=240, minutes_late=90, made_up=True
    ) == D("4")


@pytest.fixture
def course(people, tree):
    program = make_program(tree.root)
    enrol(program, people.cadre_a, people.cadre_a2)
    session = make_session(tree.root, program)
    return program, session


def rows(people, *marks):
    cadres = [people.cadre_a, people.cadre_a2]
    return [
        {"cadre": c.pk, "status": s, "minutes_late": late, "minutes_early": early}
        for c, (s, late, early) in zip(cadres, marks, strict=False)
    ]


def test_roster_saves_marks_and_credits_hours(people, course):
    _program, session = course
    result = services.roster_save(
        actor=people.org_admin,
        session=session,
        rows=rows(people, ("present", 0, 0), ("late_and_early", 40, 30)),
    )
    assert result == {"created": 2, "changed": 0}
    got = {a.cadre_id: a.credited_hours for a in Attendance.objects.all()}
    assert got == {people.cadre_a.pk: D("3"), people.cadre_a2.pk: D("1.5")}
    session.refresh_from_db()
    assert session.status == "held"
    assert AuditEntry.objects.filter(action="cultivation.attendance.roster_saved").count() == 1
    # Changing a mark recomputes the hours by the same rule.
    services.roster_save(
        actor=people.org_admin, session=session, rows=rows(people, ("late", 20, 0))
    )
    assert Attendance.objects.get(cadre=people.cadre_a).credited_hours == D("2.5")


def test_one_bad_row_refuses_the_whole_roster(people, course):
    _program, session = course
    with pytest.raises(ValidationError) as exc:
        services.roster_save(
            actor=people.org_admin,
            session=session,
            rows=rows(people, ("present", 0, 0), ("late", 0, 0)),
        )
    assert exc.value.message_dict == {"rows.1.minutes_late": ["迟到须填写迟到分钟数。"]}
    assert not Attendance.objects.exists()
    with pytest.raises(ValidationError) as exc:
        services.roster_save(
            actor=people.org_admin,
            session=session,
            rows=rows(people, ("present", 0, 0), ("late_and_early", 100, 80)),
        )
    assert "rows.1.minutes_late" in exc.value.message_dict
    assert not Attendance.objects.exists()


def test_roster_refuses_who_is_not_on_it_a_future_session_and_no_capability(people, course, tree):
    program, session = course
    with pytest.raises(ValidationError) as exc:
        services.roster_save(
            actor=people.org_admin,
            session=session,
            rows=[{"cadre": people.cadre_b.pk, "status": "present"}],
        )
    assert exc.value.message_dict == {"rows.0.status": ["该干部不在本次授课的名单中。"]}
    later = make_session(tree.root, program, starts_at=timezone.now() + timedelta(days=1))
    with pytest.raises(ValidationError, match="授课尚未开始"):
        services.roster_save(actor=people.org_admin, session=later, rows=[])
    with pytest.raises(PermissionDenied):
        services.roster_save(actor=people.officer_a, session=session, rows=[])
    assert not Attendance.objects.exists()


def test_roster_lists_participants_and_anyone_recorded(people, course, tree):
    program, session = course
    enrol(program, people.cadre_b, outcome="eliminated")  # no longer a participant
    listed = [c.pk for c, _a, _m in selectors.roster(people.org_admin, session)]
    assert sorted(listed) == sorted([people.cadre_a.pk, people.cadre_a2.pk])
    # An officer of unit A sees their own cadres only.
    listed = [c.pk for c, _a, _m in selectors.roster(people.officer_b, session)]
    assert listed == []


def test_a_session_in_two_programs_counts_for_each_and_once_for_the_year(people, tree):
    camp, course_b = make_program(tree.root), make_program(tree.root, name="成长营")
    enrol(camp, people.cadre_a)
    enrol(course_b, people.cadre_a)
    local = timezone.get_current_timezone()
    shared = make_session(
        tree.root,
        camp,
        course_b,
        hours="4",
        minutes=240,
        starts_at=datetime(2026, 3, 1, 9, tzinfo=local),
    )
    only_camp = make_session(
        tree.root, camp, hours="3", starts_at=datetime(2026, 3, 8, 9, tzinfo=local)
    )
    for s in (shared, only_camp):
        services.roster_save(
            actor=people.org_admin,
            session=s,
            rows=[{"cadre": people.cadre_a.pk, "status": "present"}],
        )
    pk = people.cadre_a.pk
    assert selectors.hours_by_cadre([pk], program=camp) == {pk: D("7")}
    assert selectors.hours_by_cadre([pk], program=course_b) == {pk: D("4")}
    assert selectors.hours_by_cadre([pk], year=2026) == {pk: D("7")}  # not 11


def test_the_year_boundary_is_the_local_new_year(people, tree):
    program = make_program(tree.root)
    enrol(program, people.cadre_a)
    local = timezone.get_current_timezone()
    # 23:30 on New Year's Eve in Beijing is still 2025 (15:30 UTC); 00:30 is 2026 (16:30 UTC
    # on the 31st, which a UTC year would count as 2025).
    eve = make_session(
        tree.root,
        program,
        minutes=30,
        hours="0.5",
        starts_at=datetime(2025, 12, 31, 23, 0, tzinfo=local),
    )
    new = make_session(
        tree.root,
        program,
        minutes=60,
        hours="1",
        starts_at=datetime(2026, 1, 1, 0, 30, tzinfo=local),
    )
    for s in (eve, new):
        services.roster_save(
            actor=people.org_admin,
            session=s,
            rows=[{"cadre": people.cadre_a.pk, "status": "present"}],
        )
    pk = people.cadre_a.pk
    assert selectors.hours_by_cadre([pk], year=2025) == {pk: D("0.5")}
    assert selectors.hours_by_cadre([pk], year=2026) == {pk: D("1")}


def test_rollup_counts_person_times_rate_and_hours(people, course):
    program, session = course
    services.roster_save(
        actor=people.org_admin,
        session=session,
        rows=rows(people, ("present", 0, 0), ("absent", 0, 0)),
    )
    got = selectors.attendance_rollup(people.org_admin, program=program)
    assert got["records"] == 2 and got["attended"] == 1 and got["sessions"] == 1
    assert got["attendance_rate"] == 0.5 and got["hours"] == D("3")
    assert got["average_hours"] == D("1.5")
    # An officer of unit B sees none of these cadres.
    assert selectors.attendance_rollup(people.officer_b, program=program)["records"] == 0
