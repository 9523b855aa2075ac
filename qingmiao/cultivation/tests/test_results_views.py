"""Results pages per persona: allowed, forbidden (403), out of scope (404); refusals on the
form in the service's words; constant queries on every list; exports."""

from datetime import date

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qingmiao.cultivation.models import Deliverable, DeliverableOutcome, InvestmentRecord
from qingmiao.cultivation.sections_results import my_results_context
from qingmiao.cultivation.services import results as services

from .factories_results import deliverable_data, docx, pdf, program_with, team

LISTS = ["deliverable_list", "investment_list", "problem_list"]
READERS = ["org_admin", "officer_a", "leader", "mentor"]
NOT_READERS = ["cadre_user", "rater", "host", "inspector", "sysadmin", "secadmin", "auditor"]


@pytest.fixture
def case(people):
    program = program_with(people.org_admin, [people.cadre_a, people.cadre_a2, people.cadre_b])
    one = team(program, "一组", [people.cadre_a, people.cadre_a2])
    team(program, "二组", [people.cadre_b])
    d = services.deliverable_record(
        actor=people.org_admin,
        program=program,
        data=deliverable_data(team=one, authors=[people.cadre_a], file=pdf()),
    )
    b_only = services.deliverable_record(
        actor=people.org_admin,
        program=program,
        data=deliverable_data(title="财政资金直达", authors=[people.cadre_b]),
    )
    inv = services.investment_record(
        actor=people.org_admin,
        program=program,
        data={
            "enterprise_name": "北京智联科技有限公司",
            "credit_code": "91420000177570439L",
            "registered_capital": "6000.00",
            "stage": "settled",
            "date": date(2026, 9, 1),
            "cadres": [people.cadre_a],
        },
    )
    return program, one, d, b_only, inv


@pytest.mark.parametrize("persona", READERS)
@pytest.mark.parametrize("name", LISTS)
def test_lists_readers(people, login, case, persona, name):
    response = login(getattr(people, persona)).get(reverse(f"cultivation:{name}"))
    assert response.status_code == 200


@pytest.mark.parametrize("persona", NOT_READERS)
@pytest.mark.parametrize("name", LISTS)
def test_lists_forbidden(people, login, case, persona, name):
    response = login(getattr(people, persona)).get(reverse(f"cultivation:{name}"))
    assert response.status_code == 403


def test_list_shows_only_the_scope(people, login, case):
    _program, _one, d, b_only, _inv = case
    page = login(people.officer_a).get(reverse("cultivation:deliverable_list")).content.decode()
    assert d.title in page and b_only.title not in page
    assert (
        login(people.officer_b)
        .get(reverse("cultivation:deliverable_detail", args=[d.pk]))
        .status_code
        == 404
    )
    assert (
        login(people.officer_b)
        .get(reverse("cultivation:deliverable_file", args=[d.pk]))
        .status_code
        == 404
    )
    response = login(people.officer_a).get(reverse("cultivation:deliverable_file", args=[d.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_list_queries_constant(people, login, case):
    program, one, _d, _b, _inv = case
    client = login(people.org_admin)
    url = reverse("cultivation:deliverable_list")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(12):
        services.deliverable_record(
            actor=people.org_admin,
            program=program,
            data=deliverable_data(
                title=f"报告{n}", team=one, authors=[people.cadre_a, people.cadre_a2]
            ),
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
    urls = [reverse("cultivation:investment_list"), reverse("cultivation:problem_list")]
    services.problem_record(
        actor=people.org_admin,
        program=program,
        data={"title": "难题", "beneficiary": "项目", "outcome": "已解决",
              "date": date(2026, 5, 1), "cadres": [people.cadre_a]},
    )  # fmt: skip
    before = []
    for url in urls:
        with CaptureQueriesContext(connection) as q:
            client.get(url)
        before.append(len(q))
    for n in range(10):
        common = {
            "date": date(2026, 5, 1),
            "team": one,
            "cadres": [people.cadre_a, people.cadre_a2],
        }
        services.investment_record(
            actor=people.org_admin,
            program=program,
            data=common
            | {"enterprise_name": f"企业{n}", "registered_capital": n, "stage": "signed"},
        )
        services.problem_record(
            actor=people.org_admin,
            program=program,
            data=common | {"title": f"难题{n}", "beneficiary": f"项目{n}", "outcome": "已解决"},
        )
    for url, n in zip(urls, before, strict=True):
        with CaptureQueriesContext(connection) as q:
            client.get(url + "?page_size=50&sort=-date")
        assert len(q) == n


def test_record_adoption_form(people, login, case):
    _program, _one, d, _b, _inv = case
    url = reverse("cultivation:outcome_new", args=[d.pk])
    assert login(people.leader).get(url).status_code == 403
    assert login(people.officer_b).get(url).status_code == 404
    client = login(people.org_admin)
    response = client.post(url, {"kind": "adopted", "body": "区政府", "date": "2026-07-01"})
    assert response.status_code == 200
    assert "请填写佐证。" in response.content.decode()
    response = client.post(
        url,
        {"kind": "adopted", "body": "区政府", "date": "2026-05-01", "evidence": "会议纪要"},
    )
    assert "日期不能早于成果提交日期。" in response.content.decode()
    assert not DeliverableOutcome.objects.exists()
    response = client.post(
        url,
        {"kind": "adopted", "body": "区政府", "date": "2026-07-01", "evidence": "会议纪要",
         "evidence_file": docx("纪要.docx")},
    )  # fmt: skip
    assert response.status_code == 302
    outcome = DeliverableOutcome.objects.get()
    detail = client.get(reverse("cultivation:deliverable_detail", args=[d.pk])).content.decode()
    assert "区政府" in detail and "会议纪要" in detail
    assert client.get(reverse("cultivation:outcome_file", args=[outcome.pk])).status_code == 200


def test_bad_file_refused_on_the_form(people, login, case):
    program = case[0]
    client = login(people.org_admin)
    url = reverse("cultivation:deliverable_new", args=[program.pk])
    before = Deliverable.objects.count()
    response = client.post(
        url,
        {"kind": "research", "title": "某调研", "submitted_on": "2026-06-01",
         "authors": [people.cadre_a.pk], "file": docx("宏.docm", macros=True)},
    )  # fmt: skip
    assert response.status_code == 200
    assert "不接受启用宏的 Word 文件" in response.content.decode()
    assert Deliverable.objects.count() == before


def test_investment_form_refusals(people, login, case):
    program = case[0]
    client = login(people.org_admin)
    url = reverse("cultivation:investment_new", args=[program.pk])
    base = {"enterprise_name": "某企业", "stage": "contact", "date": "2026-06-01",
            "cadres": [people.cadre_a.pk]}  # fmt: skip
    response = client.post(
        url, base | {"credit_code": "91420000177570439A", "registered_capital": "5"}
    )
    assert "校验位不符" in response.content.decode()
    response = client.post(url, base | {"registered_capital": "-1"})
    assert "注册资本不能为负数。" in response.content.decode()
    response = client.post(url, base | {"registered_capital": "abc"})
    assert "注册资本须为数字" in response.content.decode()
    assert InvestmentRecord.objects.count() == 1
    page = client.get(reverse("cultivation:investment_list")).content.decode()
    assert "6,000.00" in page


def test_stage_moved_on(people, login, case):
    inv = case[4]
    client = login(people.org_admin)
    url = reverse("cultivation:investment_detail", args=[inv.pk])
    assert client.post(url, {"stage": "signed", "date": "2026-10-01"}).status_code == 302
    inv.refresh_from_db()
    assert inv.stage == "signed"
    assert login(people.officer_b).get(url).status_code == 404


def test_summary_page(people, login, case):
    program = case[0]
    url = reverse("cultivation:results_summary", args=[program.pk])
    page = login(people.org_admin).get(url).content.decode()
    assert "6,000.00" in page
    assert login(people.cadre_user).get(url).status_code == 403
    assert login(people.org_admin).get(url + "?year=abc").status_code == 200


@pytest.mark.parametrize("name", LISTS)
def test_exports(people, login, case, name):
    export = name.replace("_list", "_export")
    response = login(people.org_admin).post(reverse(f"cultivation:{export}"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert login(people.cadre_user).post(reverse(f"cultivation:{export}")).status_code == 403


def test_cadre_pages(people, login, case):
    _program, one, d, b_only, _inv = case
    client = login(people.cadre_user)
    page = client.get(reverse("cultivation:my_results")).content.decode()
    assert d.title in page and b_only.title not in page
    url = reverse("cultivation:my_submit", args=[one.pk])
    response = client.post(
        url, {"kind": "bottleneck", "title": "", "submitted_on": "2026-06-02", "file": pdf()}
    )
    assert response.status_code == 200
    response = client.post(
        url,
        {"kind": "bottleneck", "title": "审批堵点", "submitted_on": "2026-06-02", "file": pdf()},
    )
    assert response.status_code == 302
    assert Deliverable.objects.filter(title="审批堵点", team=one).exists()
    other = case[1].program.teams.exclude(pk=one.pk).get()
    assert client.get(reverse("cultivation:my_submit", args=[other.pk])).status_code == 404
    assert client.get(reverse("cultivation:my_deliverable_file", args=[d.pk])).status_code == 200
    assert (
        client.get(reverse("cultivation:my_deliverable_file", args=[b_only.pk])).status_code == 404
    )
    assert login(people.org_admin).get(reverse("cultivation:my_results")).status_code == 403


def test_cadre_section_renders(people, case):
    ctx = my_results_context(people.cadre_user)
    html = render_to_string("cultivation/self/section_results_deliverables.html", ctx)
    assert case[2].title in html
    assert my_results_context(people.cadre_b.user if people.cadre_b.user else people.rater) is None


@pytest.mark.parametrize(
    ("persona", "status"),
    [("org_admin", 200), ("officer_a", 200), ("leader", 200), ("officer_b", 404),
     ("mentor", 404), ("cadre_user", 403), ("rater", 403), ("auditor", 403)],
)  # fmt: skip
def test_detail_pages_per_persona(people, login, case, persona, status):
    program, _one, d, _b, inv = case
    problem = services.problem_record(
        actor=people.org_admin,
        program=program,
        data={"title": "用工难", "beneficiary": "一号项目", "outcome": "已解决",
              "date": date(2026, 5, 1), "cadres": [people.cadre_a]},
    )  # fmt: skip
    client = login(getattr(people, persona))
    for url in (
        reverse("cultivation:deliverable_detail", args=[d.pk]),
        reverse("cultivation:investment_detail", args=[inv.pk]),
        reverse("cultivation:problem_detail", args=[problem.pk]),
    ):
        assert client.get(url).status_code == status, url
    summary = client.get(reverse("cultivation:results_summary", args=[program.pk]))
    assert summary.status_code == (403 if status == 403 else 200)
