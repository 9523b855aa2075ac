"""Background jobs: progress, failure, retry, ownership, and nothing runs after a rollback.
Jobs run at once here (the immediate engine), when the transaction that started them commits."""

import logging

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qingmiao.accounts.roles import Role
from qingmiao.core import jobs
from qingmiao.core.jobs.tasks import GENERAL_FAILURE
from qingmiao.core.models import Job

pytestmark = pytest.mark.django_db

seen: list[tuple[int, int, str]] = []


@jobs.job_handler
def count_to_three(job):
    """Reports each step, and checks each report is already in the table."""
    for done in range(1, 4):
        job.progress(done, 3, f"第 {done} 步")
        row = Job.objects.get(pk=job.pk)
        seen.append((row.progress_done, row.progress_total, row.progress_message))


@jobs.job_handler
def fail_readably(job):
    job.progress(2, 5, "已核对 2 个单位")
    raise jobs.JobError("第 3 行的单位“区外事办”不存在。")


@jobs.job_handler
def crash(job):
    raise ZeroDivisionError("secret internals")


@jobs.job_handler
def fail_once(job):
    """Fails on the first attempt, succeeds on the second (a transient fault)."""
    if job.attempts == 1:
        raise jobs.JobError("网络中断。")
    job.save_result(name="结果.txt", content="完成".encode())


@jobs.job_handler
def progress_inside_transaction(job):
    with transaction.atomic():
        job.progress(1, 2, "不应写入")


def not_a_handler(job):
    return None


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Start a job as the request would, then let the transaction commit."""

    def _run(actor, handler, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            job = jobs.job_start(actor=actor, handler=handler, title="测试任务", **kwargs)
        job.refresh_from_db()
        return job

    return _run


def test_progress_is_written_as_it_goes_and_the_job_ends_done(people, run):
    seen.clear()
    job = run(people.org_admin, count_to_three)
    assert seen == [(1, 3, "第 1 步"), (2, 3, "第 2 步"), (3, 3, "第 3 步")]
    assert job.status == Job.Status.DONE
    assert (job.progress_done, job.progress_total, job.percent) == (3, 3, 100)
    assert job.attempts == 1 and job.started_at and job.finished_at
    assert job.task_result_id
    assert job.actor_role == Role.ORG_ADMIN and job.actor_unit == people.tree.root


def test_a_readable_failure_is_kept_with_the_progress_reached(people, run):
    job = run(people.officer_a, fail_readably)
    assert job.status == Job.Status.FAILED
    assert job.error == "第 3 行的单位“区外事办”不存在。"
    # Progress is not undone by the failure: the user sees how far it got.
    assert (job.progress_done, job.progress_total) == (2, 5)


def test_an_unexpected_error_shows_a_general_reason_and_logs_the_traceback(people, run, caplog):
    with caplog.at_level(logging.ERROR, logger="qingmiao.jobs"):
        job = run(people.officer_a, crash)
    assert job.status == Job.Status.FAILED
    assert job.error == GENERAL_FAILURE
    assert "secret" not in job.error and "Traceback" not in job.error
    assert "ZeroDivisionError: secret internals" in caplog.text
    assert "Traceback" in caplog.text


def test_progress_inside_a_transaction_is_refused(people, run, caplog):
    with caplog.at_level(logging.ERROR, logger="qingmiao.jobs"):
        job = run(people.officer_a, progress_inside_transaction)
    assert job.status == Job.Status.FAILED
    assert job.progress_done == 0
    assert "must be called outside transaction.atomic()" in caplog.text


def test_only_declared_handlers_run(people):
    with pytest.raises(TypeError):
        jobs.job_start(actor=people.org_admin, handler=not_a_handler, title="x")


def test_a_job_started_in_a_rolled_back_transaction_never_runs(
    people, django_capture_on_commit_callbacks
):
    seen.clear()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        jobs.job_start(actor=people.org_admin, handler=count_to_three, title="回滚")
        raise RuntimeError("the business action failed")
    assert callbacks == []
    assert seen == []
    assert not Job.objects.exists()
    # The same start, committed, does run: the test above can fail.
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        jobs.job_start(actor=people.org_admin, handler=count_to_three, title="提交")
    assert len(callbacks) == 1 and len(seen) == 3


def test_the_job_does_not_run_if_the_actor_changed_role_meanwhile(
    people, django_capture_on_commit_callbacks
):
    seen.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = jobs.job_start(actor=people.officer_a, handler=count_to_three, title="改角色")
    people.officer_a.role = Role.LEADER
    people.officer_a.save()
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "角色或所在单位已变更" in job.error
    assert seen == []


def test_the_owner_retries_a_failed_job(people, run, login, django_capture_on_commit_callbacks):
    job = run(people.officer_a, fail_once)
    assert (job.status, job.error, job.attempts) == (Job.Status.FAILED, "网络中断。", 1)
    client = login(people.officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("jobs:retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.error, job.attempts) == (Job.Status.DONE, "", 2)
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).decode() == "完成"
    assert "attachment" in download["Content-Disposition"]
    # A job that did not fail is not retried.
    with pytest.raises(ValidationError):
        jobs.job_retry(actor=people.officer_a, job=job)


def test_another_user_cannot_see_retry_or_download_a_job(people, run, login):
    job = run(people.officer_a, fail_once)
    with pytest.raises(Http404):
        jobs.job_retry(actor=people.officer_b, job=job)
    for user in (people.officer_b, people.org_admin, people.auditor):
        client = login(user)
        for name in ("detail", "progress", "download"):
            assert client.get(reverse(f"jobs:{name}", args=[job.pk])).status_code == 404
        assert client.post(reverse("jobs:retry", args=[job.pk])).status_code == 404
        assert job.title not in client.get(reverse("jobs:list")).content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.attempts == 1


def test_download_before_the_job_is_done_is_404(people, run, login):
    job = run(people.officer_a, fail_readably)
    assert login(people.officer_a).get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_the_progress_partial_polls_while_running_and_stops_when_done(people, run, login):
    queued = Job.objects.create(
        kind="x", title="导出干部档案", actor=people.org_admin, actor_role=Role.ORG_ADMIN
    )
    Job.objects.filter(pk=queued.pk).update(
        status=Job.Status.RUNNING, progress_done=40, progress_total=160, progress_message="已写入"
    )
    client = login(people.org_admin)
    html = client.get(reverse("jobs:progress", args=[queued.pk])).content.decode()
    assert f'hx-get="{reverse("jobs:progress", args=[queued.pk])}"' in html
    assert 'hx-trigger="every 1s"' in html
    assert 'aria-valuenow="25"' in html and "已写入" in html
    Job.objects.filter(pk=queued.pk).update(progress_message="")
    html = client.get(reverse("jobs:progress", args=[queued.pk])).content.decode()
    assert "40 / 160" in html

    done = run(people.org_admin, fail_once)  # fails first: a failed job's partial
    html = client.get(reverse("jobs:progress", args=[done.pk])).content.decode()
    assert "hx-trigger" not in html
    assert "网络中断。" in html and "重试" in html
    Job.objects.filter(pk=queued.pk).update(status=Job.Status.DONE)
    html = client.get(reverse("jobs:progress", args=[queued.pk])).content.decode()
    assert "hx-trigger" not in html and 'aria-valuenow="100"' in html


def test_my_jobs_lists_only_mine_in_a_constant_number_of_queries(
    people, login, django_assert_num_queries
):
    for n in range(3):
        Job.objects.create(kind="x", title=f"我的任务{n}", actor=people.leader, actor_role="leader")
    Job.objects.create(kind="x", title="别人的任务", actor=people.org_admin, actor_role="org_admin")
    client = login(people.leader)
    client.get(reverse("jobs:list"))  # warm the session
    with CaptureQueriesContext(connection) as few:
        html = client.get(reverse("jobs:list")).content.decode()
    assert "我的任务2" in html and "别人的任务" not in html
    for n in range(3, 30):
        Job.objects.create(kind="x", title=f"我的任务{n}", actor=people.leader, actor_role="leader")
    with django_assert_num_queries(len(few)):
        html = client.get(reverse("jobs:list")).content.decode()
    # Newest first, 20 a page.
    assert "我的任务29" in html and "我的任务10" in html and "我的任务9<" not in html
    assert "别人的任务" not in html
