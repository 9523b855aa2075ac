"""Mentoring logs (written by one side, confirmed by the other), follow-ups, the quiet-pair
flag and the daily reminder, and the activity roll-ups — against hand-counted values."""

import datetime
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from qingmiao.accounts.models import AuditEntry
from qingmiao.accounts.roles import Role
from qingmiao.accounts.tests.factories import UserFactory
from qingmiao.core.models.notifications import Notification
from qingmiao.cultivation.models import CultivationSettings, FollowUp, MentoringLog, MentorPair
from qingmiao.cultivation.selectors import mentoring as selectors
from qingmiao.cultivation.selectors.mentoring_rollups import (
    mentoring_activity,
    mentoring_by_program,
)
from qingmiao.cultivation.services import mentoring_logs as services

from .factories_mentoring import make_log, make_mentor, make_pair, make_program

TODAY = timezone.localdate()


@pytest.fixture
def pairs(people):
    program = make_program(people.tree.root, cadres=[people.cadre_a, people.cadre_b])
    make_mentor(people.mentor, unit=people.tree.unit_b)
    other = UserFactory(username="mentor_b", role=Role.MENTOR)
    make_mentor(other)
    mine = make_pair(program, people.mentor, people.cadre_a)
    theirs = make_pair(program, other, people.cadre_b)
    return program, mine, theirs, other


def log_data(**over):
    data = {
        "date": TODAY - timedelta(days=2),
        "mode": "talk",
        "topic": "入职适应谈心",
        "notes": "交流岗位认识",
        "duration_minutes": 60,
    }
    data.update(over)
    return data


def test_mentor_writes_the_mentee_confirms(people, pairs):
    _program, mine, *_ = pairs
    log = services.mentoring_log_create(
        actor=people.mentor,
        pair=mine,
        data=log_data(),
        follow_ups=[
            {"text": "起草调研提纲", "due_date": TODAY + timedelta(days=7)},
            {"text": "", "due_date": None},  # an empty row is ignored
        ],
    )
    assert log.confirmed_at is None and log.follow_ups.count() == 1
    mine.refresh_from_db()
    assert mine.last_log_on is None  # unconfirmed logs do not count
    note = Notification.objects.get(event="cultivation.log.to_confirm")
    assert note.recipient == people.cadre_user and "入职适应谈心" in note.text
    with pytest.raises(ValidationError) as exc:
        services.mentoring_log_confirm(actor=people.mentor, log=log)
    assert "另一方确认" in exc.value.messages[0]
    services.mentoring_log_confirm(actor=people.cadre_user, log=log)
    mine.refresh_from_db()
    assert mine.last_log_on == TODAY - timedelta(days=2)
    with pytest.raises(ValidationError):
        services.mentoring_log_confirm(actor=people.cadre_user, log=log)
    assert AuditEntry.objects.filter(action="cultivation.log.confirmed").count() == 1


def test_the_mentee_writes_the_mentor_confirms(people, pairs):
    _p, mine, *_ = pairs
    log = services.mentoring_log_create(actor=people.cadre_user, pair=mine, data=log_data())
    assert Notification.objects.get(event="cultivation.log.to_confirm").recipient == people.mentor
    services.mentoring_log_confirm(actor=people.mentor, log=log)
    log.refresh_from_db()
    assert log.confirmed_by == people.mentor


def test_last_log_on_is_the_latest_confirmed_date(people, pairs):
    _p, mine, *_ = pairs
    older = make_log(mine, writer=people.mentor, date=datetime.date(2026, 10, 1))
    newer = make_log(mine, writer=people.mentor, date=datetime.date(2026, 11, 1))
    services.mentoring_log_confirm(actor=people.cadre_user, log=newer)
    services.mentoring_log_confirm(actor=people.cadre_user, log=older)
    mine.refresh_from_db()
    assert mine.last_log_on == datetime.date(2026, 11, 1)  # confirming an older one keeps it


def test_only_the_two_sides_write_or_confirm(people, pairs):
    _p, mine, _theirs, other = pairs
    for outsider in (other, people.org_admin):
        with pytest.raises(PermissionDenied):
            services.mentoring_log_create(actor=outsider, pair=mine, data=log_data())
    log = make_log(mine, writer=people.mentor)
    with pytest.raises(PermissionDenied):
        services.mentoring_log_confirm(actor=other, log=log)


@pytest.mark.parametrize(
    ("over", "follow_ups", "field"),
    [
        ({"date": TODAY + timedelta(days=1)}, [], "date"),
        ({"date": datetime.date(2026, 8, 1)}, [], "date"),  # before the pair began
        ({"duration_minutes": 0}, [], "duration_minutes"),
        ({"duration_minutes": 601}, [], "duration_minutes"),
        ({"mode": "chat"}, [], "mode"),
        ({"topic": "  "}, [], "topic"),
        (
            {},
            [{"text": "提交小结", "due_date": TODAY - timedelta(days=5)}],
            "follow_ups.0.due_date",
        ),
        ({}, [{"text": "提交小结", "due_date": None}], "follow_ups.0.due_date"),
        ({}, [{"text": "", "due_date": TODAY}], "follow_ups.0.text"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(people, pairs, over, follow_ups, field):
    _p, mine, *_ = pairs
    with pytest.raises(ValidationError) as exc:
        services.mentoring_log_create(
            actor=people.mentor, pair=mine, data=log_data(**over), follow_ups=follow_ups
        )
    assert field in exc.value.message_dict
    assert MentoringLog.objects.count() == 0 and FollowUp.objects.count() == 0
    assert not Notification.objects.exists()


def test_an_ended_pair_takes_no_log(people, pairs):
    _p, mine, *_ = pairs
    MentorPair.objects.filter(pk=mine.pk).update(status="ended")
    mine.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.mentoring_log_create(actor=people.mentor, pair=mine, data=log_data())
    assert "pair" in exc.value.message_dict


def test_follow_up_done_by_either_side_once(people, pairs):
    _p, mine, _t, other = pairs
    log = make_log(mine, writer=people.mentor)
    item = FollowUp.objects.create(log=log, text="走访企业", due_date=TODAY)
    with pytest.raises(PermissionDenied):
        services.follow_up_done(actor=other, follow_up=item)
    services.follow_up_done(actor=people.cadre_user, follow_up=item)
    with pytest.raises(ValidationError):
        services.follow_up_done(actor=people.mentor, follow_up=item)


# --- quiet pairs and reminders --------------------------------------------------------------


def test_quiet_flag_follows_the_programs_weeks(people, pairs):
    program, mine, theirs, _o = pairs
    # mine: last confirmed log 5 weeks ago; theirs: 2 weeks ago.
    MentorPair.objects.filter(pk=mine.pk).update(last_log_on=TODAY - timedelta(weeks=5))
    MentorPair.objects.filter(pk=theirs.pk).update(last_log_on=TODAY - timedelta(weeks=2))
    flags = {p.pk: p.is_quiet for p in selectors.pair_queryset(people.org_admin)}
    assert flags == {mine.pk: True, theirs.pk: False}  # default 4 weeks
    CultivationSettings.objects.create(program=program, quiet_pair_weeks=6)
    flags = {p.pk: p.is_quiet for p in selectors.pair_queryset(people.org_admin)}
    assert flags == {mine.pk: False, theirs.pk: False}
    CultivationSettings.objects.filter(program=program).update(quiet_pair_weeks=1)
    flags = {p.pk: p.is_quiet for p in selectors.pair_queryset(people.org_admin)}
    assert flags == {mine.pk: True, theirs.pk: True}


def test_a_pair_without_logs_is_quiet_from_its_start(people, pairs):
    _p, mine, theirs, _o = pairs
    MentorPair.objects.filter(pk=theirs.pk).update(started_on=TODAY - timedelta(days=3))
    flags = {p.pk: p.is_quiet for p in selectors.pair_queryset(people.org_admin)}
    assert flags == {mine.pk: True, theirs.pk: False}  # mine began 2026-09-01


def test_daily_check_reminds_mentor_and_staff_once_a_week(people, pairs):
    _program, _mine, theirs, other = pairs
    MentorPair.objects.filter(pk=theirs.pk).update(last_log_on=TODAY - timedelta(days=3))
    log = make_log(theirs, writer=other, date=TODAY - timedelta(days=3))
    FollowUp.objects.create(log=log, text="逾期事项", due_date=TODAY - timedelta(days=1))
    result = services.quiet_pairs_check(TODAY)
    # people.mentor: 1 quiet pair (since 2026-09-01, no log); other: 0 quiet, 1 overdue.
    assert result == {"mentors": 2, "quiet": 1, "overdue": 1, "staff": 1}
    texts = {
        n.recipient.username: n.text
        for n in Notification.objects.filter(event="cultivation.pairs.quiet")
    }
    assert "1 个结对已超过 4 周" in texts["mentor"]
    assert "1 项帮带跟进事项已逾期" in texts["mentor_b"]
    staff = Notification.objects.get(event="cultivation.pairs.quiet_staff")
    assert staff.recipient == people.org_admin and "1 个导师结对" in staff.text
    again = services.quiet_pairs_check(TODAY)
    assert again["mentors"] == 0 and again["staff"] == 0
    assert Notification.objects.filter(event__startswith="cultivation.pairs.quiet").count() == 3


def test_management_command_and_task_do_not_loop(people, pairs, capsys):
    call_command("cultivation_reminders")
    assert "quiet pairs: 2" in capsys.readouterr().out  # both began 2026-09-01, no log
    call_command("cultivation_reminders", "--schedule")
    assert "cannot defer" in capsys.readouterr().out  # tests run tasks at once
    assert services.next_run(timezone.now()).date() == TODAY + timedelta(days=1)


# --- roll-ups -------------------------------------------------------------------------------


def test_activity_rollups_against_hand_counts(people, pairs):
    program, mine, theirs, other = pairs
    a = make_log(mine, writer=people.mentor, date=datetime.date(2026, 10, 1), minutes=60,
                 confirmed_by=people.cadre_user)  # fmt: skip
    make_log(mine, writer=people.mentor, date=datetime.date(2026, 11, 1), minutes=45,
             confirmed_by=people.cadre_user)  # fmt: skip
    make_log(theirs, writer=other, date=datetime.date(2025, 12, 1), minutes=90,
             confirmed_by=other)  # fmt: skip
    make_log(theirs, writer=other, date=datetime.date(2026, 11, 20), minutes=30)  # unconfirmed
    MentorPair.objects.filter(pk=mine.pk).update(last_log_on=TODAY - timedelta(days=29))
    MentorPair.objects.filter(pk=theirs.pk).update(last_log_on=TODAY - timedelta(days=3))
    FollowUp.objects.create(log=a, text="逾期", due_date=TODAY - timedelta(days=2))
    # Two active pairs; quiet: mine (29 days > 4 weeks). Logs 4, confirmed 3,
    # minutes 60 + 45 + 90 = 195, confirmed per active pair 3 / 2 = 1.5, one overdue.
    assert mentoring_activity(people.org_admin) == {
        "pairs": 2,
        "active_pairs": 2,
        "quiet_pairs": 1,
        "logs": 4,
        "confirmed_logs": 3,
        "minutes": 195,
        "logs_per_pair": 1.5,
        "overdue_follow_ups": 1,
    }
    # 2026 only: the 2025 log drops out: 3 logs, 2 confirmed, 105 minutes.
    year = mentoring_activity(people.org_admin, program=program, year=2026)
    assert (year["logs"], year["confirmed_logs"], year["minutes"]) == (3, 2, 105)
    # Unit A (张伟's pair only): 2 logs, 105 minutes; officer B sees only 王强's pair.
    unit_a = mentoring_activity(people.org_admin, unit=people.tree.unit_a)
    assert (unit_a["pairs"], unit_a["confirmed_logs"], unit_a["minutes"]) == (1, 2, 105)
    seen_by_b = mentoring_activity(people.officer_b)
    assert (seen_by_b["pairs"], seen_by_b["logs"], seen_by_b["quiet_pairs"]) == (1, 2, 0)
    rows = mentoring_by_program(people.org_admin)
    assert rows == [
        {
            "program_id": program.pk,
            "program": program.name,
            "active_pairs": 2,
            "quiet_pairs": 1,
            "confirmed_logs": 3,
            "minutes": 195,
            "logs_per_pair": 1.5,
        }
    ]
