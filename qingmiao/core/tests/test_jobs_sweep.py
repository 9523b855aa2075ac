"""A job whose worker died is marked interrupted and can be retried; old result files go."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from qingmiao.core import jobs
from qingmiao.core.jobs import sweep
from qingmiao.core.jobs.registry import handler_path
from qingmiao.core.models import Job
from qingmiao.core.models.jobs import INTERRUPTED

pytestmark = pytest.mark.django_db

ran: list[int] = []


@jobs.job_handler
def finish_quietly(job):
    ran.append(job.pk)
    job.progress(1, 1)


def _job(actor, status, *, beat_minutes_ago=None, started_minutes_ago=None, **extra):
    now = timezone.now()
    return Job.objects.create(
        kind=handler_path(finish_quietly),
        title="导出干部名册",
        actor=actor,
        actor_role=actor.role,
        actor_unit_id=actor.org_unit_id,
        status=status,
        started_at=None
        if started_minutes_ago is None
        else now - timedelta(minutes=started_minutes_ago),
        heartbeat_at=None
        if beat_minutes_ago is None
        else now - timedelta(minutes=beat_minutes_ago),
        **extra,
    )


def test_only_jobs_silent_longer_than_the_limit_are_marked_interrupted(people, settings):
    settings.JOB_STALE_SECONDS = 600
    admin = people.org_admin
    silent = _job(admin, Job.Status.RUNNING, started_minutes_ago=30, beat_minutes_ago=11)
    never_beat = _job(admin, Job.Status.RUNNING, started_minutes_ago=12)
    busy = _job(admin, Job.Status.RUNNING, started_minutes_ago=30, beat_minutes_ago=1)
    queued = _job(admin, Job.Status.QUEUED)

    assert sweep.sweep_interrupted() == 2

    statuses = dict(Job.objects.values_list("pk", "status"))
    assert statuses[silent.pk] == statuses[never_beat.pk] == Job.Status.FAILED
    assert statuses[busy.pk] == Job.Status.RUNNING
    assert statuses[queued.pk] == Job.Status.QUEUED
    silent.refresh_from_db()
    assert silent.error == INTERRUPTED and silent.finished_at is not None


def test_before_the_only_worker_starts_every_running_job_is_interrupted(people):
    busy = _job(people.org_admin, Job.Status.RUNNING, started_minutes_ago=1, beat_minutes_ago=0)
    call_command("jobs_sweep", "--all-running", verbosity=0)
    busy.refresh_from_db()
    assert busy.status == Job.Status.FAILED


def test_reading_a_silent_job_shows_it_interrupted_and_the_retry_runs_it(
    people, login, settings, django_capture_on_commit_callbacks
):
    settings.JOB_STALE_SECONDS = 600
    ran.clear()
    job = _job(people.org_admin, Job.Status.RUNNING, started_minutes_ago=20, beat_minutes_ago=15)
    client = login(people.org_admin)

    page = client.get(reverse("jobs:detail", args=[job.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "任务执行中断（后台服务停止或重启）" in html
    assert "重试" in html
    client.cookies["django_language"] = "en"
    assert "interrupted" in client.get(reverse("jobs:progress", args=[job.pk])).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("jobs:retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and ran == [job.pk]


def test_a_job_still_reporting_progress_is_left_running_when_read(people, login):
    job = _job(people.org_admin, Job.Status.RUNNING, started_minutes_ago=20, beat_minutes_ago=0)
    login(people.org_admin).get(reverse("jobs:detail", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING


def test_progress_reports_stamp_the_heartbeat(people):
    job = _job(people.org_admin, Job.Status.RUNNING, started_minutes_ago=20, beat_minutes_ago=20)
    before = job.heartbeat_at
    job.progress(5, 10)
    job.refresh_from_db()
    assert job.heartbeat_at > before


def test_result_files_older_than_the_keeping_period_are_deleted(people, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.JOB_RESULT_DAYS = 7
    now = timezone.now()
    old = _job(people.org_admin, Job.Status.DONE, finished_at=now - timedelta(days=8))
    recent = _job(people.org_admin, Job.Status.DONE, finished_at=now - timedelta(days=2))
    for job in (old, recent):
        job.result_name = "干部名册.xlsx"
        job.result_file.save(f"{job.pk}.xlsx", ContentFile(b"x"), save=True)
    old_path = tmp_path / old.result_file.name

    assert sweep.purge_results() == 1

    old.refresh_from_db()
    recent.refresh_from_db()
    assert not old.result_file and not old_path.exists()
    assert recent.result_file and (tmp_path / recent.result_file.name).exists()
    client = login(people.org_admin)
    assert client.get(reverse("jobs:download", args=[old.pk])).status_code == 404
    page = client.get(reverse("jobs:detail", args=[old.pk])).content.decode()
    assert "已过保留期限并已删除" in page
    with override("zh-hans"):
        assert old.result_cleared and not recent.result_cleared
