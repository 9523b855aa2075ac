"""Practice pages per persona: the staff list, detail, create, edit and export; the cadre's
reports on a phone; the host's 我的挂职人员 and evaluation (another host's assignee: 404)."""

from datetime import timedelta
from io import BytesIO

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from qingmiao.cadres.tests.factories import CadreFactory

from ..models import HostEvaluation, MentorPair, MentorRole, PracticeAssignment, PracticeReport
from ..sections_practice import cadre_practice, host_assignees
from .factories_practice import assignment, host_user, program_with

LIST = reverse("cultivation:practice_list")


@pytest.fixture
def setup(people, tree):
    """cadre_a (unit A) hosted by `host`, ending in 10 days; cadre_b (unit B) hosted by
    another host; cadre_a2 (unit A) mentored by `mentor`."""
    today = timezone.localdate()
    s = type("S", (), {})()
    s.other_host = host_user()
    s.a = assignment(
        people.cadre_a, host_contact=people.host, host_name="新区招商局",
        start_date=today - timedelta(days=300), end_date=today + timedelta(days=10),
    )  # fmt: skip
    s.b = assignment(
        people.cadre_b, host_contact=s.other_host, kind="investment_post", host_name="深圳联络处",
        start_date=today - timedelta(days=30), end_date=today + timedelta(days=300),
    )  # fmt: skip
    s.a2 = assignment(
        people.cadre_a2, kind="village", host_name="新民村",
        start_date=today + timedelta(days=5), end_date=today + timedelta(days=200),
    )  # fmt: skip
    program = program_with(tree.root, [people.cadre_a2])
    role = MentorRole.objects.create(program=program, name="政治导师")
    MentorPair.objects.create(
        program=program, role=role, mentor=people.mentor, mentee=people.cadre_a2, status="active"
    )
    return s


def _names(response):
    return sorted(a.cadre.name for a in response.context["page"].object_list)


@pytest.mark.parametrize(
    "who, expected",
    [
        ("org_admin", ["张伟", "李娜", "王强"]),
        ("leader", ["张伟", "李娜", "王强"]),
        ("officer_a", ["张伟", "李娜"]),
        ("officer_b", ["王强"]),
        ("mentor", ["李娜"]),
    ],
)
def test_list_in_scope(people, login, setup, who, expected):
    response = login(getattr(people, who)).get(LIST)
    assert response.status_code == 200
    assert _names(response) == sorted(expected)


@pytest.mark.parametrize("who", ["cadre_user", "host", "rater", "sysadmin", "secadmin", "auditor"])
def test_list_forbidden(people, login, setup, who):
    assert login(getattr(people, who)).get(LIST).status_code == 403


def test_list_filters_and_counts_by_kind(people, login, setup):
    client = login(people.org_admin)
    response = client.get(LIST, {"kind": "village"})
    assert _names(response) == ["李娜"]
    counts = {k: n for k, _label, n in response.context["kind_counts"]}
    assert counts["secondment"] == 1 and counts["village"] == 1 and counts["investment_post"] == 1
    assert _names(client.get(LIST, {"status": "planned"})) == ["李娜"]
    assert _names(client.get(LIST, {"status": "under_way"})) == ["张伟", "王强"]
    assert _names(client.get(LIST, {"host": "深圳"})) == ["王强"]
    assert _names(client.get(LIST, {"unit": people.tree.unit_a.pk})) == ["张伟", "李娜"]
    today = timezone.localdate()
    # Ran at some time in the window 100..50 days ago: only cadre_a's.
    window = {"start_from": today - timedelta(days=100), "start_to": today - timedelta(days=50)}
    assert _names(client.get(LIST, window)) == ["张伟"]
    assert _names(client.get(LIST, {"sort": "-end"}))[0]  # sorts without error
    # A program outside the choices is refused with a message, not a 500.
    bad = client.get(LIST, {"program": 999999})
    assert bad.status_code == 200 and bad.context["page"].paginator.count == 0


def test_list_queries_do_not_grow(people, login, setup, tree):
    client = login(people.org_admin)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for _i in range(25):
        a = assignment(CadreFactory(unit=tree.unit_b), host_contact=people.host)
        PracticeReport.objects.create(assignment=a, period="2026-04", content="x")
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)
    assert len(response.context["page"].object_list) == 20
    assert len(few) == len(many)


@pytest.mark.parametrize(
    "who, status",
    [("org_admin", 200), ("officer_a", 200), ("officer_b", 404), ("mentor", 404), ("host", 403),
     ("cadre_user", 403), ("rater", 403)],
)  # fmt: skip
def test_detail(people, login, setup, who, status):
    url = reverse("cultivation:practice_detail", args=[setup.a.pk])
    assert login(getattr(people, who)).get(url).status_code == status


def test_create_in_two_steps_and_refusal_on_the_form(people, login, setup):
    client = login(people.org_admin)
    url = reverse("cultivation:practice_create")
    pick = client.get(url, {"q": "王"})
    assert [c.name for c in pick.context["candidates"]] == ["王强"]
    today = timezone.localdate()
    data = {
        "cadre": people.cadre_b.pk, "kind": "secondment", "direction": "outbound",
        "host_name": "上海市浦东新区商务委", "place": "上海", "post": "副主任",
        "start_date": today + timedelta(days=100), "end_date": today + timedelta(days=50),
        "full_time": "on", "host_contact": people.host.pk,
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == ["结束日期不能早于开始日期。"]
    # Overlaps cadre_b's full-time investment post.
    data.update(start_date=today, end_date=today + timedelta(days=90))
    response = client.post(url, data)
    assert "时间不能重叠" in response.context["form"].errors["start_date"][0]
    data.update(start_date=today + timedelta(days=400), end_date=today + timedelta(days=700))
    response = client.post(url, data)
    created = PracticeAssignment.objects.get(host_name="上海市浦东新区商务委")
    assert response.url == reverse("cultivation:practice_detail", args=[created.pk])
    assert created.status == "planned" and created.created_by == people.org_admin


def test_create_and_edit_forbidden_or_out_of_scope(people, login, setup):
    url = reverse("cultivation:practice_create")
    for who in ("officer_a", "leader", "cadre_user", "host", "mentor"):
        assert login(getattr(people, who)).get(url).status_code == 403
    edit = reverse("cultivation:practice_edit", args=[setup.b.pk])
    assert login(people.officer_b).get(edit).status_code == 403
    response = login(people.org_admin).post(
        edit,
        {
            "kind": "investment_post", "direction": "outbound", "host_name": "深圳联络处",
            "place": "深圳", "start_date": setup.b.start_date, "end_date": setup.b.end_date,
            "full_time": "on", "status": "finished",
        },
    )  # fmt: skip
    assert response.status_code == 302
    setup.b.refresh_from_db()
    assert setup.b.status == "finished"


def test_export(people, login, setup):
    response = login(people.officer_a).post(
        reverse("cultivation:practice_export") + "?kind=secondment"
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("姓名", "单位", "锻炼类型")
    assert [r[0] for r in rows[1:]] == ["张伟"]
    assert login(people.cadre_user).post(reverse("cultivation:practice_export")).status_code == 403
    assert login(people.host).post(reverse("cultivation:practice_export")).status_code == 403


def test_cadre_reports_on_a_phone(people, login, setup):
    client = login(people.cadre_user)
    page = client.get(reverse("cultivation:my_practice"))
    assert page.status_code == 200
    assert [a.pk for a in page.context["assignments"]] == [setup.a.pk]
    url = reverse("cultivation:my_practice_report", args=[setup.a.pk])
    month = f"{timezone.localdate():%Y-%m}"
    prefix = f"r{setup.a.pk}"
    response = client.post(url, {f"{prefix}-period": month, f"{prefix}-content": "走访企业 8 家"})
    assert response.status_code == 302
    again = client.post(url, {f"{prefix}-period": month, f"{prefix}-content": "又一份"})
    assert again.status_code == 200
    assert "只能提交一次" in again.context["assignments"][0].form.errors["period"][0]
    assert PracticeReport.objects.filter(assignment=setup.a).count() == 1
    # Someone else's assignment: 404; staff have no such page.
    other = reverse("cultivation:my_practice_report", args=[setup.b.pk])
    assert client.post(other, {}).status_code == 404
    assert login(people.org_admin).get(reverse("cultivation:my_practice")).status_code == 403


def test_host_page_shows_only_own_assignees(people, login, setup):
    client = login(people.host)
    response = client.get(reverse("cultivation:my_hosted"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "张伟" in body and "王强" not in body and "李娜" not in body
    other = login(setup.other_host).get(reverse("cultivation:my_hosted")).content.decode()
    assert "王强" in other and "张伟" not in other
    for who in ("cadre_user", "org_admin", "mentor"):
        assert login(getattr(people, who)).get(reverse("cultivation:my_hosted")).status_code == 403


def test_host_evaluates_own_assignee_only(people, login, setup):
    client = login(people.host)
    url = reverse("cultivation:my_hosted_evaluate", args=[setup.a.pk])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"grade": ""})
    assert refused.status_code == 200 and "grade" in refused.context["form"].errors
    response = client.post(url, {"grade": "excellent", "strengths": "招商有办法"})
    assert response.status_code == 302
    assert HostEvaluation.objects.get().evaluator == people.host
    # Another host's assignee, a cadre the host does not host: 404.
    assert (
        client.get(reverse("cultivation:my_hosted_evaluate", args=[setup.b.pk])).status_code == 404
    )
    assert (
        client.get(reverse("cultivation:my_hosted_evaluate", args=[setup.a2.pk])).status_code == 404
    )
    # Not yet open for the other host (ends in 300 days): the page says when.
    other = login(setup.other_host).get(
        reverse("cultivation:my_hosted_evaluate", args=[setup.b.pk])
    )
    assert other.context["open"] is False
    assert (
        login(setup.other_host)
        .post(reverse("cultivation:my_hosted_evaluate", args=[setup.b.pk]), {"grade": "competent"})
        .context["form"]
        .non_field_errors()
    )


def test_host_reads_no_cadre_list_no_program(people, login, setup):
    client = login(people.host)
    assert client.get(reverse("cadres:list")).status_code == 403
    assert client.get(reverse("cultivation:team_list")).status_code == 403
    assert client.get(reverse("selection:program_list")).status_code == 403


def test_sections(people, setup):
    mine = cadre_practice(people.cadre_user)
    assert mine["a"].pk == setup.a.pk and mine["owed"] is True
    assert cadre_practice(people.org_admin) is None
    hosted = host_assignees(people.host)
    assert [a.pk for a in hosted["assignees"]] == [setup.a.pk]
    assert hosted["awaiting"] == 1  # ends within 30 days
    assert host_assignees(people.cadre_user) is None
