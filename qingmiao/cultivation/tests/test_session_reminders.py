"""明日授课提醒: the day before a session its roster hears of it, once; a cancelled session, a
session on another day and a cadre without an account hear nothing; a moved session is
reminded again; the daily command runs it."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from qingmiao.cadres.tests.factories import CadreFactory
from qingmiao.core.models.notifications import Notification
from qingmiao.cultivation.models import Session
from qingmiao.cultivation.notifications_attendance import SESSION_TOMORROW
from qingmiao.cultivation.services.session_reminders import session_reminders

from .factories_attendance import enrol, make_program, make_session

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 30)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 30)))


@pytest.fixture
def tomorrow(people, tree):
    """A program with 张伟 (the `cadre` login) and 王强 (no account); a session tomorrow at
    14:30 in 区委党校, another the day after, a cancelled one tomorrow."""
    program = make_program(tree.root)
    enrol(program, people.cadre_a, people.cadre_b)
    day = TODAY + datetime.timedelta(days=1)
    s = make_session(tree.root, program, starts_at=_at(day, 14), title="招商引资实务")
    Session.objects.filter(pk=s.pk).update(place="区委党校")
    make_session(tree.root, program, starts_at=_at(day + datetime.timedelta(days=1), 9))
    cancelled = make_session(tree.root, program, starts_at=_at(day, 9), title="已取消")
    Session.objects.filter(pk=cancelled.pk).update(status=Session.Status.CANCELLED)
    return Session.objects.get(pk=s.pk)


def test_the_roster_is_told_once(people, tomorrow):
    assert session_reminders(TODAY) == {"sessions": 1, "people": 1}  # 王强 has no account
    notes = Notification.objects.filter(event=SESSION_TOMORROW)
    assert [(n.recipient, n.text) for n in notes] == [
        (
            people.cadre_user,
            "明天（12月1日）14:30有授课“招商引资实务”，地点：区委党校。请按时参加，到场后签到。",
        )
    ]
    assert session_reminders(TODAY) == {"sessions": 0, "people": 0}
    assert notes.count() == 1


def test_a_moved_session_is_reminded_again(people, tomorrow):
    session_reminders(TODAY)
    later = TODAY + datetime.timedelta(days=2)
    Session.objects.filter(pk=tomorrow.pk).update(starts_at=_at(later, 14), ends_at=_at(later, 17))
    assert session_reminders(TODAY + datetime.timedelta(days=1)) == {"sessions": 2, "people": 2}
    assert Notification.objects.filter(event=SESSION_TOMORROW).count() == 3


def test_someone_recorded_for_the_session_is_on_its_roster(people, tree, tomorrow):
    from qingmiao.accounts.tests.factories import UserFactory
    from qingmiao.cultivation.models import Attendance

    guest = CadreFactory(unit=tree.unit_b, user=UserFactory(username="guest", role="cadre"))
    Attendance.objects.create(session=tomorrow, cadre=guest, status="excused", method="roster")
    assert session_reminders(TODAY)["people"] == 2


def test_the_daily_command_runs_it(people, tomorrow):
    out = StringIO()
    call_command("cultivation_reminders", "--date", TODAY.isoformat(), stdout=out)
    assert "sessions tomorrow reminded: 1; people told: 1" in out.getvalue()
    out = StringIO()
    call_command("cultivation_reminders", "--date", TODAY.isoformat(), stdout=out)
    assert "sessions tomorrow reminded: 0; people told: 0" in out.getvalue()
