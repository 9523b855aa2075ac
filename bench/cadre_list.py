"""Cadre list speed at city scale.

Builds a demo district of N cadres in a throw-away database (SQLite file under var/, or the
PostgreSQL named by BENCH_DATABASE_URL), then times the list page's queries — first page,
pinyin search, age range, unit subtree, sort — as the org admin sees them.

    .venv/bin/python bench/cadre_list.py [--cadres 20000] [--repeat 20]

Target: every query below 50 ms median at 20,000 cadres on SQLite (2 cores).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
)
TARGET_MS = 50


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cadres", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    (ROOT / "var").mkdir(exist_ok=True)
    db_file = ROOT / "var" / "bench.sqlite3"
    if db_file.exists() and "BENCH_DATABASE_URL" not in os.environ:
        db_file.unlink()

    import django

    django.setup()
    from django.core.management import call_command
    from django.http import QueryDict

    call_command("migrate", verbosity=0)
    from qingmiao.accounts.models import User
    from qingmiao.cadres import selectors
    from qingmiao.cadres.demo import registry
    from qingmiao.cadres.filters import CadreFilter
    from qingmiao.cadres.models import OrgUnit
    from qingmiao.paging import IdFirstPaginator

    started = time.perf_counter()
    registry.build(seed=1, cadre_count=args.cadres)
    print(f"built {args.cadres} cadres in {time.perf_counter() - started:.1f} s")
    user = User.objects.get(username="orgadmin")
    town = OrgUnit.objects.filter(unit_type="town").first()
    cases = {
        "first page": "",
        "pinyin initials 'zw'": "q=zw",
        "full pinyin 'zhangwei'": "q=zhangwei",
        "name '张'": "q=张",
        "age 25-35": "age_min=25&age_max=35",
        "unit subtree (town)": f"unit={town.pk}",
        "postgraduate, sorted by birth": "education=1&sort=-birth_date",
    }
    failures = 0
    print(f"{'case':34} {'rows':>7} {'median ms':>10} {'p95 ms':>8}")
    for label, query in cases.items():
        timings = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            fs = CadreFilter(QueryDict(query), queryset=selectors.cadre_queryset(user), user=user)
            page = IdFirstPaginator(fs.qs, 20).page(1)
            count = page.paginator.count
            list(page.object_list)
            timings.append((time.perf_counter() - t0) * 1000)
        median = statistics.median(timings)
        p95 = sorted(timings)[int(len(timings) * 0.95) - 1]
        flag = "" if median < TARGET_MS else "  ← over target"
        failures += bool(flag)
        print(f"{label:34} {count:>7} {median:>10.1f} {p95:>8.1f}{flag}")
    print(f"target: median < {TARGET_MS} ms per list request")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
