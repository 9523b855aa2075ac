"""The growth record in the browser: a cadre reads their own record and filters it; an officer
records a fitness review (refused without a judgement, then saved); the org department exports
the record as PDF and Word (the job's progress, then the download).

Personas are those of conftest.py: 张伟 (the cadre login's record, 区商务局), with the small
record of qingmiao/supervision/tests/factories_records.py.
"""

import io

import pypdfium2
import pytest
from docx import Document
from playwright.sync_api import expect

from qingmiao.core.models import Job
from qingmiao.supervision.models import FitnessReview
from qingmiao.supervision.tests.factories_records import D, small_record

from .test_export import DATABASE_ENGINE, run_worker_once

pytestmark = pytest.mark.browser


def test_a_cadre_reads_and_filters_their_growth_record(site, people):
    small_record(people)
    page = site.page
    site.sign_in_as(people.cadre_user)
    site.goto("/cultivation/my/")
    page.get_by_test_id("my-growth-link").click()
    expect(page).to_have_url(site.url(f"/supervision/records/{people.cadre_a.pk}/"))
    expect(page.get_by_role("heading", name="张伟的成长纪实档案")).to_be_visible()
    expect(page.get_by_test_id("event")).to_have_count(11)
    expect(page.get_by_test_id("summary-row")).to_have_count(2)
    expect(page.get_by_test_id("review-row")).to_contain_text("基本胜任")
    # A cadre reads but does not export.
    expect(page.get_by_test_id("export-pdf")).to_have_count(0)
    site.screenshot("whole")
    page.get_by_label("工作成果", exact=True).check()
    page.get_by_label("年度", exact=True).select_option("2026")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_test_id("event")).to_have_count(3)
    expect(page.get_by_test_id("shown")).to_have_text("显示 3 项，共 11 项")
    expect(page.get_by_test_id("timeline-year")).to_contain_text("乡村物流调研报告")


def test_an_officer_records_a_fitness_review(site, people):
    data = small_record(people)
    due = FitnessReview.objects.create(
        cadre=people.cadre_a,
        schedule=data.schedule,
        due_date=D(2026, 7, 31),
        period_start=D(2026, 1, 31),
        period_end=D(2026, 7, 31),
    )
    page = site.page
    site.sign_in_as(people.officer_a)
    site.goto("/supervision/fitness/")
    page.get_by_label("状态").select_option("overdue")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_test_id("count-overdue")).to_have_text("1")
    expect(page.get_by_test_id("review-row")).to_have_count(1)
    site.screenshot("overdue")
    page.get_by_test_id("record").click()
    expect(page).to_have_url(site.url(f"/supervision/fitness/{due.pk}/"))
    page.get_by_label("评价理由").fill("能完成交办任务，但独立处理群众诉求还不够熟练。")
    page.get_by_test_id("save").click()
    expect(page.locator('[data-field="judgement"]')).to_have_text(
        "请选择适岗评价（胜任、基本胜任或不胜任）。"
    )
    site.screenshot("refused")
    due.refresh_from_db()
    assert due.status == "due"
    page.get_by_label("基本胜任").check()
    page.get_by_label("主要优点").fill("肯吃苦，学习快")
    page.get_by_test_id("save").click()
    expect(page).to_have_url(site.url("/supervision/fitness/"))
    expect(page.get_by_text("已录入张伟的适岗情况与能力水平分析。")).to_be_visible()
    due.refresh_from_db()
    assert (due.status, due.judgement, due.reviewer) == ("done", "mostly_fit", people.officer_a)


def test_the_record_exports_as_pdf_and_word(site, people, settings):
    settings.TASKS = DATABASE_ENGINE
    small_record(people)
    page = site.page
    site.sign_in_as(people.org_admin)
    site.goto(f"/supervision/records/{people.cadre_a.pk}/")
    page.get_by_test_id("export-pdf").click()
    job = Job.objects.get()
    expect(page).to_have_url(site.url(f"/supervision/records/{people.cadre_a.pk}/?job={job.pk}"))
    progress = page.get_by_test_id("job-progress")
    expect(progress).to_contain_text("张伟成长纪实档案（PDF）")
    expect(progress).to_contain_text("等待执行")
    site.screenshot("queued")
    run_worker_once()
    link = page.get_by_test_id("job-download")
    expect(link).to_be_visible()
    site.screenshot("done")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "张伟成长纪实档案.pdf"
    pdf = pypdfium2.PdfDocument(download.value.path().read_bytes())
    assert "张伟" in pdf[0].get_textpage().get_text_range()

    page.get_by_test_id("export-docx").click()
    run_worker_once()
    link = page.get_by_test_id("job-download")
    expect(link).to_contain_text("张伟成长纪实档案.docx")
    with page.expect_download() as download:
        link.click()
    doc = Document(io.BytesIO(download.value.path().read_bytes()))
    assert doc.paragraphs[0].text == "成长纪实档案"
