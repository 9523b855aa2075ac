"""Speed as a user feels it: whole pages through gunicorn, measured from outside.

For each dataset the script (1) builds the demo district on PostgreSQL — `seed_demo` with
the given number of cadres — unless `--reuse` finds it already there, and fits the stored
rankings; (2) serves the real app with gunicorn (2 workers, DEBUG off) and, beside it, a bare
Django page that lists 50 rows of the same cadre table (bench/bare_settings.py); (3) drives
every page with wrk at 16 connections, signed in as the org admin, in the same run; and
prints requests per second, p50 and p99 latency per page, and each page's share of the bare
page's requests per second.

    .venv/bin/python bench/pages.py [--small 2000] [--large 100000] [--reuse] [--duration 10]

Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/qm_speed;
everything in it is replaced), Redis for the cache (BENCH_CACHE_URL, default
redis://127.0.0.1:6379/0; empty for each worker's own memory cache) and wrk (Debian: apt-get
install wrk). Results are also written
to var/bench-pages.json. Targets: ranking pages under 100 ms, the funnel under 150 ms, the
cadre list at least 50 % of the bare page's requests per second. The demo run also measures
cultivation's and supervision's main pages (`CULTIVATION`, `SUPERVISION`).
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/qm_speed")
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
# The development keys, so the data the seed encrypted can be read with DEBUG off.
SECRET = "dev-only-insecure-secret-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz"
FIELD_KEY = "ZGV2LW9ubHktZmllbGQta2V5LWRvLW5vdC11c2UhISE="


def app_env(**extra) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=DB_URL,
        DEBUG="false",
        SECURE="false",
        SECRET_KEY=SECRET,
        FIELD_ENCRYPTION_KEYS=FIELD_KEY,
        FIELD_HASH_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SETTINGS_MODULE="config.settings",
        PYTHONPATH=str(ROOT),
    )
    env.pop("QINGMIAO_TESTING", None)
    # The shared cache production uses (Redis); BENCH_CACHE_URL= (empty) keeps each worker's
    # own memory cache instead. The prefix keeps the benchmark's keys apart from anyone else's.
    env["CACHE_URL"] = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/0")
    env["CACHE_KEY_PREFIX"] = "qm-bench-" + DB_URL.rsplit("/", 1)[-1]
    env.update(extra)
    return env


def run(args, **env):
    subprocess.run(args, cwd=ROOT, env=app_env(**env), check=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dataset_size() -> int | None:
    """The number of cadres in the database, or None when there is no demo district."""
    code = (
        "from qingmiao.cadres.models import Cadre, OrgUnit\n"
        "from qingmiao.cadres.demo import registry\n"
        "print(Cadre.objects.count() if OrgUnit.objects.filter(code=registry.ROOT_CODE).exists()"
        " else -1)"
    )
    try:
        out = subprocess.run(
            [PY, "-c", f"import django; django.setup()\n{code}"],
            cwd=ROOT,
            env=app_env(),
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()[-1]
    except subprocess.CalledProcessError:
        return None
    return None if int(out) < 0 else int(out)


def build(cadres: int) -> dict:
    """Empty the database, migrate, seed the demo with `cadres` cadres, fit the rankings."""
    timings = {}
    # A new machine has no benchmark database yet: create it (an existing one is kept).
    server, name = DB_URL.rsplit("/", 1)
    subprocess.run(
        ["psql", f"{server}/postgres", "-q", "-c", f'CREATE DATABASE "{name}"'],
        capture_output=True,
    )
    subprocess.run(
        ["psql", DB_URL, "-q", "-c", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"],
        check=True,
        capture_output=True,
    )
    run([PY, "manage.py", "migrate", "-v", "0"])
    t0 = time.perf_counter()
    run([PY, "manage.py", "seed_demo", "--cadres", str(cadres)], DEBUG="true")
    timings["seed_seconds"] = round(time.perf_counter() - t0, 1)
    # What autovacuum does soon after a bulk load in production: statistics and the
    # visibility map, without which counts and index-only scans are not representative.
    subprocess.run(["psql", DB_URL, "-q", "-c", "VACUUM ANALYZE"], check=True)
    return timings


def prepare() -> dict:
    """Fit every stored ranking (as the background task would after the last sheet), then
    find the pages to measure and sign the org admin in."""
    code = r"""
import json, time
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from qingmiao.accounts.models import User
from qingmiao.accounts.middleware import SessionTimeoutMiddleware as T
from qingmiao.selection.models import Program, Stage
from qingmiao.selection.services.ranking_store import ranking_refit
fits = {}
for stage in Stage.objects.exclude(entries=None):
    t = time.perf_counter()
    ranking_refit(stage=stage)
    fits[stage.pk] = round(time.perf_counter() - t, 2)
from qingmiao.supervision.models import Round
closed = Round.objects.filter(status="closed").order_by("-month").first()
record_of = closed.members.order_by("rank").values_list("cadre_id", flat=True).first()
mars = Program.objects.filter(name__startswith="火星计划", stages__entries__isnull=False).first()
first = mars.stages.order_by("order").first()
user = User.objects.get(username="orgadmin")
s = SessionStore()
now = timezone.now().timestamp()
s["_auth_user_id"] = str(user.pk)
s["_auth_user_backend"] = "qingmiao.accounts.backends.RoleBackend"
s["_auth_user_hash"] = user.get_session_auth_hash()
s[T.START_KEY] = now
s[T.IDLE_KEY] = now
s.create()
print(json.dumps({"session": s.session_key, "program": mars.pk, "stage": first.pk,
                  "candidates": first.entries.count(), "refit_seconds": fits,
                  "round": closed.pk, "record_cadre": record_of}))
"""
    out = subprocess.run(
        [PY, "-c", f"import django; django.setup()\n{code}"],
        cwd=ROOT,
        env=app_env(),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


class Server:
    def __init__(self, module: str, settings: str):
        self.port = free_port()
        self.proc = subprocess.Popen(
            [
                GUNICORN,
                module,
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=app_env(DJANGO_SETTINGS_MODULE=settings),
            start_new_session=True,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{module} did not start")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self):
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(timeout=30)


def fetch(url: str, cookie: str) -> tuple[int, int]:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, len(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, 0


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def drive(url: str, cookie: str, duration: int, connections: int) -> dict:
    status, size = fetch(url, cookie)  # warm the workers and check the page answers
    if status != 200:
        return {"status": status}
    # One connection first: how long the page takes on its own, with nothing queued before it.
    alone = subprocess.run(
        ["wrk", "-t", "1", "-c", "1", "-d", "3s", "--latency", "-H", f"Cookie: {cookie}", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    alone_p50 = _ms(dict(re.findall(r"^\s+(50|99)%\s+(\S+)", alone, re.M))["50"])
    out = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(connections),
            "-d",
            f"{duration}s",
            "--latency",
            "--timeout",
            "60s",
            "-H",
            f"Cookie: {cookie}",
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "status": status,
        "bytes": size,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": _ms(latency["50"]),
        "p99_ms": _ms(latency["99"]),
        "alone_p50_ms": alone_p50,
        "errors": int(errors.group(1)) if errors else 0,
    }


def measure(label: str, cadres: int, pages: dict, args) -> dict:
    timings = {}
    if not (args.reuse and dataset_size() == cadres):
        print(f"building the demo district with {cadres} cadres …", flush=True)
        timings = build(cadres)
        print(f"  seed_demo: {timings['seed_seconds']} s", flush=True)
    info = prepare()
    slowest = max(info["refit_seconds"].values(), default=0)
    print(f"  rankings stored; slowest refit {slowest} s", flush=True)
    cookie = f"sessionid={info['session']}"
    app = Server("config.wsgi", "config.settings")
    bare = Server("bench.bare_wsgi", "bench.bare_settings")
    results = {"dataset": label, "cadres": cadres, **timings, "candidates": info["candidates"]}
    try:
        rows = {
            "bare page (50 rows, no middleware)": drive(
                bare.url("/"), "", args.duration, args.connections
            )
        }
        for name, path in pages.items():
            path = path.format(**info)
            rows[name.format(**info)] = drive(
                app.url(path), cookie, args.duration, args.connections
            )
    finally:
        app.stop()
        bare.stop()
    base = rows["bare page (50 rows, no middleware)"].get("rps") or 1
    print(f"\n{label}: {cadres} cadres, stage of {info['candidates']} candidates")
    print(f"{'page':44} {'alone ms':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'of bare':>8}")
    for name, r in rows.items():
        if "rps" not in r:
            print(f"{name:44} HTTP {r['status']}")
            continue
        r["of_bare"] = round(r["rps"] / base, 3)
        print(
            f"{name:44} {r['alone_p50_ms']:9.1f} {r['rps']:8.1f} {r['p50_ms']:8.1f} "
            f"{r['p99_ms']:8.1f} "
            f"{r['of_bare']:8.0%}" + (f"  ({r['errors']} errors)" if r["errors"] else "")
        )
    results["pages"] = rows
    return results


# Cultivation's main pages on the demo district ({program} is 火星计划, whose sessions, teams,
# mentors and results the demo fills).
CULTIVATION = {
    "curriculum home": "/cultivation/curriculum/",
    "attendance sessions": "/cultivation/attendance/",
    "mentor pairs": "/cultivation/mentoring/pairs/",
    "practice list": "/cultivation/practice/",
    "team list": "/cultivation/teams/",
    "deliverable list": "/cultivation/results/deliverables/",
    "cultivation overview": "/cultivation/overview/{program}/",
    "hours progress": "/cultivation/attendance/hours/{program}/",
}

# Supervision's main pages on the demo district ({round} is 曾都's latest closed monthly round,
# {record_cadre} the first of its list).
SUPERVISION = {
    "monthly rounds": "/supervision/rounds/",
    "performance list": "/supervision/rounds/{round}/",
    "cumulative list": "/supervision/rounds/{round}/?list=cumulative",
    "round overview": "/supervision/rounds/{round}/overview/",
    "democratic evaluations": "/supervision/evaluations/",
    "annual appraisal": "/supervision/appraisals/",
    "fitness reviews": "/supervision/fitness/",
    "care ledger": "/supervision/care/",
    "growth record": "/supervision/records/{record_cadre}/",
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=2000, help="cadres in the default demo")
    parser.add_argument("--large", type=int, default=100000)
    parser.add_argument("--reuse", action="store_true", help="keep a dataset of the right size")
    parser.add_argument("--only", choices=["small", "large"])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install -y wrk")
    run([PY, "manage.py", "collectstatic", "--no-input", "-v", "0"])
    ranking = "/selection/stages/{stage}/ranking/"
    results = []
    if args.only != "large":
        results.append(
            measure(
                "demo",
                args.small,
                {"stage ranking ({candidates})": ranking, **CULTIVATION, **SUPERVISION},
                args,
            )
        )
    if args.only != "small":
        results.append(
            measure(
                "large",
                args.large,
                {
                    "cadre list": "/cadres/",
                    "stage ranking ({candidates})": ranking,
                    "funnel": "/selection/programs/{program}/funnel/",
                    "home": "/",
                },
                args,
            )
        )
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "bench-pages.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=1)
    )


if __name__ == "__main__":
    main()
