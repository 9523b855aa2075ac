from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from qingmiao.core.jobs import sweep


class Command(BaseCommand):
    help = (
        "Mark jobs whose worker stopped as interrupted (retryable) and delete result files "
        "older than JOB_RESULT_DAYS. Run it from cron every few minutes, and with --all-running "
        "before starting the only worker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all-running",
            action="store_true",
            help="every running job is interrupted (use only when no worker is running)",
        )

    def handle(self, *args, all_running=False, **options):
        interrupted = sweep.sweep_interrupted(all_running=all_running)
        purged = sweep.purge_results()
        if options["verbosity"]:
            self.stdout.write(
                _("已标记中断的任务 %(n)s 个；已清理过期结果文件 %(m)s 个（保留 %(days)s 天）。")
                % {"n": interrupted, "m": purged, "days": settings.JOB_RESULT_DAYS}
            )
