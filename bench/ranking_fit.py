"""Rater-severity fit: the sparse fit (numpy/scipy) against the first, pure-Python one.

Both fit the same random assignment in the same run — N candidates, each scored by K of R
raters with their own severity — and the script prints both times and the ratio, and checks
that they agree.

    .venv/bin/python bench/ranking_fit.py [--candidates 10000] [--marks 3] [--raters 100]

Target: the sparse fit of 10,000 candidates × 3 marks under 1 s.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
TARGET_S = 1.0


def design(candidates: int, per: int, raters: int, seed: int = 1):
    from qingmiao.selection.ranking import Mark

    rnd = random.Random(seed)
    severity = [rnd.gauss(0, 5) for _ in range(raters)]
    marks = []
    for c in range(candidates):
        level = rnd.gauss(70, 8)
        for r in rnd.sample(range(raters), per):
            marks.append(Mark(r, c, round(level + severity[r] + rnd.gauss(0, 3), 3)))
    return marks


def timed(fn, marks, repeat):
    best = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn(marks)
        elapsed = time.perf_counter() - t0
        best = elapsed if best is None else min(best, elapsed)
    return best, out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=10000)
    parser.add_argument("--marks", type=int, default=3)
    parser.add_argument("--raters", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from qingmiao.selection.ranking import _severity, aggregate
    from qingmiao.selection.tests.severity_reference import severity_reference

    marks = design(args.candidates, args.marks, args.raters)
    print(
        f"{args.candidates} candidates × {args.marks} marks, {args.raters} raters "
        f"({len(marks)} marks), best of {args.repeat}"
    )
    new_s, new = timed(_severity, marks, args.repeat)
    old_s, old = timed(severity_reference, marks, args.repeat)
    full_s, _full = timed(lambda m: aggregate(m, "severity"), marks, args.repeat)
    worst = max(abs(new.scores[c] - old.scores[c]) for c in old.scores)
    print(f"sparse fit (numpy/scipy):                   {new_s * 1000:8.1f} ms")
    print(f"pure-Python fit (reference):                {old_s * 1000:8.1f} ms")
    print(f"ratio (pure Python / sparse):               {old_s / new_s:8.1f} ×")
    print(f"the sparse fit with the ranking's checks:   {full_s * 1000:8.1f} ms")
    print(f"largest difference in a candidate's level:  {worst:.2e}")
    ok = full_s < TARGET_S and worst < 1e-6
    print("target met" if ok else f"target NOT met (under {TARGET_S:.0f} s, equal to 1e-6)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
