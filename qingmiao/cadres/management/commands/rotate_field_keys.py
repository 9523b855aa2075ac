from django.core.management.base import BaseCommand
from django.db import transaction

from qingmiao.cadres import idcard
from qingmiao.cadres.models import Cadre


class Command(BaseCommand):
    help = "Re-encrypt ID numbers with the first key of FIELD_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        rotated = 0
        with transaction.atomic():
            rows = Cadre.objects.exclude(id_number_encrypted="").only("id", "id_number_encrypted")
            batch = []
            for cadre in rows.iterator(chunk_size=1000):
                cadre.id_number_encrypted = idcard.rotate(cadre.id_number_encrypted)
                batch.append(cadre)
                if len(batch) == 1000:
                    Cadre.objects.bulk_update(batch, ["id_number_encrypted"])
                    rotated += len(batch)
                    batch = []
            Cadre.objects.bulk_update(batch, ["id_number_encrypted"])
            rotated += len(batch)
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {rotated} ID numbers."))
