"""Rotating sign-in codes: right, wrong, expired (a photo passed on), outside the window,
not on the roster, twice — with nothing saved on a refusal."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from qingmiao.accounts.roles import Role
from qingmiao.accounts.tests.factories import UserFactory
from qingmiao.cultivation import signin
from qingmiao.cultivation.models import Attendance
from qingmiao.cultivation.services import attendance as services

from .factories_attendance import enrol, make_program, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(people, tree):
    program = make_program(tree.root)
    enrol(program, people.cadre_a, people.cadre_a2)
    # Started 25 minutes (and a few seconds) ago; sign-in open by default until it ends.
    starts = timezone.now() - timedelta(minutes=25, seconds=5)
    return make_session(tree.root, program, starts_at=starts, minutes=180, hours="3")


def refused(people, session, code, user=None) -> str:
    with pytest.raises(ValidationError) as exc:
        services.sign_in(actor=user or people.cadre_user, session=session, code=code)
    return exc.value.message_dict["code"][0]


def test_codes_rotate_and_differ_between_sessions(room, tree, people):
    now = timezone.now()
    step = signin.step_at(now)
    assert signin.code_for(room, step) != signin.code_for(room, step + 1)
    other = make_session(tree.root)
    assert signin.code_for(room, step) != signin.code_for(other, step)
    assert len(signin.current_code(room)) == 6
    assert signin.code_valid(room, signin.code_for(room, step - 1), now)  # the one before
    assert not signin.code_valid(room, signin.code_for(room, step - 2), now)


def test_sign_in_with_the_current_code_marks_late_by_the_minutes(room, people):
    a = services.sign_in(actor=people.cadre_user, session=room, code=signin.current_code(room))
    assert (a.status, a.minutes_late, a.method) == ("late", 25, "code")
    # 155 of 180 minutes × 3 hours = 2.58 → 2.5
    assert a.credited_hours == 2.5 and a.signed_in_at is not None


def test_signing_in_before_the_start_is_present(people, tree):
    program = make_program(tree.root)
    enrol(program, people.cadre_a)
    session = make_session(tree.root, program, starts_at=timezone.now() + timedelta(minutes=10))
    a = services.sign_in(
        actor=people.cadre_user, session=session, code=signin.current_code(session)
    )
    assert (a.status, a.minutes_late, a.credited_hours) == ("present", 0, 3)


def test_an_old_code_passed_on_has_expired(room, people):
    photo = signin.code_for(room, signin.step_at() - 4)  # two minutes old
    assert refused(people, room, photo) == "签到码已过期，请扫描或输入现场屏幕上的最新签到码。"
    assert not Attendance.objects.exists()


def test_a_wrong_code_is_refused(room, people):
    code = signin.current_code(room)
    wrong = f"{(int(code) + 1) % 1000000:06d}"
    assert refused(people, room, wrong) == "签到码不正确。"
    assert refused(people, room, "12ab") == "签到码是 6 位数字。"
    assert not Attendance.objects.exists()


def test_outside_the_window_is_refused(people, tree):
    program = make_program(tree.root)
    enrol(program, people.cadre_a)
    over = make_session(tree.root, program, starts_at=timezone.now() - timedelta(hours=5))
    assert refused(people, over, signin.current_code(over)) == "不在签到时间内。"
    early = make_session(tree.root, program, starts_at=timezone.now() + timedelta(hours=2))
    assert refused(people, early, signin.current_code(early)) == "不在签到时间内。"
    assert not Attendance.objects.exists()


def test_not_on_the_roster_is_refused(room, people, tree):
    user = UserFactory(username="other", role=Role.CADRE, org_unit=tree.unit_b)
    people.cadre_b.user = user
    people.cadre_b.save()
    assert refused(people, room, signin.current_code(room), user) == "您不在本次授课的名单中。"
    assert not Attendance.objects.exists()


def test_signing_in_twice_is_refused(room, people):
    services.sign_in(actor=people.cadre_user, session=room, code=signin.current_code(room))
    assert refused(people, room, signin.current_code(room)) == "您已签到，无须重复签到。"
    assert Attendance.objects.count() == 1


def test_a_session_with_no_program_is_open_to_the_organizers_subtree(people, tree):
    session = make_session(tree.unit_a, starts_at=timezone.now() - timedelta(minutes=1, seconds=5))
    a = services.sign_in(
        actor=people.cadre_user, session=session, code=signin.current_code(session)
    )
    assert a.status == "late" and a.minutes_late == 1
    user = UserFactory(username="other", role=Role.CADRE, org_unit=tree.unit_b)
    people.cadre_b.user = user
    people.cadre_b.save()
    assert (
        refused(people, session, signin.current_code(session), user) == "您不在本次授课的名单中。"
    )
