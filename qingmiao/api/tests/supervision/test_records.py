"""The growth record and fitness review endpoints: per role, out of scope, bad input (400 in
the page's words), constant queries, the export job."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qingmiao.core.models import Job
from qingmiao.supervision.models import FitnessReview
from qingmiao.supervision.tests.factories_records import D, small_record

pytestmark = pytest.mark.django_db

ALL = ["org_admin", "officer_a", "officer_b", "leader", "cadre_user", "mentor", "rater", "host",
       "inspector", "sysadmin", "secadmin", "auditor"]  # fmt: skip
READERS = {"org_admin", "officer_a", "leader", "cadre_user", "mentor"}
RECORDS_PATHS = {
    "/api/v1/supervision/growth-records/{id}/",
    "/api/v1/supervision/growth-records/{id}/export/",
    "/api/v1/supervision/fitness-reviews/",
    "/api/v1/supervision/fitness-reviews/{id}/",
    "/api/v1/supervision/fitness-reviews/{id}/record/",
}


@pytest.fixture
def record(people):
    data = small_record(people)
    people.due = FitnessReview.objects.create(
        cadre=people.cadre_a,
        schedule=data.schedule,
        due_date=D(2026, 7, 31),
        period_start=D(2026, 1, 31),
        period_end=D(2026, 7, 31),
    )
    people.other = FitnessReview.objects.create(
        cadre=people.cadre_b,
        due_date=D(2026, 7, 31),
        period_start=D(2026, 1, 1),
        period_end=D(2026, 7, 31),
    )
    return people


@pytest.mark.parametrize("role", ALL)
def test_growth_record_per_role(record, api, role):
    user = getattr(record, role)
    r = api(user).get(f"/api/v1/supervision/growth-records/{record.cadre_a.pk}/")
    if role in READERS:
        assert r.status_code == 200
        assert r.json()["total"] == 11 or role == "mentor"
    elif user.has_perm("cadres.view_cadre"):
        assert r.status_code == 404
    else:
        assert r.status_code == 403


def test_growth_record_json(record, api):
    r = api(record.org_admin).get(
        f"/api/v1/supervision/growth-records/{record.cadre_a.pk}/?kind=results&year=2026"
    )
    body = r.json()
    assert [e["day"] for e in body["events"]] == ["2026-05-20", "2026-07-01", "2026-08-08"]
    assert body["events"][2]["title"] == "参与引进企业“某新材料有限公司”"
    assert body["events"][2]["kind_name"] == "工作成果"
    assert body["years"] == [2026, 2025]
    y2026 = body["summary"][0]
    assert (y2026["year"], y2026["total"], y2026["hours"], y2026["capital"]) == (
        2026,
        7,
        "2.5",
        "500",
    )
    assert y2026["counts"]["results"] == 3


def test_growth_record_bad_input(record, api):
    c = api(record.org_admin)
    url = f"/api/v1/supervision/growth-records/{record.cadre_a.pk}/"
    r = c.get(url + "?kind=nonsense")
    assert r.status_code == 400 and "没有这一类纪实事项。" in str(r.json())
    assert c.get(url + "?year=abc").status_code == 400
    assert c.get("/api/v1/supervision/growth-records/abc/").status_code == 404
    assert c.get("/api/v1/supervision/growth-records/999999/").status_code == 404


def test_export_job(record, api, django_capture_on_commit_callbacks):
    url = f"/api/v1/supervision/growth-records/{record.cadre_a.pk}/export/"
    with django_capture_on_commit_callbacks(execute=True):
        r = api(record.org_admin).post(url, {"format": "pdf"}, format="json")
    assert r.status_code == 202
    job = Job.objects.get(pk=r.json()["job"])
    assert job.status == "done" and job.result_name == "张伟成长纪实档案.pdf"
    r = api(record.org_admin).post(url, {"format": "xls"}, format="json")
    assert r.status_code == 400 and "请选择导出为 Word 或 PDF。" in str(r.json())
    assert api(record.leader).post(url, {"format": "pdf"}, format="json").status_code == 403
    from qingmiao.accounts.roles import Role
    from qingmiao.accounts.tests.factories import UserFactory

    other = UserFactory(role=Role.ORG_ADMIN, org_unit=record.tree.unit_b, username="orgadmin_b")
    assert api(other).post(url, {"format": "pdf"}, format="json").status_code == 404
    assert Job.objects.count() == 1


@pytest.mark.parametrize("role", ALL)
def test_fitness_list_per_role(record, api, role):
    r = api(getattr(record, role)).get("/api/v1/supervision/fitness-reviews/")
    if role not in {"org_admin", "officer_a", "officer_b", "leader"}:
        assert r.status_code == 403
        return
    names = {row["name"] for row in r.json()["results"]}
    assert ("张伟" in names) == (role != "officer_b")
    assert ("王强" in names) == (role != "officer_a")


def test_fitness_list_filters_and_queries(record, api):
    c = api(record.org_admin)
    rows = c.get("/api/v1/supervision/fitness-reviews/?state=overdue").json()["results"]
    assert {r["name"] for r in rows} == {"张伟", "王强"} and all(r["overdue"] for r in rows)
    assert c.get("/api/v1/supervision/fitness-reviews/?state=nope").status_code == 400
    for i in range(25):
        FitnessReview.objects.create(
            cadre=record.cadre_a2,
            due_date=D(2020, 1, 1 + i),
            period_start=D(2019, 7, 1),
            period_end=D(2020, 1, 1 + i),
        )
    counts = []
    for size in (5, 25):
        with CaptureQueriesContext(connection) as ctx:
            r = c.get(f"/api/v1/supervision/fitness-reviews/?page_size={size}")
        assert len(r.json()["results"]) == size
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_fitness_record_and_create(record, api):
    url = f"/api/v1/supervision/fitness-reviews/{record.due.pk}/record/"
    r = api(record.officer_a).post(url, {"reasons": "尚可"}, format="json")
    assert r.status_code == 400
    assert r.json()["judgement"] == ["请选择适岗评价（胜任、基本胜任或不胜任）。"]
    record.due.refresh_from_db()
    assert record.due.status == "due"
    assert (
        api(record.leader)
        .post(url, {"judgement": "fit", "reasons": "好"}, format="json")
        .status_code
        == 403
    )
    assert (
        api(record.officer_b)
        .post(url, {"judgement": "fit", "reasons": "好"}, format="json")
        .status_code
        == 404
    )
    r = api(record.officer_a).post(url, {"judgement": "fit", "reasons": "好"}, format="json")
    assert (
        r.status_code == 200
        and r.json()["status"] == "done"
        and r.json()["judgement_name"] == "胜任"
    )
    create = "/api/v1/supervision/fitness-reviews/"
    body = {"cadre": record.cadre_a.pk, "period_start": "2026-08-01", "period_end": "2026-10-31",
            "judgement": "mostly_fit", "reasons": "调动前分析"}  # fmt: skip
    r = api(record.officer_a).post(create, body, format="json")
    assert r.status_code == 201 and r.json()["period_end"] == "2026-10-31"
    r = api(record.officer_a).post(create, {**body, "cadre": record.cadre_b.pk}, format="json")
    assert r.status_code == 404
    r = api(record.officer_a).post(create, {**body, "judgement": ""}, format="json")
    assert r.status_code == 400 and "judgement" in r.json()


def test_anonymous_is_refused(record, api):
    assert api().get(f"/api/v1/supervision/growth-records/{record.cadre_a.pk}/").status_code == 401
    assert api().get("/api/v1/supervision/fitness-reviews/").status_code == 401
