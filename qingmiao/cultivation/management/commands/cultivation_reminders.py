"""Run the daily cultivation reminders now — mentoring (pairs gone quiet, follow-ups overdue)
and tomorrow's sessions (each roster is told the day before) — for an office that runs its own
cron:

    15 8 * * *  cd /srv/qingmiao && .venv/bin/python manage.py cultivation_reminders

`--schedule` instead queues the self-renewing daily task on the task queue (08:00 each day),
for an installation whose task worker runs all the time; run it once after deployment.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from qingmiao.cultivation.services.mentoring_logs import quiet_pairs_check, schedule_daily_check
from qingmiao.cultivation.services.session_reminders import session_reminders


class Command(BaseCommand):
    help = "每日培养提醒：长期未帮带的结对、逾期的跟进事项、明日授课"

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="queue the daily task (08:00) instead of checking now",
        )
        parser.add_argument(
            "--date",
            help="the day to check as if it were today (YYYY-MM-DD): its next day's sessions",
        )

    def handle(self, *args, **options):
        if options["schedule"]:
            if schedule_daily_check():
                self.stdout.write("daily mentoring check queued")
            else:
                self.stdout.write("the task backend cannot defer; run this command from cron")
            return
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError:
            raise CommandError("--date takes YYYY-MM-DD") from None
        result = quiet_pairs_check(today)
        self.stdout.write(
            "mentors reminded: {mentors}; quiet pairs: {quiet}; overdue follow-ups: {overdue}; "
            "staff reminded: {staff}".format(**result)
        )
        sessions = session_reminders(today)
        self.stdout.write(
            "sessions tomorrow reminded: {sessions}; people told: {people}".format(**sessions)
        )
