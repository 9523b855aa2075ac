"""The attendance endpoints per persona, over the same services as the pages."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from qingmiao.cultivation import signin
from qingmiao.cultivation.models import Attendance, HourRequirement, MakeUpRequest, SessionFeedback
from qingmiao.cultivation.services import attendance as services
from qingmiao.cultivation.tests.factories_attendance import enrol, make_program, make_session

pytestmark = pytest.mark.django_db
BASE = "/api/v1/attendance"
ATTENDANCE_PATHS = {
    f"{BASE}/{path}"
    for path in (
        "sessions/", "sessions/{id}/", "sessions/{id}/roster/", "sessions/{id}/signin/",
        "sessions/{id}/feedback/", "makeups/", "makeups/{id}/", "makeups/{id}/decide/",
        "requirements/", "requirements/{id}/", "requirements/{id}/progress/", "my/", "hours/",
    )
}  # fmt: skip


@pytest.fixture
def world(people, tree):
    program = make_program(tree.root)
    enrol(program, people.cadre_a, people.cadre_a2)
    past = make_session(tree.root, program)
    now = make_session(tree.root, program, starts_at=timezone.now() - timedelta(minutes=5))
    requirement = HourRequirement.objects.create(
        organizer=tree.root, name="项目学时", hours=Decimal("6"), program=program
    )
    return program, past, now, requirement


def test_session_list_and_roster_per_role(api, people, world):
    _program, past, _now, _r = world
    data = api(people.org_admin).get(f"{BASE}/sessions/").json()
    assert data["count"] == 2
    assert api(people.rater).get(f"{BASE}/sessions/").status_code == 403
    roster = api(people.org_admin).get(f"{BASE}/sessions/{past.pk}/roster/").json()
    assert {r["name"] for r in roster["rows"]} == {"张伟", "李娜"}
    assert api(people.officer_a).get(f"{BASE}/sessions/{past.pk}/roster/").status_code == 403
    assert api(people.cadre_user).get(f"{BASE}/sessions/{past.pk}/roster/").status_code == 403


def test_roster_write_all_or_nothing_with_row_errors(api, people, world):
    _program, past, _now, _r = world
    client = api(people.org_admin)
    bad = client.post(
        f"{BASE}/sessions/{past.pk}/roster/",
        {
            "rows": [
                {"cadre": people.cadre_a.pk, "status": "present"},
                {"cadre": people.cadre_a2.pk, "status": "left_early"},
            ]
        },
        format="json",
    )
    assert bad.status_code == 400
    assert bad.json() == {"rows": {"1": {"minutes_early": ["早退须填写早退分钟数。"]}}}
    assert not Attendance.objects.exists()
    ok = client.post(
        f"{BASE}/sessions/{past.pk}/roster/",
        {
            "rows": [
                {"cadre": people.cadre_a.pk, "status": "present"},
                {"cadre": people.cadre_a2.pk, "status": "left_early", "minutes_early": 90},
            ]
        },
        format="json",
    )
    assert ok.status_code == 200
    hours = {r["name"]: r["credited_hours"] for r in ok.json()["rows"]}
    assert hours == {"张伟": "3.0", "李娜": "1.5"}  # 90/180 × 3


def test_sign_in_by_api(api, people, world):
    _program, _past, now, _r = world
    client = api(people.cadre_user)
    wrong = client.post(f"{BASE}/sessions/{now.pk}/signin/", {"code": "abc"}, format="json")
    assert wrong.status_code == 400 and wrong.json() == {"code": ["签到码是 6 位数字。"]}
    old = signin.code_for(now, signin.step_at() - 5)
    expired = client.post(f"{BASE}/sessions/{now.pk}/signin/", {"code": old}, format="json")
    assert expired.json() == {"code": ["签到码已过期，请扫描或输入现场屏幕上的最新签到码。"]}
    ok = client.post(
        f"{BASE}/sessions/{now.pk}/signin/", {"code": signin.current_code(now)}, format="json"
    )
    assert ok.status_code == 201 and ok.json()["status"] == "late"
    assert (
        api(people.org_admin)
        .post(f"{BASE}/sessions/{now.pk}/signin/", {"code": "123456"}, format="json")
        .status_code
        == 403
    )


def test_my_hours(api, people, world):
    _program, past, now, _r = world
    services.roster_save(
        actor=people.org_admin,
        session=past,
        rows=[{"cadre": people.cadre_a.pk, "status": "present"}],
    )
    data = api(people.cadre_user).get(f"{BASE}/my/").json()
    rows = {r["name"]: r for r in data["rows"]}
    assert rows["项目学时"]["done"] == "3.0" and rows["项目学时"]["short"] == "3.0"
    today = {t["session"]: t["signin_open"] for t in data["today"]}
    assert today[now.pk] is True
    assert api(people.org_admin).get(f"{BASE}/my/").status_code == 403


def test_makeups_by_api(api, people, world):
    _program, past, _now, _r = world
    services.roster_save(
        actor=people.org_admin,
        session=past,
        rows=[{"cadre": people.cadre_a.pk, "status": "absent"}],
    )
    made = api(people.cadre_user).post(
        f"{BASE}/makeups/", {"session": past.pk, "how": "观看录像"}, format="json"
    )
    assert made.status_code == 201
    pk = made.json()["id"]
    assert api(people.cadre_user).get(f"{BASE}/makeups/").json()["count"] == 1
    assert api(people.officer_b).get(f"{BASE}/makeups/{pk}/").status_code == 404
    refused = api(people.org_admin).post(
        f"{BASE}/makeups/{pk}/decide/", {"approve": False}, format="json"
    )
    assert refused.status_code == 400 and refused.json() == {"note": ["不通过须填写理由。"]}
    ok = api(people.org_admin).post(
        f"{BASE}/makeups/{pk}/decide/", {"approve": True}, format="json"
    )
    assert ok.status_code == 200 and ok.json()["status"] == "approved"
    assert MakeUpRequest.objects.get().status == "approved"
    assert (
        api(people.cadre_user)
        .post(f"{BASE}/makeups/{pk}/decide/", {"approve": True}, format="json")
        .status_code
        == 403
    )


def test_feedback_by_api_only_aggregates(api, people, world):
    _program, past, _now, _r = world
    services.roster_save(
        actor=people.org_admin,
        session=past,
        rows=[{"cadre": people.cadre_a.pk, "status": "present"}],
    )
    scores = {"content": 5, "delivery": 4, "organization": 4, "usefulness": 3, "comment": "好"}
    url = f"{BASE}/sessions/{past.pk}/feedback/"
    assert api(people.cadre_user).post(url, scores, format="json").status_code == 201
    again = api(people.cadre_user).post(url, scores, format="json")
    assert again.status_code == 400
    body = api(people.org_admin).get(url).json()
    assert body == {"count": 1, "shown": False, "minimum": 3, "message": "评价不足 3 份，暂不显示"}
    SessionFeedback.objects.bulk_create(
        SessionFeedback(
            session=past,
            content=3,
            delivery=4,
            organization=4,
            usefulness=3,
            submitted_on=timezone.localdate(),
        )
        for _ in range(2)
    )
    body = api(people.org_admin).get(url).json()
    assert body["shown"] and body["overall"] == pytest.approx((11 / 3 + 4 + 4 + 3) / 4, abs=0.01)
    assert "submitted_on" not in str(body) and "cadre" not in body
    assert api(people.cadre_user).get(url).status_code == 404
    assert api(people.officer_a).get(url).status_code == 404


def test_requirements_and_progress(api, people, world):
    _program, past, _now, requirement = world
    services.roster_save(
        actor=people.org_admin,
        session=past,
        rows=[{"cadre": people.cadre_a.pk, "status": "present"}],
    )
    listed = api(people.org_admin).get(f"{BASE}/requirements/").json()
    assert listed["count"] == 1
    progress = api(people.org_admin).get(f"{BASE}/requirements/{requirement.pk}/progress/").json()
    rows = {r["name"]: (r["done"], r["short"]) for r in progress["results"]}
    assert rows == {"张伟": ("3.0", "3.0"), "李娜": ("0.0", "6.0")}
    short = (
        api(people.org_admin)
        .get(f"{BASE}/requirements/{requirement.pk}/progress/", {"state": "met"})
        .json()
    )
    assert short["count"] == 0
    assert api(people.cadre_user).get(f"{BASE}/requirements/").status_code == 403


def test_schema_lists_the_endpoints(api, people):
    schema = api(people.org_admin).get("/api/schema/", {"format": "json"})
    assert schema.status_code == 200
    text = schema.content.decode()
    for path in (
        "/attendance/sessions/{id}/signin/",
        "/attendance/makeups/{id}/decide/",
        "/attendance/requirements/{id}/progress/",
        "/attendance/hours/",
        "/attendance/my/",
    ):
        assert path in text
