"""Evaluation and appraisal pages per persona (allowed, forbidden, out of scope), the voter's
pages without an account, refusals in the user's words, constant queries on the lists."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import ALL_ROLES
from qingmiao.cadres.models import Appraisal
from qingmiao.supervision.models import AppraisalProposal, Ballot, BallotSlip, Evaluation
from qingmiao.supervision.services import appraisal as appraisal_services
from qingmiao.supervision.services import evaluation as services

from .factories_evaluation import answers_for, cadres, cast, issue, open_evaluation

STAFF = {"org_admin", "officer_a", "officer_b", "leader"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def evs(people, tree):
    """One evaluation of unit A's cadre (organized at the root), one of unit B's (at unit B)."""
    a = open_evaluation(people.org_admin, tree.root, [people.cadre_a], title="商务局测评")
    b = open_evaluation(people.org_admin, tree.unit_b, [people.cadre_b], title="财政局测评")
    return a, b


@pytest.mark.parametrize("role", ALL_ROLES)
def test_list_per_role(role, people, evs, login):
    response = login(getattr(people, role)).get("/supervision/evaluations/")
    if role not in STAFF:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    shown = {e.title for e in response.context["page"].object_list}
    expected = {
        "org_admin": {"商务局测评", "财政局测评"},
        "leader": {"商务局测评", "财政局测评"},
        "officer_a": {"商务局测评"},
        "officer_b": {"财政局测评"},
    }[role]
    assert shown == expected


@pytest.mark.parametrize("role", ALL_ROLES)
def test_detail_per_role(role, people, evs, login):
    response = login(getattr(people, role)).get(f"/supervision/evaluations/{evs[1].pk}/")
    if role not in STAFF:
        assert response.status_code == 403
    elif role == "officer_a":
        assert response.status_code == 404  # unit B's evaluation is out of scope
    else:
        assert response.status_code == 200
        assert "测评结束后才公布结果" in response.content.decode()


def test_bad_ids_are_404(people, login):
    client = login(people.org_admin)
    assert client.get("/supervision/evaluations/99999/").status_code == 404
    assert client.get("/supervision/evaluations/?year=abc&page=zz").status_code == 200
    assert client.post("/supervision/evaluations/99999/slips/", {"count": 1}).status_code == 404


def test_list_queries_do_not_grow_with_the_page(people, tree, login, django_assert_num_queries):
    for i in range(55):
        open_evaluation(people.org_admin, tree.root, [people.cadre_a], title=f"测评{i}")
    client = login(people.org_admin)
    with CaptureQueriesContext(connection) as small:
        assert client.get("/supervision/evaluations/?page_size=20").status_code == 200
    with django_assert_num_queries(len(small)):
        response = client.get("/supervision/evaluations/?page_size=50")
    assert len(response.context["page"].object_list) == 50


def test_create_through_the_page(people, tree, login):
    client = login(people.org_admin)
    assert client.get("/supervision/evaluations/new/").status_code == 200
    assert login(people.officer_a).get("/supervision/evaluations/new/").status_code == 403
    now = timezone.localtime()
    data = {
        "title": "区商务局2026年度民主测评", "kind": "evaluation", "unit": tree.root.pk,
        "year": 2026,
        "subjects": "张伟、王强", "questions": "", "option_set": "grades",
        "voter_types": ["colleague", "served"], "min_turnout": "2/3",
        "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
    }  # fmt: skip
    client = login(people.org_admin)
    response = client.post("/supervision/evaluations/new/", data)
    assert response.status_code == 302
    ev = Evaluation.objects.get()
    assert sorted(s.cadre.name for s in ev.subjects.all()) == ["张伟", "王强"]
    assert [q.title for q in ev.questions.all()] == ["总体评价"]
    bad = client.post("/supervision/evaluations/new/", {**data, "subjects": "无此人"})
    assert bad.status_code == 200 and "找不到“无此人”。" in bad.content.decode()
    assert Evaluation.objects.count() == 1


def test_issue_and_print_slips(people, evs, login):
    client = login(people.org_admin)
    response = client.post(
        f"/supervision/evaluations/{evs[0].pk}/slips/", {"voter_type": "colleague", "count": 4}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('data-testid="slip"') == 4 and page.count("<svg") == 4
    assert BallotSlip.objects.filter(evaluation=evs[0]).count() == 4
    bad = client.post(
        f"/supervision/evaluations/{evs[0].pk}/slips/", {"voter_type": "colleague", "count": 0}
    )
    assert bad.status_code == 400
    assert (
        login(people.leader)
        .post(
            f"/supervision/evaluations/{evs[0].pk}/slips/", {"voter_type": "colleague", "count": 1}
        )
        .status_code
        == 403
    )


def test_send_to_named_people_and_draw(people, evs, login):
    client = login(people.org_admin)
    response = client.post(
        f"/supervision/evaluations/{evs[0].pk}/send/",
        {"voter_type": "colleague", "users": "officer_a, nobody"},
    )
    assert response.status_code == 400
    assert "找不到这些登录名（或不在本单位范围内）：nobody" in response.content.decode()
    response = client.post(
        f"/supervision/evaluations/{evs[0].pk}/send/",
        {"voter_type": "colleague", "users": "officer_a"},
    )
    assert response.status_code == 302
    voter = login(people.officer_a)
    assert voter.get(f"/supervision/evaluations/{evs[0].pk}/draw/").status_code == 200
    drawn = voter.post(f"/supervision/evaluations/{evs[0].pk}/draw/")
    assert drawn.status_code == 200 and 'data-testid="slip-code"' in drawn.content.decode()
    again = voter.post(f"/supervision/evaluations/{evs[0].pk}/draw/")
    assert "每人只能领取一张" in again.content.decode()
    assert (
        login(people.officer_b).get(f"/supervision/evaluations/{evs[0].pk}/draw/").status_code
        == 404
    )


def test_a_voter_votes_without_an_account(people, evs, client):
    ev = evs[0]
    (code,) = issue(people.org_admin, ev, count=1)
    assert client.get("/supervision/vote/").status_code == 200
    wrong = client.post("/supervision/vote/", {"code": "QM-2222-3333"})
    assert wrong.status_code == 400 and "测评码不正确" in wrong.content.decode()
    opened = client.get(f"/supervision/vote/{ev.pk}/{code}/")
    assert opened.status_code == 200 and "张伟" in opened.content.decode()
    answers = answers_for(ev, lambda s: "excellent")
    missing = client.post(f"/supervision/vote/{ev.pk}/cast/", {"code": code})
    assert missing.status_code == 400 and Ballot.objects.count() == 0
    done = client.post(f"/supervision/vote/{ev.pk}/cast/", {"code": code, **answers})
    assert done.status_code == 200 and "投票成功" in done.content.decode()
    again = client.post(f"/supervision/vote/{ev.pk}/cast/", {"code": code, **answers})
    assert again.status_code == 400
    assert "这张测评票已经投过票，每张票只能投一次。" in again.content.decode()
    assert Ballot.objects.count() == 1


def test_a_slip_opened_on_another_evaluations_link(people, evs, client):
    (code,) = issue(people.org_admin, evs[1], count=1)
    response = client.get(f"/supervision/vote/{evs[0].pk}/{code}/")
    assert response.status_code == 400 and "这张测评票不属于本次测评。" in response.content.decode()


def test_results_page_and_export_after_the_close(people, evs, login):
    ev = evs[0]
    codes = issue(people.org_admin, ev, count=3)
    for code in codes:
        cast(code, ev, lambda s: "competent")
    client = login(people.org_admin)
    early = client.post(f"/supervision/evaluations/{ev.pk}/results/export/")
    assert early.status_code == 302  # withheld: back to the page with the reason
    client.post(f"/supervision/evaluations/{ev.pk}/close/")
    page = client.get(f"/supervision/evaluations/{ev.pk}/").content.decode()
    assert 'data-testid="result"' in page and "100%" in page
    export = client.post(f"/supervision/evaluations/{ev.pk}/results/export/")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd")
    assert (
        login(people.officer_b)
        .post(f"/supervision/evaluations/{ev.pk}/results/export/")
        .status_code
        == 404
    )
    assert (
        login(people.cadre_user)
        .post(f"/supervision/evaluations/{ev.pk}/results/export/")
        .status_code
        == 403
    )


def test_evaluation_list_export(people, evs, login):
    response = login(people.officer_a).post("/supervision/evaluations/export/")
    assert response.status_code == 200
    assert login(people.inspector).post("/supervision/evaluations/export/").status_code == 403


# --- appraisal pages ---------------------------------------------------------------------

APPRAISAL_READ = {"org_admin", "officer_a", "officer_b", "leader"}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_appraisal_list_per_role(role, people, login):
    AppraisalProposal.objects.create(
        cadre=people.cadre_b, unit=people.cadre_b.unit, year=2025, grade="competent"
    )
    response = login(getattr(people, role)).get("/supervision/appraisals/?year=2025")
    if role not in APPRAISAL_READ:
        assert response.status_code == 403
        return
    names = {p.cadre.name for p in response.context["page"].object_list}
    assert names == (set() if role == "officer_a" else {"王强"})


@pytest.mark.parametrize("role", ALL_ROLES)
def test_entry_per_role(role, people, tree, login):
    response = login(getattr(people, role)).get(
        f"/supervision/appraisals/entry/?unit={tree.unit_a.pk}&year=2025"
    )
    if role == "officer_a":
        assert response.status_code == 200 and "张伟" in response.content.decode()
    elif role == "officer_b":
        assert response.status_code == 404  # unit A is not in unit B's subtree
    else:
        assert response.status_code == 403


def test_entry_all_or_nothing_with_the_quota(people, tree, login):
    unit_cadres = [people.cadre_a, *cadres(tree.unit_a, 4)]  # five in unit A itself
    client = login(people.officer_a)
    page = client.get(f"/supervision/appraisals/entry/?unit={tree.unit_a.pk}&year=2025")
    rows = page.context["rows"]
    assert [r["cadre"].pk for r in rows] == sorted(
        [c.pk for c in unit_cadres], key=lambda pk: [r["cadre"].pk for r in rows].index(pk)
    )
    data = {
        "unit": tree.unit_a.pk, "year": 2025,
        "form-TOTAL_FORMS": len(rows), "form-INITIAL_FORMS": len(rows),
    }  # fmt: skip
    for i, r in enumerate(rows):
        data[f"form-{i}-cadre"] = r["cadre"].pk
        data[f"form-{i}-grade"] = "excellent" if i < 2 else "competent"
    # Five graded × 20 % = 1 place; two asked.
    refused = client.post("/supervision/appraisals/entry/", data)
    assert refused.status_code == 400
    assert (
        "区商务局：优秀 2 人，超过限额 1 人（参加定等次 5 人 × 20%，向下取整）。"
        in refused.content.decode()
    )
    assert not AppraisalProposal.objects.exists()
    data["form-1-grade"] = "competent"
    assert client.post("/supervision/appraisals/entry/", data).status_code == 302
    assert AppraisalProposal.objects.count() == 5


def test_template_import_and_confirm_pages(people, tree, login):
    cadres(tree.unit_a, 4)
    officer = login(people.officer_a)
    template = officer.get(f"/supervision/appraisals/template/?unit={tree.unit_a.pk}&year=2025")
    assert template.status_code == 200
    bad = officer.post(
        "/supervision/appraisals/import/",
        {"unit": tree.unit_a.pk, "year": 2025, "file": _file(b"not excel")},
    )
    assert bad.status_code == 400 and "文件无法读取" in bad.content.decode()
    grades = {c.pk: "competent" for c in tree.unit_a.cadres.all()}
    appraisal_services.appraisals_propose(
        actor=people.officer_a, year=2025,
        rows=[{"cadre": c, "grade": grades[c.pk]} for c in tree.unit_a.cadres.all()],
    )  # fmt: skip
    admin = login(people.org_admin)
    listing = admin.get("/supervision/appraisals/?year=2025")
    assert [u["unit__name"] for u in listing.context["pending"]] == ["区商务局"]
    assert (
        login(people.officer_a)
        .post("/supervision/appraisals/confirm/", {"unit": tree.unit_a.pk, "year": 2025})
        .status_code
        == 403
    )
    admin = login(people.org_admin)
    done = admin.post("/supervision/appraisals/confirm/", {"unit": tree.unit_a.pk, "year": 2025})
    assert done.status_code == 302
    assert Appraisal.objects.filter(year=2025).count() == 5
    assert (
        admin.post("/supervision/appraisals/confirm/", {"unit": "x", "year": 2025}).status_code
        == 404
    )


def test_appraisal_list_queries_constant(people, tree, login, django_assert_num_queries):
    for c in cadres(tree.unit_a, 60):
        AppraisalProposal.objects.create(cadre=c, unit=tree.unit_a, year=2025, grade="competent")
    client = login(people.org_admin)
    with CaptureQueriesContext(connection) as small:
        client.get("/supervision/appraisals/?year=2025&page_size=20")
    with django_assert_num_queries(len(small)):
        response = client.get("/supervision/appraisals/?year=2025&page_size=50")
    assert len(response.context["page"].object_list) == 50


def test_entry_queries_constant(people, tree, login, django_assert_num_queries):
    ev = open_evaluation(people.org_admin, tree.root, [people.cadre_a], year=2025)
    for code in issue(people.org_admin, ev, count=3):
        cast(code, ev, lambda s: "excellent")
    services.evaluation_close(actor=people.org_admin, evaluation=ev)
    cadres(tree.unit_a, 5)
    client = login(people.officer_a)
    url = f"/supervision/appraisals/entry/?unit={tree.unit_a.pk}&year=2025"
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    cadres(tree.unit_a, 30, prefix="新人")
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert len(response.context["rows"]) == 36
    row = next(r for r in response.context["rows"] if r["cadre"].pk == people.cadre_a.pk)
    assert row["basis"][0][0] == "民主测评"


def _file(content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("x.xlsx", content)


def test_record_page_panel(people, tree, login):
    ev = open_evaluation(people.org_admin, tree.root, [people.cadre_a], year=2025)
    for code in issue(people.org_admin, ev, count=3):
        cast(code, ev, lambda s: "excellent")
    services.evaluation_close(actor=people.org_admin, evaluation=ev)
    page = login(people.officer_a).get(f"/cadres/{people.cadre_a.pk}/").content.decode()
    assert 'data-testid="panel-evaluations"' in page and "优秀 3 票（100%）" in page
    own = login(people.cadre_user).get(f"/cadres/{people.cadre_a.pk}/").content.decode()
    assert 'data-testid="panel-evaluations"' not in own  # a cadre does not read evaluations
