"""Care endpoints per persona: only care roles read (403 otherwise), out of the subtree 404,
every answer with care records audited, notes only through unmask with a reason; refusals as
400 in the page's words with nothing saved; constant queries on the list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qingmiao.accounts.models import AuditEntry
from qingmiao.supervision.models import CareCase, CareFollowUp
from qingmiao.supervision.tests.factories_care import open_case

pytestmark = pytest.mark.django_db
URL = "/api/v1/supervision/care/"
NOTES = "配偶在兰州市某医院工作"


@pytest.fixture
def cases(people):
    a = open_case(people.org_admin, people.cadre_a, owner=people.officer_a)
    b = open_case(people.org_admin, people.cadre_b, kind="talk", summary="入职谈心")
    return a, b


@pytest.mark.parametrize(
    ("persona", "expected"), [("org_admin", 2), ("officer_a", 1), ("officer_b", 1)]
)
def test_list_in_scope_and_audited(api, people, cases, persona, expected):
    response = api(getattr(people, persona)).get(URL + "cases/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == expected
    assert all("notes" not in row for row in body["results"])
    entry = AuditEntry.objects.filter(action="supervision.care.viewed").latest("id")
    assert entry.extra["channel"] == "api" and len(entry.extra["cases"]) == expected


@pytest.mark.parametrize(
    "persona",
    ["leader", "cadre_user", "mentor", "rater", "host", "inspector", "sysadmin", "auditor"],
)
@pytest.mark.parametrize("path", ["cases/", "counts/"])
def test_forbidden(api, people, cases, persona, path):
    assert api(getattr(people, persona)).get(URL + path).status_code == 403


def test_retrieve_masked_unmask_with_reason(api, people, cases):
    a, b = cases
    client = api(people.officer_a)
    assert client.get(URL + f"cases/{b.pk}/").status_code == 404
    assert client.get(URL + "cases/abc/").status_code == 404
    detail = client.get(URL + f"cases/{a.pk}/").json()
    assert detail["masked"] is True and detail["notes"] is None
    refused = client.post(URL + f"cases/{a.pk}/unmask/", {"reason": ""}, format="json")
    assert refused.status_code == 400
    assert refused.json()["reason"] == ["请写明查看详细情况的理由。"]
    shown = client.post(URL + f"cases/{a.pk}/unmask/", {"reason": "研究方案"}, format="json")
    assert shown.status_code == 200 and NOTES in shown.json()["notes"]
    assert AuditEntry.objects.filter(action="supervision.care.unmasked").count() == 1


def test_create_refuses_out_of_scope_and_missing_due(api, people, cases):
    client = api(people.officer_a)
    body = {"cadre": people.cadre_b.pk, "kind": "housing", "summary": "租房", "plan": "协调",
            "due_on": "2026-12-01", "owner": people.officer_a.pk}  # fmt: skip
    refused = client.post(URL + "cases/", body, format="json")
    assert refused.status_code == 400
    assert refused.json()["cadre"] == ["没有这名干部，或不在您的管理范围内。"]
    no_due = client.post(
        URL + "cases/", {**body, "cadre": people.cadre_a2.pk, "due_on": None}, format="json"
    )
    assert no_due.status_code == 400 and no_due.json()["due_on"] == ["请填写跟进期限。"]
    assert CareCase.objects.count() == 2
    made = client.post(URL + "cases/", {**body, "cadre": people.cadre_a2.pk}, format="json")
    assert made.status_code == 201 and made.json()["next_due"] == "2026-12-01"
    assert api(people.leader).post(URL + "cases/", body, format="json").status_code == 403


def test_follow_ups_and_record(api, people, cases):
    a, _b = cases
    client = api(people.officer_a)
    bad = client.post(URL + f"cases/{a.pk}/follow-ups/", {"plan": "回访"}, format="json")
    assert bad.status_code == 400 and bad.json()["due_on"] == ["请填写跟进期限。"]
    step = a.follow_ups.get()
    no_outcome = client.post(
        URL + f"follow-ups/{step.pk}/record/", {"result": "谈了"}, format="json"
    )
    assert no_outcome.status_code == 400 and no_outcome.json()["outcome"] == ["请选择跟进结果。"]
    done = client.post(
        URL + f"follow-ups/{step.pk}/record/",
        {"outcome": "solved", "result": "已调入", "done_on": "2026-11-01"},
        format="json",
    )
    assert done.status_code == 200 and done.json()["status"] == "solved"
    assert CareFollowUp.objects.filter(outcome="").count() == 1  # b's step only
    other = api(people.officer_b).post(
        URL + f"follow-ups/{step.pk}/record/", {"outcome": "solved"}, format="json"
    )
    assert other.status_code == 404


def test_counts(api, people, cases):
    body = api(people.officer_b).get(URL + "counts/").json()
    talk = next(r for r in body["rows"] if r["kind"] == "talk")
    assert talk["total"] == 1 and body["total"] == 1
    assert {c["status"]: c["count"] for c in body["totals"]}["ongoing"] == 1


def test_list_queries_constant(api, people, cases):
    client = api(people.org_admin)
    with CaptureQueriesContext(connection) as few:
        client.get(URL + "cases/")
    for n in range(15):
        open_case(people.org_admin, people.cadre_a2, summary=f"事项{n}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(URL + "cases/?page_size=50").status_code == 200
    assert len(many) == len(few)


def test_flags_of_a_cadre(api, people, cases):
    from qingmiao.supervision.services.care_flags import care_flag_set

    care_flag_set(
        actor=people.org_admin, cadre=people.cadre_a, kind="separated_family", reason="本人反映"
    )
    body = api(people.officer_a).get(URL + f"flags/?cadre={people.cadre_a.pk}").json()
    assert [(f["kind_name"], f["source"], f["basis"]) for f in body] == [
        ("夫妻两地分居", "manual", "本人反映")
    ]
    entry = AuditEntry.objects.filter(action="supervision.care.viewed").latest("id")
    assert entry.extra["channel"] == "api_flags" and entry.object_id == str(people.cadre_a.pk)
    assert api(people.officer_b).get(URL + f"flags/?cadre={people.cadre_a.pk}").status_code == 404
    assert api(people.officer_a).get(URL + "flags/?cadre=abc").status_code == 404
    assert api(people.officer_a).get(URL + "flags/").status_code == 404
    assert api(people.leader).get(URL + f"flags/?cadre={people.cadre_a.pk}").status_code == 403
