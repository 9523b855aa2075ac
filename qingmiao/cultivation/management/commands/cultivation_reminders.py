"""Run the mentoring reminders now (pairs gone quiet, follow-ups overdue), for an office that
runs its own cron:

    15 8 * * *  cd /srv/qingmiao && .venv/bin/python manage.py cultivation_reminders

`--schedule` instead queues the self-renewing daily task on the task queue (08:00 each day),
for an installation whose task worker runs all the time; run it once after deployment.
"""

from django.core.management.base import BaseCommand

from qingmiao.cultivation.services.mentoring_logs import quiet_pairs_check, schedule_daily_check


class Command(BaseCommand):
    help = "帮带提醒：长期未帮带的结对和逾期的跟进事项"

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="queue the daily task (08:00) instead of checking now",
        )

    def handle(self, *args, **options):
        if options["schedule"]:
            if schedule_daily_check():
                self.stdout.write("daily mentoring check queued")
            else:
                self.stdout.write("the task backend cannot defer; run this command from cron")
            return
        result = quiet_pairs_check()
        self.stdout.write(
            "mentors reminded: {mentors}; quiet pairs: {quiet}; overdue follow-ups: {overdue}; "
            "staff reminded: {staff}".format(**result)
        )
