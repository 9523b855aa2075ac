"""How long the demo district takes to build, beside the floor for writing the same rows.

Empties the database, migrates, then times `seed_demo --cadres N` (wall clock, and the CPU
seconds of the Python process); then, as a reference measured in the same run, copies every
row the build wrote out of its table and back into an empty copy of that table with COPY
(same columns, no indexes, constraints or triggers): what writing that much data costs on
this machine with nothing decided and nothing checked. Prints both and their ratio.

    .venv/bin/python bench/seed_build.py [--cadres 100000] [--runs 1]

Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/qm_seed_bench;
everything in it is replaced). Results are also written to var/bench-seed.json.
"""

import argparse
import io
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import PY, app_env  # noqa: E402

DB_URL_DEFAULT = "postgres://postgres@127.0.0.1:5432/qm_seed_bench"


def build(db_url: str, cadres: int) -> dict:
    subprocess.run(
        ["psql", db_url, "-q", "-c", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"],
        check=True,
        capture_output=True,
    )
    env = app_env(DATABASE_URL=db_url, DEBUG="true")
    subprocess.run([PY, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(
        [PY, "manage.py", "seed_demo", "--cadres", str(cadres)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"seed_seconds": round(wall, 1), "seed_cpu_seconds": round(cpu, 1)}


def raw_copy(db_url: str) -> dict:
    """Every table's rows out with COPY, then timed: into an empty copy of each table (no
    indexes, constraints or triggers)."""
    import psycopg

    rows = 0
    bytes_ = 0
    with psycopg.connect(db_url, autocommit=False) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE schemaname = 'public' ORDER BY 1"
        )
        tables = [name for (name,) in cur.fetchall()]
        dumps = {}
        for table in tables:
            buffer = io.BytesIO()
            with cur.copy(f'COPY "{table}" TO STDOUT') as copy:
                for block in copy:
                    buffer.write(block)
            if buffer.tell():
                dumps[table] = buffer.getvalue()
        t0 = time.perf_counter()
        for table, data in dumps.items():
            cur.execute(f'CREATE TEMP TABLE "bench_{table}" (LIKE "{table}")')
            with cur.copy(f'COPY "bench_{table}" FROM STDIN') as copy:
                copy.write(data)
            rows += data.count(b"\n")
            bytes_ += len(data)
        conn.commit()
        seconds = time.perf_counter() - t0
    return {"copy_seconds": round(seconds, 1), "rows": rows, "megabytes": round(bytes_ / 2**20)}


def main():
    import os

    parser = argparse.ArgumentParser()
    parser.add_argument("--cadres", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    db_url = os.environ.get("BENCH_DATABASE_URL", DB_URL_DEFAULT)
    results = []
    for run in range(args.runs):
        print(f"seed_demo --cadres {args.cadres} (run {run + 1}) …", flush=True)
        result = {"cadres": args.cadres, **build(db_url, args.cadres), **raw_copy(db_url)}
        result["ratio"] = round(result["seed_seconds"] / max(result["copy_seconds"], 0.1), 1)
        results.append(result)
        print(
            f"  seed_demo {result['seed_seconds']} s ({result['seed_cpu_seconds']} s CPU); "
            f"raw COPY of the same {result['rows']:,} rows ({result['megabytes']} MB) "
            f"{result['copy_seconds']} s; ratio {result['ratio']} ×",
            flush=True,
        )
    out = ROOT / "var" / "bench-seed.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
