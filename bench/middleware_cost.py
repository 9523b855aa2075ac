"""What each middleware costs on a page, measured inside the app.

A probe is put before and after every middleware in MIDDLEWARE; the time between neighbouring
probes, on the way in and on the way out, is that middleware's own share of the request. The
view (with its template) is what remains inside the innermost probe. Runs against the database
bench/pages.py built (BENCH_DATABASE_URL), with DEBUG off, signed in as the org admin.

    .venv/bin/python bench/middleware_cost.py [--path /cadres/] [--requests 200]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from pages import app_env  # noqa: E402

STAMPS: list[tuple[int, str, float]] = []


def probe(index: int):
    def factory(get_response):
        def middleware(request):
            STAMPS.append((index, "in", time.perf_counter()))
            response = get_response(request)
            STAMPS.append((index, "out", time.perf_counter()))
            return response

        return middleware

    return factory


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--path", default="/cadres/")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    os.environ.update(app_env())
    import django
    from django.conf import settings

    django.setup()
    names = list(settings.MIDDLEWARE)
    module = sys.modules[__name__]
    chain = []
    for i, name in enumerate(names):
        setattr(module, f"probe_{i}", probe(i))
        chain += [f"{__name__}.probe_{i}", name]
    setattr(module, f"probe_{len(names)}", probe(len(names)))
    chain.append(f"{__name__}.probe_{len(names)}")
    settings.MIDDLEWARE = chain
    from django.test import Client

    from qingmiao.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="orgadmin"))
    for _ in range(5):
        client.get(args.path)
    own = {name: [] for name in [*names, "view and template"]}
    totals = []
    for _ in range(args.requests):
        STAMPS.clear()
        t0 = time.perf_counter()
        response = client.get(args.path)
        totals.append(time.perf_counter() - t0)
        assert response.status_code == 200, response.status_code
        at = {(i, way): t for i, way, t in STAMPS}
        for k, name in enumerate(names):
            inward = at[(k + 1, "in")] - at[(k, "in")]
            outward = at[(k, "out")] - at[(k + 1, "out")]
            own[name].append(inward + outward)
        last = len(names)
        own["view and template"].append(at[(last, "out")] - at[(last, "in")])
    total = statistics.median(totals) * 1000
    print(f"{args.path}: median {total:.1f} ms per request over {args.requests} requests")
    print(f"{'middleware':60} {'median ms':>10} {'share':>7}")
    for name, values in own.items():
        ms = statistics.median(values) * 1000
        print(f"{name:60} {ms:10.2f} {ms / total:7.1%}")


if __name__ == "__main__":
    main()
