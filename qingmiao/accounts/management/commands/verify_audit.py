from django.core.management.base import BaseCommand, CommandError

from qingmiao.accounts.audit import verify_chain
from qingmiao.accounts.models import AuditEntry


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; exits non-zero at the first altered entry."

    def handle(self, *args, **options):
        ok, bad_id = verify_chain()
        if not ok:
            raise CommandError(f"Audit chain broken at entry {bad_id}.")
        self.stdout.write(
            self.style.SUCCESS(f"Audit chain intact ({AuditEntry.objects.count()} entries).")
        )
