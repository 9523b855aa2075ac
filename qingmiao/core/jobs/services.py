"""Starting, reading and retrying jobs. The queue is told about a job only once the
transaction that created it commits: a job started in a transaction that rolls back never runs."""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from qingmiao.accounts import scoping
from qingmiao.core.models import Job

from .registry import Handler, handler_path


def job_start(*, actor, handler: Handler, title: str, params: dict | None = None) -> Job:
    """Record a job for `actor` and queue `handler` to run it after commit.

    `params` is plain JSON data the handler reads back (`job.params`); the handler re-derives
    everything else (the actor's scope included) when it runs."""
    params = dict(params or {})
    params.setdefault("_language", get_language())
    with transaction.atomic():
        job = Job.objects.create(
            kind=handler_path(handler),
            title=str(title)[:200],
            actor=actor,
            actor_role=actor.role,
            actor_unit_id=actor.org_unit_id,
            params=params,
        )
        _enqueue_on_commit(job)
    return job


def job_retry(*, actor, job: Job) -> Job:
    """Run a failed job again, from the start. Only its starter may (others get a 404)."""
    with transaction.atomic():
        job = scoping.get_visible_or_404(actor, Job.objects.select_for_update(), pk=job.pk)
        if job.status != Job.Status.FAILED:
            raise ValidationError(_("只有失败的任务可以重试。"))
        job.status = Job.Status.QUEUED
        job.error = ""
        job.progress_done = 0
        job.progress_message = ""
        job.started_at = None
        job.finished_at = None
        # The scope is checked again when it runs: a retry runs with what the user holds now.
        job.actor_role = actor.role
        job.actor_unit_id = actor.org_unit_id
        job.created_at = timezone.now()
        job.save()
        _enqueue_on_commit(job)
    return job


def jobs_of(user) -> QuerySet[Job]:
    """The user's own jobs, newest first."""
    return scoping.visible(user, Job).order_by("-created_at", "-id")


def job_get(user, pk) -> Job:
    """One of the user's own jobs, or 404. A running job whose worker has gone silent is
    marked interrupted as it is read, so its page offers a retry instead of spinning for ever."""
    from . import sweep

    job = scoping.get_visible_or_404(user, Job, pk=pk)
    if sweep.is_stale(job) and sweep.mark_interrupted(Job.objects.filter(pk=job.pk)):
        job.refresh_from_db()
    return job


def _enqueue_on_commit(job: Job) -> None:
    transaction.on_commit(partial(_enqueue, job.pk))


def _enqueue(job_id: int) -> None:
    from .tasks import run_job

    result = run_job.enqueue(job_id)
    # With the immediate engine (tests) the job has already run by now; record the id only.
    Job.objects.filter(pk=job_id).update(task_result_id=str(result.id))
