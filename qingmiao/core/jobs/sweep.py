"""Keeping the job list true after the fact: jobs whose worker died, and old result files.

A worker killed in the middle of a job (a restart, an out-of-memory kill) leaves the row saying
进行中 for ever. Every running job reports progress (`Job.progress`), which stamps
`heartbeat_at`; a job silent for longer than `JOB_STALE_SECONDS` is marked failed with a reason
the user can act on, and can be retried. A handler commits its work in one transaction at the
end (or not at all), so an interrupted job has left nothing half-written behind.

Result files (exports) are personal data taken off the system: they are kept
`JOB_RESULT_DAYS` days, then deleted; the row stays, saying the file was cleared.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from qingmiao.core.models import Job
from qingmiao.core.models.jobs import INTERRUPTED


def stale_before(now=None):
    return (now or timezone.now()) - timedelta(seconds=settings.JOB_STALE_SECONDS)


def is_stale(job: Job, now=None) -> bool:
    beat = job.heartbeat_at or job.started_at
    return job.status == Job.Status.RUNNING and beat is not None and beat < stale_before(now)


def mark_interrupted(queryset) -> int:
    """Mark the running jobs of `queryset` failed as interrupted; the number marked. The
    reason is kept untranslated in the row and shown in the reader's language."""
    return queryset.filter(status=Job.Status.RUNNING).update(
        status=Job.Status.FAILED, error=INTERRUPTED, finished_at=timezone.now()
    )


def sweep_interrupted(*, now=None, all_running: bool = False) -> int:
    """Jobs silent for too long (or, `all_running`, every running job: when the only worker is
    starting, none can be running) are marked interrupted."""
    running = Job.objects.filter(status=Job.Status.RUNNING)
    if not all_running:
        running = running.annotate(beat=Coalesce("heartbeat_at", "started_at")).filter(
            beat__lt=stale_before(now)
        )
    return mark_interrupted(Job.objects.filter(pk__in=list(running.values_list("pk", flat=True))))


def purge_results(*, now=None) -> int:
    """Delete result files of jobs finished more than `JOB_RESULT_DAYS` days ago; the number
    of files deleted."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.JOB_RESULT_DAYS)
    old = Job.objects.filter(finished_at__lt=cutoff).exclude(
        Q(result_file="") | Q(result_file=None)
    )
    purged = 0
    for job in old.only("pk", "result_file"):
        job.result_file.delete(save=False)  # a file already gone is not an error
        Job.objects.filter(pk=job.pk).update(result_file="")
        purged += 1
    return purged
