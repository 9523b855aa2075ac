"""The one queue task behind every job: it loads the job, checks its starter still holds the
scope it was started with, runs the handler and records the outcome on the job row."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override
from django_tasks import task

from qingmiao.core.models import Job

from .registry import JobError, load_handler

logger = logging.getLogger("qingmiao.jobs")

GENERAL_FAILURE = gettext_noop(
    "任务执行时出错，详细情况已记入系统日志。请稍后重试；如仍失败，请联系系统管理员。"
)


@task
def run_job(job_id: int) -> None:
    with transaction.atomic():
        job = Job.objects.select_for_update().select_related("actor").filter(pk=job_id).first()
        if job is None or job.status != Job.Status.QUEUED:
            # Deleted, or already picked up (a retry enqueued twice): nothing to do.
            return
        job.status = Job.Status.RUNNING
        job.started_at = job.heartbeat_at = timezone.now()
        job.attempts += 1
        job.save(update_fields=["status", "started_at", "heartbeat_at", "attempts"])
    # The handler speaks the user's language: reasons and sheet titles are translated.
    with override(job.params.get("_language") or None):
        try:
            _check_actor(job)
            load_handler(job.kind)(job)
        except JobError as exc:
            _fail(job, str(exc))
        except ValidationError as exc:
            _fail(job, "；".join(exc.messages))
        except Exception:
            logger.exception("job %s (%s) failed", job.pk, job.kind)
            _fail(job, _(GENERAL_FAILURE))
        else:
            Job.objects.filter(pk=job.pk).update(
                status=Job.Status.DONE,
                finished_at=timezone.now(),
                progress_done=job.progress_total or job.progress_done,
            )


def _check_actor(job: Job) -> None:
    actor = job.actor
    if (
        not actor.is_active
        or actor.role != job.actor_role
        or actor.org_unit_id != job.actor_unit_id
    ):
        raise JobError(_("发起任务后，您的账号、角色或所在单位已变更，任务未执行。请重新发起。"))


def _fail(job: Job, reason: str) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.FAILED, error=reason[:2000], finished_at=timezone.now()
    )
