import importlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from qingmiao.accounts import audit
from qingmiao.cadres.demo import registry, summary
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
            self.stdout.write(_("演示数据已存在，未作改动。"))
            return
        with transaction.atomic():
            counts = registry.build(seed=seed, cadre_count=cadres)
            lines = summary.overview()
            # Each app that has demo data of its own (a `demo.build(seed)` function) adds it,
            # in INSTALLED_APPS order, so the registry never names the apps built on it.
            for config in apps.get_app_configs():
                if config.name == "qingmiao.cadres":
                    continue
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                if hasattr(module, "build"):
                    counts[config.label] = module.build(seed=seed)
                if hasattr(module, "summary"):
                    lines += module.summary()
            audit.record("cadres.demo.seeded", username="seed_demo", extra={"seed": seed, **counts})
        # A readable summary for the person who ran it, once everything is committed.
        for line in lines + summary.logins():
            self.stdout.write(line)
