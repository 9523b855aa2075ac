"""Two versions of the app, driven alternately on the same database beside the bare page.

On a machine that other work shares, a page's requests per second swing with the load from
one minute to the next, so one run of the old code and one of the new compare badly. This
script serves both at once (each with gunicorn, 2 workers, DEBUG off, the production settings)
plus the bare page, and for each round drives the bare page, then every page on the old and
the new code in turn (the order flips each round), with wrk at 16 connections. It prints each
measurement with its share of the bare page measured in the same round, and the medians.

    .venv/bin/python bench/list_ab.py --old /path/to/old/checkout [--rounds 3] [--duration 8]

The database is the one bench/pages.py built (BENCH_DATABASE_URL, run `manage.py migrate` on it
with the newer code first); the old checkout needs its own .venv and var/static (a symlink to
this checkout's collected static files will do). Both get the cache bench/pages.py sets
(BENCH_CACHE_URL, Redis by default, as production uses it).
"""

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from pages import PY, app_env, drive, free_port  # noqa: E402

SESSION = r"""
import json
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from qingmiao.accounts.models import User
from qingmiao.accounts.middleware import SessionTimeoutMiddleware as T
user = User.objects.get(username="orgadmin")
s = SessionStore()
now = timezone.now().timestamp()
s["_auth_user_id"] = str(user.pk)
s["_auth_user_backend"] = "qingmiao.accounts.backends.RoleBackend"
s["_auth_user_hash"] = user.get_session_auth_hash()
s[T.START_KEY] = now
s[T.IDLE_KEY] = now
s.create()
print(json.dumps({"session": s.session_key}))
"""


class Server:
    def __init__(self, root: Path, module: str, settings: str, **extra):
        self.port = free_port()
        env = app_env(DJANGO_SETTINGS_MODULE=settings, PYTHONPATH=str(root), **extra)
        self.proc = subprocess.Popen(
            [str(root / ".venv" / "bin" / "gunicorn"), module, "--workers", "2", "--bind",
             f"127.0.0.1:{self.port}", "--timeout", "120", "--log-level", "warning"],
            cwd=root,
            env=env,
            start_new_session=True,
        )  # fmt: skip
        for _ in range(150):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{module} in {root} did not start")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self):
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--old", required=True, type=Path, help="the older checkout")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=8)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--pages", default="/cadres/,/", help="comma-separated paths")
    args = parser.parse_args()
    out = subprocess.run(
        [PY, "-c", f"import django; django.setup()\n{SESSION}"],
        cwd=ROOT,
        env=app_env(),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    cookie = "sessionid=" + json.loads(out.strip().splitlines()[-1])["session"]
    bare = Server(ROOT, "bench.bare_wsgi", "bench.bare_settings")
    old = Server(args.old.resolve(), "config.wsgi", "config.settings")
    new = Server(ROOT, "config.wsgi", "config.settings")
    pages = [p for p in args.pages.split(",") if p]
    rows = []
    try:
        for round_no in range(args.rounds):
            base = drive(bare.url("/"), "", args.duration, args.connections)
            rows.append(("bare", "/", round_no, base, 1.0))
            order = [("old", old), ("new", new)]
            if round_no % 2:
                order.reverse()
            for path in pages:
                for label, server in order:
                    r = drive(server.url(path), cookie, args.duration, args.connections)
                    share = r.get("rps", 0) / base["rps"]
                    rows.append((label, path, round_no, r, share))
                    print(
                        f"round {round_no + 1} {label:4} {path:10}"
                        f" alone {r['alone_p50_ms']:6.1f} ms"
                        f"  {r['rps']:7.1f} req/s  p50 {r['p50_ms']:6.1f}  p99 {r['p99_ms']:6.1f}"
                        f"  {share:5.0%} of bare ({base['rps']:.1f} req/s)",
                        flush=True,
                    )
    finally:
        for server in (bare, old, new):
            server.stop()
    print("\nmedians over the rounds:")
    print(f"{'code':5} {'page':10} {'alone ms':>9} {'req/s':>8} {'of bare':>8}")
    for label in ("bare", "old", "new"):
        for path in ["/"] if label == "bare" else pages:
            mine = [(r, s) for lab, p, _n, r, s in rows if lab == label and p == path]
            alone = statistics.median(r["alone_p50_ms"] for r, _s in mine)
            rps = statistics.median(r["rps"] for r, _s in mine)
            share = statistics.median(s for _r, s in mine)
            print(f"{label:5} {path:10} {alone:9.1f} {rps:8.1f} {share:8.0%}")
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "bench-list-ab.json").write_text(
        json.dumps(
            [{"code": c, "path": p, "round": n, **r, "of_bare": s} for c, p, n, r, s in rows],
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
