"""Exporting lists: a large cadre list runs as a background job (the page shows its progress
bar, then the download link) and the file holds the list as filtered; a stage's ranking
downloads at once, every candidate in rank order."""

import io
import signal

import openpyxl
import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from qingmiao.cadres.tests.factories import CadreFactory
from qingmiao.core.models import Job
from qingmiao.selection import services
from qingmiao.selection.models import RaterAssignment
from qingmiao.selection.tests.factories import (
    first_stage,
    make_raters,
    open_scoring,
    running_program,
)

pytestmark = pytest.mark.browser

DATABASE_ENGINE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_worker_once():
    """What `manage.py db_worker` does in production, for the jobs queued so far."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def test_a_large_export_shows_its_progress_then_the_download(site, people, settings, monkeypatch):
    # A low threshold makes a four-row list "large"; the queue is the production engine, so
    # the request only queues the job and the worker below runs it.
    settings.EXPORT_BACKGROUND_ROWS = 2
    settings.EXPORT_CHUNK_SIZE = 1
    settings.TASKS = DATABASE_ENGINE
    CadreFactory(name="赵敏", unit=people.tree.unit_a)
    page = site.page
    site.sign_in_as(people.org_admin)
    site.goto(f"/cadres/?unit={people.tree.unit_a.pk}&sort=name")
    expect(page.get_by_test_id("result-count")).to_have_text("共 3 人")
    page.get_by_test_id("export").click()

    job = Job.objects.get()
    expect(page).to_have_url(site.url(f"/jobs/{job.pk}/"))
    progress = page.get_by_test_id("job-progress")
    expect(progress).to_contain_text("导出干部档案（3 行）")
    expect(progress).to_contain_text("等待执行")
    site.screenshot("queued")

    # Hold the worker after its first chunk until the page, polling on its own, shows it.
    original = Job.progress
    shown = []

    def progress_and_look(self, done, total=None, message=""):
        original(self, done, total, message)
        if done == 1 and not shown:
            expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "33")
            expect(progress).to_contain_text("已写入 1 / 3 行")
            site.screenshot("progress")
            shown.append(done)

    monkeypatch.setattr(Job, "progress", progress_and_look)
    run_worker_once()
    assert shown == [1]

    link = page.get_by_test_id("job-download")
    expect(link).to_be_visible()
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    site.screenshot("done")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.startswith("干部档案_")
    content = download.value.path().read_bytes()
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "李娜", "张伟", "赵敏",
    ]  # fmt: skip

    site.goto("/jobs/")
    expect(page.get_by_role("link", name="导出干部档案（3 行）")).to_be_visible()
    expect(page.get_by_role("cell", name="已完成")).to_be_visible()


def test_the_ranking_of_a_stage_downloads_as_the_page_ranks_it(site, people):
    """The organization department exports a stage's ranking: every candidate, in rank order,
    with the columns the page shows, whichever page of the ranking is open."""
    cadres = [people.cadre_a, people.cadre_a2, people.cadre_b]
    program = running_program(
        people.org_admin,
        cadres,
        name="青年干部训练营",
        stages=[{"name": "综合评议", "value": 2, "k": 2, "dimensions": (("综合素质", 1, 100),)}],
    )
    stage = first_stage(program)
    raters = make_raters(2)
    open_scoring(people.org_admin, stage, raters, k=2)
    marks = {"张伟": 91, "李娜": 78, "王强": 85}
    dimension = stage.dimensions.get()
    for entry in stage.entries.select_related("application__cadre"):
        for rater in raters:
            services.sheet_save(
                actor=rater,
                assignment=RaterAssignment.objects.get(rater=rater, entry=entry),
                values={dimension.pk: (marks[entry.application.cadre.name], "")},
                submit=True,
            )

    page = site.page
    site.sign_in_as(people.org_admin)
    site.goto(f"/selection/stages/{stage.pk}/ranking/?page_size=20")
    expect(page.get_by_test_id("rank-row")).to_have_count(3)
    button = page.get_by_test_id("export")
    expect(button).to_have_text("导出 Excel")
    site.screenshot("ranking")
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename.startswith("关卡排名_")
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("名次", "编号", "姓名")
    assert [(r[0], r[2], r[6], r[9]) for r in rows[1:]] == [
        (1, "张伟", 91, "✓"),
        (2, "王强", 85, "✓"),
        (3, "李娜", 78, None),
    ]
    # The page stays as it was, with nothing broken on it.
    expect(page.get_by_test_id("rank-row")).to_have_count(3)
    site.screenshot("ranking-after-download")
    site.assert_healthy()
