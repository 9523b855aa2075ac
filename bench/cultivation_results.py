"""Results roll-ups and new-recruit plans on the demo district: how long the SQL roll-ups take
for 火星计划 and 曾都, and how long creating 巴中's 1,139 plans (11,390 milestones) takes in one
transaction (rolled back afterwards, so the database is left as it was).

    DATABASE_URL=... .venv/bin/python bench/cultivation_results.py [--repeat 5]

Run it on a database built by `manage.py seed_demo`. Targets: each roll-up under 0.5 s, the
1,139 plans under 10 s (the page hands cohorts of 300 or more to a background job anyway).
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def best_of(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


class Rollback(Exception):
    pass


def main() -> None:
    import django

    django.setup()
    from django.db import transaction

    from qingmiao.accounts.models import User
    from qingmiao.cultivation.models import GrowthPlan, PlanTemplate
    from qingmiao.cultivation.selectors import plans as plan_selectors
    from qingmiao.cultivation.selectors import results_rollup as rollup
    from qingmiao.cultivation.services import plans as plan_services
    from qingmiao.selection.models import Program, ProgramKind

    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    admin = User.objects.get(username="orgadmin")
    mars = Program.objects.get(kind=ProgramKind.TRAINING_CAMP, status="running")
    zengdu = Program.objects.get(kind=ProgramKind.QUALITY_YEAR)
    bazhong = Program.objects.get(kind=ProgramKind.NEW_RECRUIT)
    for name, program in (("火星计划", mars), ("曾都", zengdu)):
        for fn in (rollup.results_totals, rollup.results_by_team, rollup.results_by_unit):
            seconds = best_of(lambda fn=fn, p=program: fn(admin, program=p), args.repeat)
            print(f"{name} {fn.__name__}: {seconds * 1000:.1f} ms")
    seconds = best_of(lambda: plan_selectors.plans_rollup(admin, program=bazhong), args.repeat)
    print(f"巴中 plans_rollup: {seconds * 1000:.1f} ms")

    template = PlanTemplate.objects.order_by("pk").first()
    ids = list(GrowthPlan.objects.filter(program=bazhong).values_list("cadre_id", flat=True))
    start = time.perf_counter()
    try:
        with transaction.atomic():
            GrowthPlan.objects.filter(program=bazhong).delete()
            result = plan_services.plans_create(
                actor=admin, template=template, cadre_ids=ids, program=bazhong
            )
            raise Rollback
    except Rollback:
        pass
    print(
        f"巴中 plans_create for {len(ids):,} cadres: {result['created']:,} plans in "
        f"{time.perf_counter() - start:.2f} s (with the deletion, rolled back)"
    )


if __name__ == "__main__":
    main()
