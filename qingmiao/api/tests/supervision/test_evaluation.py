"""The evaluation and appraisal endpoints per persona, the voter's endpoints without an account
(throttled, refusals in the page's words), results only after the close, the quota."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import ALL_ROLES
from qingmiao.cadres.models import Appraisal
from qingmiao.supervision.models import AppraisalProposal, Ballot, Evaluation
from qingmiao.supervision.services import evaluation as services
from qingmiao.supervision.tests.factories_evaluation import (
    answers_for,
    cadres,
    cast,
    issue,
    open_evaluation,
)

URL = "/api/v1/supervision/evaluations/"
STAFF = {"org_admin", "officer_a", "officer_b", "leader"}


@pytest.fixture
def evs(people, tree):
    a = open_evaluation(people.org_admin, tree.root, [people.cadre_a], title="商务局测评")
    b = open_evaluation(people.org_admin, tree.unit_b, [people.cadre_b], title="财政局测评")
    return a, b


@pytest.mark.parametrize("role", ALL_ROLES)
def test_list_and_retrieve_per_role(role, people, evs, api):
    client = api(getattr(people, role))
    response = client.get(URL)
    if role not in STAFF:
        assert response.status_code == 403
        return
    titles = {r["title"] for r in response.json()["results"]}
    assert (
        titles
        == {
            "org_admin": {"商务局测评", "财政局测评"},
            "leader": {"商务局测评", "财政局测评"},
            "officer_a": {"商务局测评"},
            "officer_b": {"财政局测评"},
        }[role]
    )
    detail = client.get(f"{URL}{evs[1].pk}/")
    assert detail.status_code == (404 if role == "officer_a" else 200)


def test_list_queries_constant(people, tree, api, django_assert_num_queries):
    for i in range(30):
        open_evaluation(people.org_admin, tree.root, [people.cadre_a], title=f"测评{i}")
    client = api(people.org_admin)
    with CaptureQueriesContext(connection) as small:
        client.get(URL + "?page_size=5")
    with django_assert_num_queries(len(small)):
        assert len(client.get(URL + "?page_size=25").json()["results"]) == 25


def test_create_issue_close_results(people, tree, api):
    client = api(people.org_admin)
    now = timezone.now()
    body = {
        "title": "接口测评", "unit": tree.root.pk, "subjects": [people.cadre_a.pk],
        "voter_types": ["colleague"], "opens_at": (now - timedelta(hours=1)).isoformat(),
        "closes_at": (now + timedelta(hours=1)).isoformat(),
    }  # fmt: skip
    created = client.post(URL, body, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert api(people.officer_a).post(URL, body, format="json").status_code == 403
    bad = client.post(
        URL, {**body, "closes_at": (now - timedelta(hours=2)).isoformat()}, format="json"
    )
    assert bad.status_code == 400 and bad.json()["closes_at"] == ["截止时间须晚于开始时间。"]
    outside = client.post(URL, {**body, "subjects": [999999]}, format="json")
    assert outside.status_code == 400
    codes = client.post(f"{URL}{pk}/slips/", {"voter_type": "colleague", "count": 3}, format="json")
    assert codes.status_code == 201 and len(codes.json()["codes"]) == 3
    ev = Evaluation.objects.get(pk=pk)
    for code in codes.json()["codes"][:2]:
        cast(code, ev, lambda s: "excellent")
    early = client.get(f"{URL}{pk}/results/").json()
    assert early["visible"] is False and early["subjects"] is None
    assert (early["issued"], early["used"]) == (3, 2)
    assert early["withheld"] == "测评结束后才公布结果，目前只显示回收情况。"
    assert client.post(f"{URL}{pk}/close/").status_code == 200
    # 2 of 3 = exactly two thirds: shown.
    late = client.get(f"{URL}{pk}/results/").json()
    assert late["visible"] is True
    counts = {o["key"]: o["count"] for o in late["subjects"][0]["questions"][0]["options"]}
    assert counts == {"excellent": 2, "competent": 0, "basically": 0, "incompetent": 0}
    assert api(people.leader).post(f"{URL}{pk}/close/").status_code == 403
    assert api(people.officer_b).get(f"{URL}{pk}/results/").status_code == 404


def test_recipients(people, evs, api):
    client = api(people.org_admin)
    url = f"{URL}{evs[0].pk}/recipients/"
    missing = client.post(url, {"voter_type": "colleague", "users": ["ghost"]}, format="json")
    assert missing.status_code == 400
    ok = client.post(url, {"voter_type": "colleague", "users": ["officer_a"]}, format="json")
    assert ok.status_code == 201 and ok.json() == {"count": 1}


def test_the_voter_needs_no_account(people, evs, api):
    ev = evs[0]
    (code,) = issue(people.org_admin, ev, count=1)
    voter = api()
    opened = voter.post("/api/v1/supervision/slips/open/", {"code": code}, format="json")
    assert opened.status_code == 200
    form = opened.json()
    assert form["title"] == "商务局测评" and form["voter_type"] == "本单位同事"
    assert [o["key"] for o in form["options"]] == [
        "excellent",
        "competent",
        "basically",
        "incompetent",
    ]
    answers = answers_for(ev, lambda s: "competent")
    body = {"code": code, "evaluation": ev.pk, "answers": answers}
    assert voter.post("/api/v1/supervision/ballots/", body, format="json").status_code == 201
    again = voter.post("/api/v1/supervision/ballots/", body, format="json")
    assert again.status_code == 400
    assert again.json()["code"] == ["这张测评票已经投过票，每张票只能投一次。"]
    assert Ballot.objects.count() == 1


def test_voter_refusals(people, evs, api):
    (code_b,) = issue(people.org_admin, evs[1], count=1)
    voter = api()
    other = voter.post(
        "/api/v1/supervision/ballots/",
        {"code": code_b, "evaluation": evs[0].pk, "answers": {"x": "excellent"}},
        format="json",
    )
    assert other.status_code == 400 and other.json()["code"] == ["这张测评票不属于本次测评。"]
    wrong = voter.post("/api/v1/supervision/slips/open/", {"code": "nonsense"}, format="json")
    assert wrong.status_code == 400 and wrong.json()["code"] == [
        "测评码不正确，请核对测评票上的号码。"
    ]
    malformed = voter.post(
        "/api/v1/supervision/ballots/", {"code": code_b, "answers": "x"}, format="json"
    )
    assert malformed.status_code == 400
    garbage = voter.post(
        "/api/v1/supervision/ballots/", "not json", content_type="application/json"
    )
    assert garbage.status_code == 400
    assert Ballot.objects.count() == 0


def test_voter_endpoints_are_throttled(people, evs, api):
    voter = api()
    statuses = [
        voter.post(
            "/api/v1/supervision/slips/open/", {"code": "QM-2222-2222"}, format="json"
        ).status_code
        for _i in range(31)
    ]
    assert statuses[-1] == 429


@pytest.mark.parametrize("role", ALL_ROLES)
def test_appraisal_list_per_role(role, people, api):
    AppraisalProposal.objects.create(
        cadre=people.cadre_b, unit=people.cadre_b.unit, year=2025, grade="competent"
    )
    response = api(getattr(people, role)).get("/api/v1/supervision/appraisals/")
    if role not in STAFF:
        assert response.status_code == 403
        return
    names = {r["cadre_name"] for r in response.json()["results"]}
    assert names == (set() if role == "officer_a" else {"王强"})


def test_propose_quota_and_confirm(people, tree, api):
    five = [people.cadre_a, *cadres(tree.unit_a, 4)]
    officer = api(people.officer_a)
    rows = [
        {"cadre": c.pk, "grade": "excellent" if i < 2 else "competent"} for i, c in enumerate(five)
    ]
    refused = officer.post(
        "/api/v1/supervision/appraisals/propose/", {"year": 2025, "rows": rows}, format="json"
    )
    # Five graded × 20 % = 1 place.
    assert refused.status_code == 400
    assert "区商务局：优秀 2 人，超过限额 1 人（参加定等次 5 人 × 20%，向下取整）。" in str(
        refused.json()
    )
    assert not AppraisalProposal.objects.exists()
    rows[1]["grade"] = "competent"
    ok = officer.post(
        "/api/v1/supervision/appraisals/propose/", {"year": 2025, "rows": rows}, format="json"
    )
    assert ok.status_code == 201 and ok.json() == {"count": 5}
    foreign = officer.post(
        "/api/v1/supervision/appraisals/propose/",
        {"year": 2025, "rows": [{"cadre": people.cadre_b.pk, "grade": "competent"}]},
        format="json",
    )
    assert foreign.status_code == 400
    assert (
        officer.post(
            "/api/v1/supervision/appraisals/confirm/",
            {"unit": tree.unit_a.pk, "year": 2025},
            format="json",
        ).status_code
        == 403
    )
    admin = api(people.org_admin)
    done = admin.post(
        "/api/v1/supervision/appraisals/confirm/",
        {"unit": tree.unit_a.pk, "year": 2025},
        format="json",
    )
    assert done.status_code == 200 and done.json() == {"count": 5}
    assert Appraisal.objects.filter(year=2025).count() == 5
    assert (
        admin.post(
            "/api/v1/supervision/appraisals/confirm/", {"unit": 99999, "year": 2025}, format="json"
        ).status_code
        == 404
    )
    quota = admin.post(
        "/api/v1/supervision/appraisals/quota/", {"year": 2026, "percent": 15}, format="json"
    )
    assert quota.json() == {"year": 2026, "percent": 15}


def test_import_endpoint(people, api):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = api(people.officer_a).post(
        "/api/v1/supervision/appraisals/import/",
        {"year": 2025, "file": SimpleUploadedFile("x.xlsx", b"garbage")},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["file"] == ["文件无法读取，请使用下载的模板（.xlsx 格式）填写。"]


def test_closed_evaluation_refuses_slips(people, evs, api):
    services.evaluation_close(actor=people.org_admin, evaluation=evs[0])
    response = api(people.org_admin).post(
        f"{URL}{evs[0].pk}/slips/", {"voter_type": "colleague", "count": 1}, format="json"
    )
    assert response.status_code == 400


def test_in_the_schema(api, people):
    import yaml

    from .paths_evaluation import EVALUATION_PATHS

    schema = yaml.safe_load(api(people.leader).get("/api/schema/").content)
    for path, operations in EVALUATION_PATHS.items():
        assert path in schema["paths"], path
        assert set(schema["paths"][path]) - {"parameters"} == operations, path
    # The voter's endpoints name no credentials (like the token endpoint); staff's do.
    assert "security" not in schema["paths"]["/api/v1/supervision/ballots/"]["post"]
    assert "security" not in schema["paths"]["/api/v1/supervision/slips/open/"]["post"]
    assert schema["paths"]["/api/v1/supervision/evaluations/"]["get"]["security"]
