"""Open the fitness reviews the schedules make due and remind reviewers of those due and
overdue, for an office that runs its own cron:

    20 8 * * *  cd /srv/qingmiao && .venv/bin/python manage.py supervision_reminders

Running it twice the same day tells nobody twice.
"""

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from qingmiao.supervision.notifications_records import fitness_reminders_send


class Command(BaseCommand):
    help = "管理监督提醒：适岗情况与能力水平分析的到期和超期"

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, help="run as of this day")

    def handle(self, *args, **options):
        result = fitness_reminders_send(today=options["today"] or timezone.localdate())
        self.stdout.write(
            "fitness reviews opened: {opened}; newly due: {due} ({told_due} reviewers told); "
            "newly overdue: {overdue} ({told_overdue} reviewers told)".format(**result)
        )
