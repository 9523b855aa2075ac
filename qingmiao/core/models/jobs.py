"""A job: a piece of work a user started that runs outside the request (an export, an import,
a recomputation). The row is what the user sees (title, progress, result or reason); the task
queue behind it only carries the job's id."""

import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

# Written by the sweep (qingmiao/core/jobs/sweep.py) untranslated, shown in the reader's language.
INTERRUPTED = gettext_noop(
    "任务执行中断（后台服务停止或重启），未完成的部分没有保存。可以点击“重试”重新执行。"
)


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    # The handler's dotted path (see qingmiao.core.jobs.job_handler): what the worker runs.
    kind = models.CharField(_("类型"), max_length=200)
    title = models.CharField(_("任务"), max_length=200)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.PROTECT,
        related_name="jobs",
    )
    # The actor's role and unit when the job was started: the worker refuses to run it if
    # either has changed since, so a job never reads with a scope the user no longer holds.
    actor_role = models.CharField(_("发起时角色"), max_length=20)
    actor_unit = models.ForeignKey(
        "cadres.OrgUnit",
        verbose_name=_("发起时单位"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    params = models.JSONField(_("参数"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    progress_done = models.PositiveIntegerField(_("已完成"), default=0)
    progress_total = models.PositiveIntegerField(_("总数"), default=0)
    progress_message = models.CharField(_("进度说明"), max_length=200, blank=True)
    result_file = models.FileField(_("结果文件"), upload_to="jobs/%Y/%m/", blank=True)
    result_name = models.CharField(_("文件名"), max_length=200, blank=True)
    error = models.TextField(_("失败原因"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("执行次数"), default=0)
    task_result_id = models.CharField(_("队列任务编号"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("发起时间"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    # Written when the job starts and with every progress report: a running job whose worker
    # was killed stops beating, and the sweep (`jobs.jobs_sweep`) marks it interrupted.
    heartbeat_at = models.DateTimeField(_("最近进度时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["actor", "-created_at"], name="core_job_actor_recent")]

    def __str__(self) -> str:
        return self.title

    @property
    def error_text(self) -> str:
        return gettext(self.error) if self.error == INTERRUPTED else self.error

    @property
    def result_cleared(self) -> bool:
        """Done with a file once, deleted after the keeping period (see jobs_sweep)."""
        return self.status == self.Status.DONE and bool(self.result_name) and not self.result_file

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)

    def progress(self, done: int, total: int | None = None, message: str = "") -> None:
        """Report progress from inside a handler.

        Written at once as its own statement, so the page polling it sees it while the job
        runs. Calling it inside a transaction would hide it until the end (and roll it back
        with a failure), so that is refused loudly."""
        if _in_business_transaction():
            raise RuntimeError("Job.progress() must be called outside transaction.atomic()")
        self.progress_done = max(0, int(done))
        if total is not None:
            self.progress_total = max(0, int(total))
        if message:
            self.progress_message = str(message)[:200]
        Job.objects.filter(pk=self.pk).update(
            progress_done=self.progress_done,
            progress_total=self.progress_total,
            progress_message=self.progress_message,
            heartbeat_at=timezone.now(),
        )

    def save_result(self, *, name: str, content: bytes) -> None:
        """Keep the job's file (under MEDIA_ROOT, served only to the starter by jobs:download).
        `name` is what the user's browser saves it as; the stored name cannot be guessed."""
        self.result_name = name[:200]
        suffix = name.rsplit(".", 1)[-1] if "." in name else "bin"
        self.result_file.save(
            f"{self.pk}-{uuid.uuid4().hex}.{suffix}", ContentFile(content), save=False
        )
        Job.objects.filter(pk=self.pk).update(
            result_file=self.result_file.name, result_name=self.result_name
        )


def _in_business_transaction() -> bool:
    # The test suite wraps each test in transactions of its own; those do not count.
    blocks = getattr(connection, "atomic_blocks", [])
    return any(not getattr(block, "_from_testcase", False) for block in blocks)
