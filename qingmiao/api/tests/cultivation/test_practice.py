"""The practice endpoints per persona: staff, officer, leader, the cadre's own, the mentor's
mentee, the host's own assignee (another host's: 404), an outsider; refusals in the page's
words; the schema."""

from datetime import timedelta

import pytest
from django.utils import timezone

from qingmiao.cultivation.models import HostEvaluation, MentorPair, MentorRole, PracticeReport
from qingmiao.cultivation.tests.factories_practice import assignment, host_user, program_with

URL = "/api/v1/practice-assignments/"


@pytest.fixture
def setup(people, tree):
    today = timezone.localdate()
    s = type("S", (), {})()
    s.other_host = host_user()
    s.a = assignment(
        people.cadre_a, host_contact=people.host, start_date=today - timedelta(days=300),
        end_date=today + timedelta(days=10),
    )  # fmt: skip
    s.b = assignment(
        people.cadre_b, host_contact=s.other_host, kind="investment_post",
        start_date=today - timedelta(days=30), end_date=today + timedelta(days=300),
    )  # fmt: skip
    s.a2 = assignment(people.cadre_a2, kind="village", full_time=False)
    program = program_with(tree.root, [people.cadre_a2])
    role = MentorRole.objects.create(program=program, name="业务导师")
    MentorPair.objects.create(
        program=program, role=role, mentor=people.mentor, mentee=people.cadre_a2, status="active"
    )
    return s


def _ids(response):
    return sorted(row["id"] for row in response.json()["results"])


@pytest.mark.parametrize(
    "who, expected",
    [
        ("org_admin", "a b a2"), ("leader", "a b a2"), ("officer_a", "a a2"), ("officer_b", "b"),
        ("cadre_user", "a"), ("mentor", "a2"), ("host", "a"),
    ],
)  # fmt: skip
def test_list_per_persona(api, people, setup, who, expected):
    response = api(getattr(people, who)).get(URL)
    assert response.status_code == 200
    assert _ids(response) == sorted(getattr(setup, k).pk for k in expected.split())


def test_other_host_and_outsiders(api, people, setup):
    assert _ids(api(setup.other_host).get(URL)) == [setup.b.pk]
    assert api(setup.other_host).get(f"{URL}{setup.a.pk}/").status_code == 404
    for who in ("rater", "sysadmin", "secadmin", "auditor", "inspector"):
        assert api(getattr(people, who)).get(URL).status_code == 403
    assert api().get(URL).status_code in (401, 403)


def test_retrieve_with_status_and_filters(api, people, setup):
    row = api(people.org_admin).get(f"{URL}{setup.b.pk}/").json()
    assert row["status"] == "under_way" and row["status_name"] == "在岗"
    assert row["kind_name"] == "驻点招商" and row["cadre_name"] == "王强"
    assert _ids(api(people.org_admin).get(URL, {"kind": "village"})) == [setup.a2.pk]
    assert api(people.officer_a).get(f"{URL}{setup.b.pk}/").status_code == 404
    assert api(people.mentor).get(f"{URL}{setup.a.pk}/").status_code == 404


def test_create_and_refusals(api, people, setup):
    today = timezone.localdate()
    body = {
        "cadre": people.cadre_b.pk, "kind": "secondment", "host_name": "省发展改革委",
        "place": "兰州", "start_date": str(today), "end_date": str(today + timedelta(days=90)),
        "host_contact": people.mentor.pk,
    }  # fmt: skip
    client = api(people.org_admin)
    refused = client.post(URL, body, format="json")
    assert refused.status_code == 400
    assert refused.json()["host_contact"] == ["接收方联系人须为启用的“接收方联系人”账号。"]
    assert "start_date" in refused.json()  # overlaps the investment post
    body.update(host_contact=people.host.pk, full_time=False)
    created = client.post(URL, body, format="json")
    assert created.status_code == 201
    assert created.json()["status"] == "under_way"
    for who in ("officer_a", "leader", "cadre_user", "host", "mentor"):
        assert api(getattr(people, who)).post(URL, body, format="json").status_code == 403
    patched = client.patch(f"{URL}{created.json()['id']}/", {"status": "finished"}, format="json")
    assert patched.status_code == 200 and patched.json()["status"] == "finished"
    bad = client.patch(
        f"{URL}{setup.a.pk}/", {"end_date": str(today - timedelta(days=400))}, format="json"
    )
    assert bad.status_code == 400 and bad.json()["end_date"] == ["结束日期不能早于开始日期。"]


def test_reports(api, people, setup):
    month = f"{timezone.localdate():%Y-%m}"
    url = f"{URL}{setup.a.pk}/reports/"
    client = api(people.cadre_user)
    created = client.post(url, {"period": month, "content": "本月走访企业 6 家"}, format="json")
    assert created.status_code == 201
    again = client.post(url, {"period": month, "content": "x"}, format="json")
    assert again.status_code == 400 and "只能提交一次" in again.json()["period"][0]
    assert PracticeReport.objects.count() == 1
    # Someone else's assignment: 404; staff and hosts do not report.
    assert client.post(f"{URL}{setup.b.pk}/reports/", {}, format="json").status_code == 404
    assert api(people.org_admin).post(url, {}, format="json").status_code == 403
    # Readers in scope see them.
    assert len(api(people.host).get(url).json()) == 1
    assert api(setup.other_host).get(url).status_code == 404


def test_evaluation(api, people, setup):
    url = f"{URL}{setup.a.pk}/evaluation/"
    assert api(people.host).get(url).status_code == 404  # not yet evaluated
    assert api(setup.other_host).post(url, {"grade": "excellent"}, format="json").status_code == 404
    assert api(people.org_admin).post(url, {"grade": "excellent"}, format="json").status_code == 403
    ok = api(people.host).post(url, {"grade": "competent", "strengths": "肯干"}, format="json")
    assert ok.status_code == 201 and ok.json()["grade_name"] == "称职"
    twice = api(people.host).post(url, {"grade": "excellent"}, format="json")
    assert twice.status_code == 400
    assert HostEvaluation.objects.get().grade == "competent"
    assert api(people.cadre_user).get(url).json()["grade"] == "competent"
    early = api(setup.other_host).post(
        f"{URL}{setup.b.pk}/evaluation/", {"grade": "excellent"}, format="json"
    )
    assert early.status_code == 400 and "锻炼期满前 30 天起" in str(early.json())


def test_list_queries_constant(api, people, setup, tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from qingmiao.cadres.tests.factories import CadreFactory

    client = api(people.org_admin)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _i in range(12):
        assignment(CadreFactory(unit=tree.unit_b), host_contact=people.host)
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(few) == len(many)


def test_in_schema(api, people):
    import yaml

    from .schema_paths_practice_teams import PRACTICE_TEAMS_PATHS

    paths = yaml.safe_load(api(people.leader).get("/api/schema/").content)["paths"]
    for path, operations in PRACTICE_TEAMS_PATHS.items():
        assert set(paths[path]) == operations, path
