"""The attendance pages per persona (allowed / forbidden / out of scope), the roster form, the
sign-in screens, 我的培养 and constant query counts on the lists."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from qingmiao.accounts.roles import Role
from qingmiao.accounts.tests.factories import UserFactory
from qingmiao.cadres.tests.factories import CadreFactory
from qingmiao.cultivation import signin
from qingmiao.cultivation.models import (
    Attendance,
    HourRequirement,
    MakeUpRequest,
    SessionFeedback,
)
from qingmiao.cultivation.services import attendance as services

from .factories_attendance import enrol, make_program, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(people, tree):
    program = make_program(tree.root)
    enrol(program, people.cadre_a, people.cadre_a2, people.cadre_b)
    past = make_session(tree.root, program, hours="3", minutes=180)
    now = make_session(
        tree.root, program, starts_at=timezone.now() - timedelta(minutes=5), title="招商引资实务"
    )
    requirement = HourRequirement.objects.create(
        organizer=tree.root,
        name="年度学习学时",
        hours=Decimal("6"),
        year=timezone.now().year,
        unit=tree.root,
    )
    return program, past, now, requirement


def status(client, url, method="get", **data):
    return getattr(client, method)(url, data).status_code


STAFF_PAGES = ["attendance_sessions", "makeup_list", "requirement_list"]


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_lists_per_role(login, people, world, name):
    url = reverse(f"cultivation:{name}")
    assert status(login(people.org_admin), url) == 200
    assert status(login(people.officer_a), url) == 200
    assert status(login(people.leader), url) == 200
    assert status(login(people.rater), url) == 403
    assert status(login(people.host), url) == 403


def test_roster_and_screen_per_role(login, people, world, tree):
    _program, past, _now, _r = world
    for name in ("roster", "signin_screen", "signin_screen_code"):
        url = reverse(f"cultivation:{name}", args=[past.pk])
        assert status(login(people.org_admin), url) == 200
        assert status(login(people.officer_a), url) == 403  # cannot take attendance
        assert status(login(people.cadre_user), url) == 403
    # Staff of another tree never reach a session outside their subtree.
    other_root = type(tree.root).objects.add_root({"name": "另一区委组织部", "code": "X01"})
    outsider = UserFactory(username="far", role=Role.ORG_ADMIN, org_unit=other_root)
    assert status(login(outsider), reverse("cultivation:roster", args=[past.pk])) == 404


def test_roster_saves_and_shows_row_errors(login, people, world):
    _program, past, _now, _r = world
    client = login(people.org_admin)
    url = reverse("cultivation:roster", args=[past.pk])
    page = client.get(url)
    cadres = [line["cadre"].pk for line in page.context["lines"]]
    assert len(cadres) == 3
    data = {"rows-TOTAL_FORMS": 3, "rows-INITIAL_FORMS": 3}
    marks = [("present", "", ""), ("late", "", ""), ("absent", "", "")]
    for i, (pk, (st, late, early)) in enumerate(zip(cadres, marks, strict=True)):
        data |= {
            f"rows-{i}-cadre": pk,
            f"rows-{i}-status": st,
            f"rows-{i}-minutes_late": late,
            f"rows-{i}-minutes_early": early,
        }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "迟到须填写迟到分钟数。" in response.content.decode()
    assert not Attendance.objects.exists()
    data["rows-1-minutes_late"] = "30"
    response = client.post(url, data)
    assert response.status_code == 302
    hours = dict(Attendance.objects.values_list("cadre_id", "credited_hours"))
    assert hours == {cadres[0]: Decimal("3"), cadres[1]: Decimal("2.5"), cadres[2]: Decimal("0")}


def test_screen_shows_the_current_code_and_a_qr(login, people, world):
    _program, _past, now, _r = world
    body = login(people.org_admin).get(reverse("cultivation:signin_screen", args=[now.pk]))
    text = body.content.decode()
    assert signin.current_code(now) in text or signin.code_for(now, signin.step_at() - 1) in text
    assert "<svg" in text and 'hx-trigger="every 3s"' in text


def test_cadre_signs_in_by_typing_the_code_on_my_page(login, people, world):
    _program, _past, now, _r = world
    client = login(people.cadre_user)
    page = client.get(reverse("cultivation:my"))
    assert page.status_code == 200
    assert "招商引资实务" in page.content.decode()
    bad = client.post(reverse("cultivation:my_signin"), {"code": "000000"})
    assert bad.status_code == 200 and "签到码" in bad.content.decode()
    assert not Attendance.objects.filter(session=now).exists() or signin.code_valid(now, "000000")
    ok = client.post(reverse("cultivation:my_signin"), {"code": signin.current_code(now)})
    assert ok.status_code == 302
    a = Attendance.objects.get(session=now, cadre=people.cadre_a)
    assert a.status == "late" and a.method == "code"
    again = client.post(reverse("cultivation:my_signin"), {"code": signin.current_code(now)})
    assert "您已签到，无须重复签到。" in again.content.decode()


def test_cadre_signs_in_from_the_qr_link(login, people, world):
    _program, _past, now, _r = world
    client = login(people.cadre_user)
    url = reverse("cultivation:my_signin_link", args=[now.pk])
    code = signin.current_code(now)
    page = client.get(url, {"c": code})
    assert page.status_code == 200 and code in page.content.decode()
    assert client.post(url, {"code": code}).status_code == 302
    assert Attendance.objects.get(session=now, cadre=people.cadre_a).method == "qr"


def test_my_page_per_role_and_sections(login, people, world):
    _program, past, _now, _r = world
    services.roster_save(
        actor=people.org_admin,
        session=past,
        rows=[
            {"cadre": people.cadre_a.pk, "status": "late", "minutes_late": 60},
        ],
    )
    client = login(people.cadre_user)
    text = client.get(reverse("cultivation:my")).content.decode()
    assert 'data-testid="section-today"' in text
    assert 'data-testid="section-hours"' in text and "年度学习学时" in text
    assert "还差 4 学时" in text  # 120/180 × 3 = 2 of 6
    assert 'data-testid="section-feedback"' in text  # attended, not rated yet
    assert 'data-testid="ask-makeup"' in text  # 2 of 3 hours: a make-up may be asked
    for user in (people.org_admin, people.officer_a, people.mentor, people.rater):
        assert status(login(user), reverse("cultivation:my")) == 403


def test_makeup_page_and_decision(login, people, world):
    _program, past, _now, _r = world
    services.roster_save(
        actor=people.org_admin,
        session=past,
        rows=[{"cadre": people.cadre_a.pk, "status": "absent"}],
    )
    client = login(people.cadre_user)
    response = client.post(
        reverse("cultivation:my_makeup"), {"session": past.pk, "how": "观看录像"}
    )
    assert response.status_code == 302
    makeup = MakeUpRequest.objects.get()
    staff = login(people.org_admin)
    response = staff.post(
        reverse("cultivation:makeup_decide", args=[makeup.pk]), {"decision": "reject", "note": ""}
    )
    assert response.status_code == 302
    assert MakeUpRequest.objects.get().status == "pending"  # refused: no reason
    staff.post(reverse("cultivation:makeup_decide", args=[makeup.pk]), {"decision": "approve"})
    assert Attendance.objects.get(cadre=people.cadre_a).credited_hours == 3
    assert (
        status(
            login(people.officer_a), reverse("cultivation:makeup_decide", args=[makeup.pk]), "post"
        )
        == 403
    )
    # The cadre's request is theirs alone: another cadre gets 404 on its evidence.
    other = UserFactory(username="other", role=Role.CADRE, org_unit=people.tree.unit_b)
    CadreFactory(unit=people.tree.unit_b, user=other)
    assert status(login(other), reverse("cultivation:makeup_evidence", args=[makeup.pk])) == 404


def test_feedback_page_never_shows_an_answer(login, people, world, tree):
    _program, past, _now, _r = world
    SessionFeedback.objects.bulk_create(
        SessionFeedback(
            session=past,
            content=c,
            delivery=4,
            organization=4,
            usefulness=4,
            comment=f"意见{c}",
            submitted_on=timezone.localdate(),
        )
        for c in (2, 5)
    )
    url = reverse("cultivation:session_feedback", args=[past.pk])
    text = login(people.org_admin).get(url).content.decode()
    assert "评价不足 3 份，暂不显示" in text and "意见2" not in text
    SessionFeedback.objects.create(
        session=past,
        content=5,
        delivery=4,
        organization=4,
        usefulness=4,
        submitted_on=timezone.localdate(),
    )
    text = login(people.org_admin).get(url).content.decode()
    assert "4.00" in text  # content (2 + 5 + 5) / 3
    assert status(login(people.officer_a), url) == 404
    assert status(login(people.cadre_user), url) == 404


def test_requirement_progress_and_export(login, people, world):
    _program, past, _now, requirement = world
    services.roster_save(
        actor=people.org_admin,
        session=past,
        rows=[{"cadre": people.cadre_a.pk, "status": "present"}],
    )
    client = login(people.org_admin)
    url = reverse("cultivation:requirement_progress", args=[requirement.pk])
    page = client.get(url, {"state": "short"})
    assert page.context["counts"]["total"] == 3 and page.context["counts"]["met"] == 0
    rows = {c.name: (c.done, c.short) for c in page.context["page"].object_list}
    assert rows["张伟"] == (Decimal("3"), Decimal("3"))
    export = client.post(reverse("cultivation:requirement_export", args=[requirement.pk]))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd")
    # An officer sees their own unit's cadres only.
    page = login(people.officer_a).get(url)
    assert page.context["counts"]["total"] == 2
    assert status(login(people.cadre_user), url) == 403


def test_requirement_form(login, people, world):
    client = login(people.org_admin)
    response = client.post(
        reverse("cultivation:requirement_new"), {"name": "无年度", "hours": "10"}
    )
    assert response.status_code == 200 and "请填写年度或选择培养项目。" in response.content.decode()
    response = client.post(
        reverse("cultivation:requirement_new"), {"name": "年度", "hours": "10", "year": "2026"}
    )
    assert response.status_code == 302
    assert status(login(people.officer_a), reverse("cultivation:requirement_new")) == 403


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_lists_run_a_constant_number_of_queries(login, people, world, tree):
    program, past, _now, requirement = world
    client = login(people.org_admin)
    urls = [
        reverse("cultivation:attendance_sessions"),
        reverse("cultivation:makeup_list"),
        reverse("cultivation:requirement_progress", args=[requirement.pk]),
        reverse("cultivation:roster", args=[past.pk]),
    ]

    def more(n):
        for i in range(n):
            cadre = CadreFactory(unit=tree.unit_a)
            enrol(program, cadre)
            s = make_session(tree.root, program, title=f"课程{i}")
            Attendance.objects.create(session=s, cadre=cadre, status="absent", method="roster")
            MakeUpRequest.objects.create(session=s, cadre=cadre, how="录像")

    more(1)
    before = [_queries(client, u) for u in urls]
    more(6)
    assert [_queries(client, u) for u in urls] == before
    # 我的培养 costs the same with one session today or several, rated or not.
    cadre_client = login(people.cadre_user)
    my = _queries(cadre_client, reverse("cultivation:my"))
    for i in range(3):
        s = make_session(tree.root, program, title=f"今日课程{i}")
        Attendance.objects.create(
            session=s, cadre=people.cadre_a, status="present", method="roster"
        )
    assert _queries(cadre_client, reverse("cultivation:my")) == my


def test_exports_need_the_capability(login, people, world):
    for name in ("attendance_export", "makeup_export"):
        url = reverse(f"cultivation:{name}")
        assert login(people.org_admin).post(url).status_code == 200
        assert login(people.cadre_user).post(url).status_code == 403
