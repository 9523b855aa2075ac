from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from qingmiao.accounts import audit
from qingmiao.cadres.demo import registry
from qingmiao.cadres.models import OrgUnit


class Command(BaseCommand):
    help = "Build the demo district (org tree, cadres, one user per role). Development only."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--cadres", type=int, default=2000)

    def handle(self, *args, seed, cadres, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: it creates known passwords."
            )
        if OrgUnit.objects.filter(code=registry.ROOT_CODE).exists():
            self.stdout.write("Demo data already present; nothing to do.")
            return
        counts = registry.build(seed=seed, cadre_count=cadres)
        audit.record("cadres.demo.seeded", username="seed_demo", extra={"seed": seed, **counts})
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo district built: {counts['units']} units, {counts['cadres']} cadres, "
                f"{counts['users']} users."
            )
        )
