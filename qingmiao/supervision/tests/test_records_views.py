"""The growth record and fitness pages for every persona: allowed, forbidden (403), out of
scope (404); the list's queries constant whatever the page size; bad input never a 5xx."""

import pytest

from qingmiao.supervision.models import FitnessReview

from .factories_records import D, small_record

pytestmark = pytest.mark.django_db

ALL = ["org_admin", "officer_a", "officer_b", "leader", "cadre_user", "mentor", "rater", "host",
       "inspector", "sysadmin", "secadmin", "auditor"]  # fmt: skip
# Who reads 张伟's (unit A) growth record: staff over unit A, the cadre, their mentor.
RECORD_READERS = {"org_admin", "officer_a", "leader", "cadre_user", "mentor"}
LIST_READERS = {"org_admin", "officer_a", "officer_b", "leader"}
RECORDERS = {"org_admin", "officer_a"}


@pytest.fixture
def record(people):
    data = small_record(people)
    due = FitnessReview.objects.create(
        cadre=people.cadre_a,
        schedule=data.schedule,
        due_date=D(2026, 7, 31),
        period_start=D(2026, 1, 31),
        period_end=D(2026, 7, 31),
    )
    other = FitnessReview.objects.create(
        cadre=people.cadre_b,
        due_date=D(2026, 7, 31),
        period_start=D(2026, 1, 1),
        period_end=D(2026, 7, 31),
    )
    people.due, people.other = due, other
    return people


@pytest.mark.parametrize("role", ALL)
def test_growth_record_page_per_role(record, login, role):
    user = getattr(record, role)
    r = login(user).get(f"/supervision/records/{record.cadre_a.pk}/")
    if role in RECORD_READERS:
        assert r.status_code == 200
        html = r.content.decode()
        assert "张伟的成长纪实档案" in html and "入职谈心" in html
        assert ('data-testid="export-docx"' in html) == (role == "org_admin")
    elif user.has_perm("cadres.view_cadre"):
        assert r.status_code == 404  # reads records, not this one
    else:
        assert r.status_code == 403


def test_growth_record_filters_and_bad_input(record, login):
    c = login(record.org_admin)
    url = f"/supervision/records/{record.cadre_a.pk}/"
    html = c.get(url + "?kind=results&year=2026").content.decode()
    assert html.count('data-testid="event"') == 3
    assert "显示 3 项，共 11 项" in html
    # The summary keeps the whole record: two years.
    assert html.count('data-testid="summary-row"') == 2
    for bad in ("?kind=nonsense", "?year=abc", "?year=99999", "?job=x", "?job=999"):
        r = c.get(url + bad)
        assert r.status_code == 200
    assert "筛选条件无法识别" in c.get(url + "?kind=nonsense").content.decode()
    assert c.get("/supervision/records/999999/").status_code == 404


def test_my_growth_record(record, login):
    r = login(record.cadre_user).get("/supervision/records/mine/")
    assert r.status_code == 302 and r["Location"] == f"/supervision/records/{record.cadre_a.pk}/"
    assert login(record.officer_a).get("/supervision/records/mine/").status_code == 404
    # Reached from the cadre's 我的培养 page.
    html = login(record.cadre_user).get("/cultivation/my/").content.decode()
    assert 'data-testid="my-growth-link"' in html and "已记录 11 项成长纪实" in html


def test_panel_on_the_cadre_record(record, login):
    html = login(record.officer_a).get(f"/cadres/{record.cadre_a.pk}/").content.decode()
    assert 'data-testid="growth-panel"' in html
    assert "成长纪实共 11 项" in html and "基本胜任" in html


@pytest.mark.parametrize("role", ALL)
def test_fitness_list_per_role(record, login, role):
    r = login(getattr(record, role)).get("/supervision/fitness/")
    if role not in LIST_READERS:
        assert r.status_code == 403
        return
    assert r.status_code == 200
    html = r.content.decode()
    assert ("张伟" in html) == (role != "officer_b")
    assert ("王强" in html) == (role in {"org_admin", "officer_b", "leader"})


def test_fitness_list_filters(record, login):
    c = login(record.org_admin)
    html = c.get("/supervision/fitness/?state=overdue").content.decode()
    assert html.count('data-testid="review-row"') == 2  # both due 2026-07-31, undone
    html = c.get("/supervision/fitness/?judgement=mostly_fit").content.decode()
    assert html.count('data-testid="review-row"') == 1
    html = c.get(f"/supervision/fitness/?unit={record.tree.unit_b.pk}").content.decode()
    assert html.count('data-testid="review-row"') == 1 and "王强" in html
    for bad in ("?state=x", "?unit=abc", "?program=0", "?page=zz", "?page_size=7", "?sort=evil"):
        assert c.get("/supervision/fitness/" + bad).status_code == 200


def test_fitness_list_queries_constant(record, login, django_assert_num_queries):
    for i in range(25):
        FitnessReview.objects.create(
            cadre=record.cadre_a2,
            due_date=D(2020, 1, 1 + i),
            period_start=D(2019, 7, 1),
            period_end=D(2020, 1, 1 + i),
        )
    c = login(record.org_admin)
    c.get("/supervision/fitness/?page_size=20")
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (20, 50):
        with CaptureQueriesContext(connection) as ctx:
            r = c.get(f"/supervision/fitness/?page_size={size}")
        counts.append(len(ctx.captured_queries))
        assert len(re.findall('data-testid="review-row"', r.content.decode())) == min(size, 28)
    assert counts[0] == counts[1]


@pytest.mark.parametrize("role", ALL)
def test_fitness_record_page_per_role(record, login, role):
    c = login(getattr(record, role))
    r = c.get(f"/supervision/fitness/{record.due.pk}/")
    if role in RECORDERS:
        assert r.status_code == 200
    elif role in {"officer_b"}:
        assert r.status_code == 404
    else:
        assert r.status_code == 403


def test_fitness_record_out_of_scope(record, login):
    assert (
        login(record.officer_a).get(f"/supervision/fitness/{record.other.pk}/").status_code == 404
    )
    assert login(record.officer_a).get("/supervision/fitness/999999/").status_code == 404


def test_recording_a_review_on_the_page(record, login):
    c = login(record.officer_a)
    url = f"/supervision/fitness/{record.due.pk}/"
    r = c.post(url, {"reasons": "能够完成任务"})
    html = r.content.decode()
    assert r.status_code == 200
    assert 'data-field="judgement"' in html and "请选择适岗评价（胜任、基本胜任或不胜任）。" in html
    record.due.refresh_from_db()
    assert record.due.status == "due"
    r = c.post(url, {"judgement": "fit", "reasons": "能够完成任务", "strengths": "学习快"})
    assert r.status_code == 302
    record.due.refresh_from_db()
    assert (record.due.status, record.due.judgement) == ("done", "fit")


def test_fitness_export(record, login):
    r = login(record.officer_a).post("/supervision/fitness/export/?state=overdue")
    assert r.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    rows = list(load_workbook(BytesIO(r.content)).active.values)
    assert rows[0][:2] == ("姓名", "单位") and [row[0] for row in rows[1:]] == ["张伟"]
    assert login(record.cadre_user).post("/supervision/fitness/export/").status_code == 403


def test_schedules_page(record, login):
    c = login(record.org_admin)
    assert c.get("/supervision/fitness/schedules/").status_code == 200
    r = c.post(
        "/supervision/fitness/schedules/",
        {"program": record.due.schedule.program_id, "interval_months": "0", "lead_days": "30"},
    )
    assert "分析周期须在 1 至 24 个月之间。" in r.content.decode()
    r = c.post(
        "/supervision/fitness/schedules/",
        {
            "program": record.due.schedule.program_id,
            "interval_months": "6",
            "lead_days": "30",
            "active": "on",
        },
    )
    assert r.status_code == 302
    assert (
        c.post(
            "/supervision/fitness/schedules/",
            {"program": "x", "interval_months": "6", "lead_days": "3"},
        ).status_code
        == 404
    )
    assert login(record.leader).get("/supervision/fitness/schedules/").status_code == 403
    assert login(record.officer_a).get("/supervision/fitness/schedules/").status_code == 403
