"""Daily: remind cadres and their mentors of new-recruit plan milestones that fell overdue."""

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from qingmiao.cultivation.notifications_plans import plan_reminders_send


class Command(BaseCommand):
    help = "提醒干部及其导师：培养节点超期 1、7、30 天未完成（每天运行一次）。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按哪一天检查（YYYY-MM-DD），默认今天")

    def handle(self, *args, **options):
        today = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        n = plan_reminders_send(today=today)
        self.stdout.write(f"{today.isoformat()}: {n}")
