"""Derive the care flags of every cadre again from their records (关爱对象认定): after a bulk
import that bypassed record saves, or nightly to catch new recruits passing the configured
number of years (a flag that depends on today's date):

    30 2 * * *  cd /srv/qingmiao && .venv/bin/python manage.py supervision_care_flags
"""

from django.core.management.base import BaseCommand

from qingmiao.accounts import audit
from qingmiao.supervision.services.care_flags import flags_refresh


class Command(BaseCommand):
    help = "按干部档案重新认定全部关爱对象"

    def handle(self, *args, **options):
        result = flags_refresh()
        audit.record("supervision.care.flags_refreshed", username="system", extra=result)
        self.stdout.write(
            "cadres: {cadres}; flags added: {added}; removed: {removed}".format(**result)
        )
