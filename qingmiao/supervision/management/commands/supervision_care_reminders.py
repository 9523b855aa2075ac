"""Tell each owner of the care follow-ups gone past their due date, once per follow-up, for an
office that runs its own cron (running it twice tells nobody twice):

    20 8 * * *  cd /srv/qingmiao && .venv/bin/python manage.py supervision_care_reminders
"""

from django.core.management.base import BaseCommand

from qingmiao.supervision.services.care import care_overdue_remind


class Command(BaseCommand):
    help = "关爱跟进逾期提醒：告知责任人已超过跟进期限的事项"

    def handle(self, *args, **options):
        result = care_overdue_remind()
        self.stdout.write(
            "owners reminded: {owners}; overdue follow-ups: {follow_ups}".format(**result)
        )
