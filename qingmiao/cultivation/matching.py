"""Mentor matching as an optimal assignment (pure functions: no database, no Django models).

For one mentor role, every mentee is given one mentor so that the total cost is the least
possible, with no mentor over their capacity. Each mentor is laid out as `capacity - load`
*slots* (columns); a mentee (row) takes one slot. The cost of mentee i in slot s of mentor m:

    fit(i, m) + unit(i, m) + LOAD_STEP * (load(m) + s)        (s = 0, 1, … for that mentor)

- fit: 6 when none of the mentor's specialty keywords appears in what we know of the mentee
  (track, post, expertise, unit and its type), 3 for one keyword, 0 for two or more;
- unit: 2 when mentor and mentee work in the same department (below the district) without the
  mentor being the mentee's superior: a mentor from elsewhere widens what the mentee sees;
- load: every further mentee of the same mentor costs one more than the one before, so mentees
  spread over mentors instead of filling the best-fitting mentors first. The step is below the
  fit steps, so a clearly better fit is worth a busier mentor, but only up to a point.

Forbidden pairs (the mentee's own superior where the role says so; the mentor already paired
with the mentee in another role) cost FORBIDDEN, far above any real cost, so the solver uses
one only when nothing else is left; such a result, and every mentee left without a slot when
the slots run out, is reported as unplaced, never dropped silently.

The matrix is solved by scipy's `linear_sum_assignment` (a shortest augmenting path method:
exact, not greedy). A rectangular matrix with more mentees than slots leaves the rows whose
placing would cost the most unassigned.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

FIT_NONE = 6
FIT_ONE = 3
SAME_DEPARTMENT = 2
LOAD_STEP = 1
FORBIDDEN = 1_000_000


@dataclass(frozen=True)
class Mentee:
    key: int
    text: str  # track, post, expertise, unit name and type: where specialties are looked for
    unit_path: str = ""  # the mentee's unit's materialized path ("" when unknown)


@dataclass(frozen=True)
class Mentor:
    key: int
    keywords: tuple[str, ...]
    capacity: int
    load: int = 0  # live pairs the mentor already has (any program, any role)
    unit_path: str = ""
    # Paths are compared by prefix: a unit's path starts with each of its ancestors' paths.
    # The district root (one step long) leads everyone and makes no one a "direct superior".
    step: int = 4


@dataclass
class Placement:
    mentee: int
    mentor: int
    cost: int
    matched: tuple[str, ...]
    same_department: bool
    load_after: int
    capacity: int


@dataclass
class Solution:
    placements: list[Placement] = field(default_factory=list)
    unplaced: list[int] = field(default_factory=list)  # mentee keys
    total_cost: int = 0


def is_superior(mentor_path: str, mentee_path: str, step: int = 4) -> bool:
    """The mentor leads the mentee's unit: their unit is the mentee's unit or one above it on
    the same line, below the district root (whose leaders are everyone's and no one's direct
    superior: excluding them would make a 区领导总导师 impossible)."""
    if not mentor_path or not mentee_path or len(mentor_path) <= step:
        return False
    return mentee_path.startswith(mentor_path)


def department(path: str, step: int = 4) -> str:
    """The department a unit belongs to: its ancestor one level below the district root."""
    return path[: 2 * step] if len(path) >= 2 * step else ""


def matched_keywords(mentor: Mentor, mentee: Mentee) -> tuple[str, ...]:
    return tuple(k for k in mentor.keywords if k and k in mentee.text)


def base_costs(
    mentees: list[Mentee],
    mentors: list[Mentor],
    *,
    exclude_superior: bool,
    forbidden: set[tuple[int, int]] | frozenset = frozenset(),
) -> tuple[np.ndarray, np.ndarray]:
    """(cost, matches) as mentee × mentor matrices, computed a keyword at a time (each distinct
    keyword is looked for once in each mentee, not once per mentor)."""
    n, m = len(mentees), len(mentors)
    keywords = sorted({k for mentor in mentors for k in mentor.keywords if k})
    found = {k: np.fromiter((k in e.text for e in mentees), bool, n) for k in keywords}
    matches = np.zeros((n, m), dtype=np.int32)
    for j, mentor in enumerate(mentors):
        for k in set(mentor.keywords):
            if k:
                matches[:, j] += found[k]
    cost = np.where(matches >= 2, 0, np.where(matches == 1, FIT_ONE, FIT_NONE)).astype(np.int64)
    dept_of_mentee = np.array([department(e.unit_path) for e in mentees], dtype=object)
    has_path = np.array([bool(e.unit_path) for e in mentees], dtype=bool)
    for j, mentor in enumerate(mentors):
        dept = department(mentor.unit_path, mentor.step)
        if dept:
            same = dept_of_mentee == dept
            cost[same, j] += SAME_DEPARTMENT
        if exclude_superior and mentor.unit_path and len(mentor.unit_path) > mentor.step:
            below = np.fromiter(
                (e.unit_path.startswith(mentor.unit_path) for e in mentees), bool, n
            )
            cost[below & has_path, j] = FORBIDDEN
    if forbidden:
        row = {e.key: i for i, e in enumerate(mentees)}
        col = {r.key: j for j, r in enumerate(mentors)}
        for mentee_key, mentor_key in forbidden:
            if mentee_key in row and mentor_key in col:
                cost[row[mentee_key], col[mentor_key]] = FORBIDDEN
    return cost, matches


def slot_layout(mentors: list[Mentor]) -> tuple[np.ndarray, np.ndarray]:
    """For each slot: the mentor's column, and the slot's load cost."""
    owners, load_cost = [], []
    for j, mentor in enumerate(mentors):
        free = max(0, mentor.capacity - mentor.load)
        owners += [j] * free
        load_cost += [LOAD_STEP * (mentor.load + s) for s in range(free)]
    return np.array(owners, dtype=np.int64), np.array(load_cost, dtype=np.int64)


def solve(
    mentees: list[Mentee],
    mentors: list[Mentor],
    *,
    exclude_superior: bool = True,
    forbidden: set[tuple[int, int]] | frozenset = frozenset(),
) -> Solution:
    """The least-cost placement of every mentee it can place (see the module's docstring)."""
    solution = Solution()
    if not mentees:
        return solution
    owners, load_cost = slot_layout(mentors)
    if len(owners) == 0:
        solution.unplaced = [e.key for e in mentees]
        return solution
    base, matches = base_costs(
        mentees, mentors, exclude_superior=exclude_superior, forbidden=forbidden
    )
    matrix = base[:, owners] + load_cost[np.newaxis, :]
    rows, cols = linear_sum_assignment(matrix)
    return _read(mentees, mentors, base, matches, owners, rows, cols, matrix)


def _read(mentees, mentors, base, matches, owners, rows, cols, matrix) -> Solution:
    solution = Solution()
    placed_rows = set()
    chosen: list[tuple[int, int, int]] = []
    for i, s in zip(rows.tolist(), cols.tolist(), strict=True):
        if base[i, owners[s]] >= FORBIDDEN:
            continue
        placed_rows.add(i)
        chosen.append((i, s, int(matrix[i, s])))
    # A mentor's slots are interchangeable for the total; number them in mentee order so the
    # load each reason shows reads 1/3, 2/3, 3/3 down the list.
    count: dict[int, int] = {}
    for i, s, c in sorted(chosen, key=lambda t: (owners[t[1]], mentees[t[0]].key)):
        j = int(owners[s])
        mentor, mentee = mentors[j], mentees[i]
        count[j] = count.get(j, 0) + 1
        dept = department(mentor.unit_path, mentor.step)
        solution.placements.append(
            Placement(
                mentee=mentee.key,
                mentor=mentor.key,
                cost=c,
                matched=matched_keywords(mentor, mentee) if matches[i, j] else (),
                same_department=bool(dept) and department(mentee.unit_path) == dept,
                load_after=mentor.load + count[j],
                capacity=mentor.capacity,
            )
        )
        solution.total_cost += c
    solution.placements.sort(key=lambda p: p.mentee)
    solution.unplaced = [e.key for i, e in enumerate(mentees) if i not in placed_rows]
    return solution


def greedy(
    mentees: list[Mentee],
    mentors: list[Mentor],
    *,
    exclude_superior: bool = True,
    forbidden: set[tuple[int, int]] | frozenset = frozenset(),
) -> Solution:
    """The naive reference the benchmark compares with: each mentee in turn takes the cheapest
    slot still free. Never used by the product."""
    solution = Solution()
    owners, load_cost = slot_layout(mentors)
    base, _ = base_costs(mentees, mentors, exclude_superior=exclude_superior, forbidden=forbidden)
    taken = np.zeros(len(owners), dtype=bool)
    for i, mentee in enumerate(mentees):
        if not len(owners):
            solution.unplaced.append(mentee.key)
            continue
        row = base[i, owners] + load_cost
        row = np.where(taken, np.iinfo(np.int64).max, row)
        s = int(np.argmin(row))
        if taken[s] or row[s] >= FORBIDDEN:
            solution.unplaced.append(mentee.key)
            continue
        taken[s] = True
        solution.total_cost += int(row[s])
        solution.placements.append(
            Placement(mentee.key, mentors[owners[s]].key, int(row[s]), (), False, 0, 0)
        )
    return solution
