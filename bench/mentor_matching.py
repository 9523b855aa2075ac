"""Mentor matching at 巴中's scale: 1,139 new recruits, two roles (政治导师, 业务导师), each
mentee one mentor of each role, against a realistic pool.

The pool: the district's 40 departments and 20 townships, each recruit in one of them (or in
one of its sections). 政治导师 are unit leaders (a district leader at the root, department and
township party secretaries and deputies), capacity 8–12, excluded as the recruit's own direct
superior; 业务导师 are business heads and experts, capacity 3–5, with specialty keywords
matched against the recruit's post and expertise. The second role forbids the mentor chosen
in the first.

It times the product's solver (`qingmiao.cultivation.matching.solve`, scipy's
linear_sum_assignment over mentor slots) and, as the reference, a naive greedy pass over the
same cost matrix (each recruit in turn takes the cheapest free slot), and prints both times and
total costs: the optimal cost must be lower and the time "in seconds".

    .venv/bin/python bench/mentor_matching.py [--mentees 1139] [--seed 1]

Target: both roles of 1,139 mentees in under 5 s.
"""

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_S = 5.0
SPECIALTIES = [
    "招商引资", "产业经济", "乡村振兴", "基层治理", "财政金融", "生态环保", "规划建设",
    "农业农村", "文旅融合", "数字经济", "应急管理", "信访维稳", "党建", "教育卫生",
]  # fmt: skip


def pool(mentees_n: int, seed: int):
    from qingmiao.cultivation.matching import Mentee, Mentor

    rnd = random.Random(seed)
    units = [f"0001{d:04d}" for d in range(1, 61)]  # 40 departments + 20 townships
    sections = {u: [f"{u}{s:04d}" for s in range(1, 4)] for u in units}
    mentees = []
    for i in range(mentees_n):
        unit = rnd.choice(units)
        path = unit if rnd.random() < 0.5 else rnd.choice(sections[unit])
        words = " ".join(rnd.sample(SPECIALTIES, 2))
        mentees.append(Mentee(key=i, text=f"科员 {words}", unit_path=path))
    political = [Mentor(key=10_000, keywords=("党建",), capacity=10, unit_path="0001")]
    for j, unit in enumerate(units):
        for k in range(2):  # a secretary and a deputy
            political.append(
                Mentor(
                    key=10_001 + j * 2 + k,
                    keywords=tuple(rnd.sample(SPECIALTIES, 2)),
                    capacity=rnd.randint(8, 12),
                    unit_path=unit,
                )
            )
    business = []
    for j in range(330):
        unit = rnd.choice(units)
        business.append(
            Mentor(
                key=20_000 + j,
                keywords=tuple(rnd.sample(SPECIALTIES, 3)),
                capacity=rnd.randint(3, 5),
                unit_path=rnd.choice(sections[unit]),
            )
        )
    return mentees, political, business


def run(solver, mentees, political, business):
    started = time.perf_counter()
    first = solver(mentees, political, exclude_superior=True)
    forbidden = {(p.mentee, p.mentor) for p in first.placements}
    second = solver(mentees, business, exclude_superior=True, forbidden=forbidden)
    seconds = time.perf_counter() - started
    cost = first.total_cost + second.total_cost
    placed = len(first.placements) + len(second.placements)
    return seconds, cost, placed, len(first.unplaced) + len(second.unplaced)


def main() -> int:
    from qingmiao.cultivation import matching

    parser = argparse.ArgumentParser()
    parser.add_argument("--mentees", type=int, default=1139)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    mentees, political, business = pool(args.mentees, args.seed)
    slots = sum(m.capacity for m in political), sum(m.capacity for m in business)
    print(
        f"{len(mentees)} mentees; 政治导师 {len(political)} ({slots[0]} slots), "
        f"业务导师 {len(business)} ({slots[1]} slots)"
    )
    opt = run(matching.solve, mentees, political, business)
    ref = run(matching.greedy, mentees, political, business)
    print(f"optimal (linear_sum_assignment): {opt[0]:.2f} s, cost {opt[1]}, "
          f"pairs {opt[2]}, unplaced {opt[3]}")  # fmt: skip
    print(f"greedy reference:                {ref[0]:.2f} s, cost {ref[1]}, "
          f"pairs {ref[2]}, unplaced {ref[3]}")  # fmt: skip
    ok = opt[0] < TARGET_S and opt[1] <= ref[1] and opt[2] >= ref[2]
    print(
        f"target: under {TARGET_S:.0f} s and no costlier than greedy — {'met' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
