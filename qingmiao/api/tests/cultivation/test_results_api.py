"""Results endpoints per persona: lists in scope, 404 outside it, 403 without the capability,
refusals as 400 with the page's words, nothing saved; the roll-ups; constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qingmiao.cultivation.models import Deliverable, DeliverableOutcome, InvestmentRecord
from qingmiao.cultivation.services import results as services
from qingmiao.cultivation.tests.factories_results import deliverable_data, docx, program_with, team

pytestmark = pytest.mark.django_db
URL = "/api/v1/cultivation/"


@pytest.fixture
def case(people):
    program = program_with(people.org_admin, [people.cadre_a, people.cadre_a2, people.cadre_b])
    one = team(program, "一组", [people.cadre_a, people.cadre_a2])
    d = services.deliverable_record(
        actor=people.org_admin,
        program=program,
        data=deliverable_data(team=one, authors=[people.cadre_a, people.cadre_b]),
    )
    b_only = services.deliverable_record(
        actor=people.org_admin, program=program, data=deliverable_data(authors=[people.cadre_b])
    )
    return program, one, d, b_only


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("org_admin", 2), ("officer_a", 1), ("officer_b", 2), ("leader", 2), ("mentor", 0)],
)
def test_list_in_scope(api, people, case, persona, expected):
    response = api(getattr(people, persona)).get(URL + "deliverables/")
    assert response.status_code == 200
    assert response.json()["count"] == expected


@pytest.mark.parametrize("persona", ["cadre_user", "rater", "host", "sysadmin", "auditor"])
@pytest.mark.parametrize("path", ["deliverables/", "investments/", "problems/", "results-summary/"])
def test_forbidden(api, people, case, persona, path):
    assert api(getattr(people, persona)).get(URL + path).status_code == 403


def test_out_of_scope_is_404(api, people, case):
    _p, _one, d, b_only = case
    assert api(people.officer_a).get(URL + f"deliverables/{b_only.pk}/").status_code == 404
    assert api(people.officer_a).get(URL + f"deliverables/{d.pk}/").status_code == 200
    response = api(people.org_admin).post(
        URL + f"deliverables/{d.pk}/outcomes/",
        {"kind": "adopted", "body": "区政府", "date": "2026-07-01", "evidence": "纪要"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["outcomes"][0]["kind_name"] == "采纳"
    assert (
        api(people.leader)
        .post(URL + f"deliverables/{d.pk}/outcomes/", {}, format="json")
        .status_code
        == 403
    )


def test_outcome_refusal_in_the_pages_words(api, people, case):
    d = case[2]
    response = api(people.org_admin).post(
        URL + f"deliverables/{d.pk}/outcomes/",
        {"kind": "planned", "body": "规划编制组", "date": "2026-07-01", "evidence": ""},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["evidence"] == ["请填写佐证。"]
    assert not DeliverableOutcome.objects.exists()


def test_create_with_file_and_the_cadre_submission(api, people, case):
    program, one, _d, _b = case
    response = api(people.org_admin).post(
        URL + "deliverables/",
        {"program": program.pk, "kind": "research", "title": "调研", "submitted_on": "2026-06-01",
         "authors": [people.cadre_a.pk], "file": docx("宏.docx", macros=True)},
        format="multipart",
    )  # fmt: skip
    assert response.status_code == 400
    assert "file" in response.json()
    response = api(people.cadre_user).post(
        URL + "deliverables/",
        {"team": one.pk, "kind": "bottleneck", "title": "审批堵点", "submitted_on": "2026-06-01",
         "file": docx()},
        format="multipart",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    assert response.json()["authors"][0]["name"] == people.cadre_a.name
    assert Deliverable.objects.filter(title="审批堵点").count() == 1


def test_investment_refusals_and_update(api, people, case):
    program = case[0]
    client = api(people.org_admin)
    base = {"program": program.pk, "enterprise_name": "某企业", "stage": "contact",
            "date": "2026-06-01", "cadres": [people.cadre_a.pk]}  # fmt: skip
    bad = [
        ({"credit_code": "91420000177570439A", "registered_capital": "5"}, "credit_code"),
        ({"registered_capital": "-1"}, "registered_capital"),
        ({"registered_capital": "abc"}, "registered_capital"),
    ]
    for extra, field in bad:
        response = client.post(URL + "investments/", base | extra, format="json")
        assert response.status_code == 400 and field in response.json(), extra
    assert not InvestmentRecord.objects.exists()
    response = client.post(
        URL + "investments/", base | {"registered_capital": "6000.5"}, format="json"
    )
    assert response.status_code == 201
    pk = response.json()["id"]
    assert response.json()["registered_capital"] == "6000.50"
    response = client.patch(URL + f"investments/{pk}/", {"stage": "settled"}, format="json")
    assert response.status_code == 200 and response.json()["stage_name"] == "已落户"
    assert api(people.leader).patch(URL + f"investments/{pk}/", {}).status_code == 403
    assert api(people.officer_b).patch(URL + f"investments/{pk}/", {}).status_code == 404
    assert api(people.officer_b).get(URL + f"investments/{pk}/").status_code == 404


def test_problem_create(api, people, case):
    program = case[0]
    response = api(people.org_admin).post(
        URL + "problems/",
        {"program": program.pk, "title": "用工难", "beneficiary": "一号项目",
         "beneficiary_kind": "project", "outcome": "招到 30 人", "date": "2026-05-01",
         "cadres": [people.cadre_b.pk]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201
    response = api(people.org_admin).post(
        URL + "problems/",
        {"program": program.pk, "title": "", "beneficiary": "x", "outcome": "y",
         "date": "2026-05-01", "cadres": [people.cadre_b.pk]},
        format="json",
    )  # fmt: skip
    assert response.json()["title"] == ["请填写难题。"]


def test_summary(api, people, case):
    program = case[0]
    response = api(people.org_admin).get(URL + f"results-summary/?program={program.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["totals"]["deliverables"]["total"] == 2
    units = {r["name"]: r["deliverables"]["total"] for r in data["by_unit"]}
    assert units == {people.tree.unit_a.name: 1, people.tree.unit_b.name: 2}
    assert (
        api(people.officer_a)
        .get(URL + "results-summary/")
        .json()["totals"]["deliverables"]["total"]
        == 1
    )
    assert api(people.org_admin).get(URL + "results-summary/?year=x").status_code == 400


def test_list_queries_constant(api, people, case):
    program, one, _d, _b = case
    client = api(people.org_admin)
    with CaptureQueriesContext(connection) as few:
        client.get(URL + "deliverables/")
    for n in range(8):
        services.deliverable_record(
            actor=people.org_admin,
            program=program,
            data=deliverable_data(title=f"报告{n}", team=one, authors=[people.cadre_a]),
        )
    with CaptureQueriesContext(connection) as many:
        client.get(URL + "deliverables/")
    assert len(few) == len(many)


def test_in_the_schema(api, people):
    import yaml

    from .paths_results import RESULTS_PLANS_PATHS

    schema = yaml.safe_load(api(people.leader).get("/api/schema/").content)
    for path, operations in RESULTS_PLANS_PATHS.items():
        assert path in schema["paths"], path
        assert set(schema["paths"][path]) - {"parameters"} == operations, path
    milestone = schema["paths"]["/api/v1/cultivation/plan-milestones/{id}/"]["get"]
    assert milestone["parameters"][0]["schema"]["type"] == "integer"


def test_correcting_a_deliverable_and_its_outcome(api, people, case):
    _p, one, d, b_only = case
    mine = services.deliverable_submit(
        actor=people.cadre_user, team=one, data=deliverable_data(title="初稿")
    )
    cadre = api(people.cadre_user)
    fixed = cadre.patch(URL + f"deliverables/{mine.pk}/", {"title": "定稿"}, format="json")
    assert fixed.status_code == 200 and fixed.json()["title"] == "定稿"
    blank = cadre.patch(URL + f"deliverables/{mine.pk}/", {"title": ""}, format="json")
    assert blank.status_code == 400 and "title" in blank.json()
    # not theirs (staff recorded it, naming them an author): 403; outside their scope: 404
    assert cadre.patch(URL + f"deliverables/{d.pk}/", {"title": "x"}).status_code == 403
    assert cadre.patch(URL + f"deliverables/{b_only.pk}/", {"title": "x"}).status_code == 404
    assert (
        api(people.mentor).patch(URL + f"deliverables/{d.pk}/", {"title": "x"}).status_code == 403
    )
    # once adopted, the submitter can no longer change it; staff can
    adopted = api(people.org_admin).post(
        URL + f"deliverables/{mine.pk}/outcomes/",
        {"kind": "adopted", "body": "区政府", "date": "2026-07-01", "evidence": "纪要"},
        format="json",
    )
    outcome_id = adopted.json()["outcomes"][0]["id"]
    locked = cadre.patch(URL + f"deliverables/{mine.pk}/", {"title": "三稿"}, format="json")
    assert locked.status_code == 400
    assert "该成果已登记采纳或转化情况" in str(locked.json())
    staff = api(people.org_admin)
    assert (
        staff.patch(URL + f"deliverables/{mine.pk}/", {"title": "终稿"}).json()["title"] == "终稿"
    )
    changed = staff.patch(
        URL + f"deliverable-outcomes/{outcome_id}/", {"body": "区发展改革委"}, format="json"
    )
    assert changed.status_code == 200
    assert changed.json()["outcomes"][0]["body"] == "区发展改革委"
    early = staff.patch(
        URL + f"deliverable-outcomes/{outcome_id}/", {"date": "2000-01-01"}, format="json"
    )
    assert early.status_code == 400 and early.json()["date"] == ["日期不能早于成果提交日期。"]
    assert (
        cadre.patch(URL + f"deliverable-outcomes/{outcome_id}/", {"body": "x"}).status_code == 403
    )
    assert staff.patch(URL + "deliverable-outcomes/999999/", {"body": "x"}).status_code == 404
