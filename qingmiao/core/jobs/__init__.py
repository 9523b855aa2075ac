"""Background jobs: work a user starts that runs outside the request, with progress.

    from qingmiao.core import jobs

    @jobs.job_handler
    def rebuild_ranking(job):                 # runs in a worker (at once in tests)
        job.progress(0, total, "正在计算")
        ...
        job.save_result(name="排名.xlsx", content=data)   # optional file for the user

    job = jobs.job_start(actor=user, handler=rebuild_ranking, title="重新计算排名",
                         params={"stage": stage.pk})

A handler raises `JobError("…")` for a failure the user should read; anything else is logged
with its traceback and shown as a general reason. See docs/architecture.md.
"""

from . import scopes  # noqa: F401  (registers who may see a job)
from .registry import JobError, job_handler
from .services import job_get, job_retry, job_start, jobs_of

__all__ = ["JobError", "job_get", "job_handler", "job_retry", "job_start", "jobs_of"]
