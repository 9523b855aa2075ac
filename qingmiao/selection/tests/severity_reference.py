"""The rater-severity fit as first written: pure Python, a dense Laplacian solved by Gaussian
elimination. Kept as the reference the sparse fit in `ranking._severity` is checked against
(tests) and timed against (bench/ranking_fit.py)."""

import statistics
from collections import defaultdict

from qingmiao.selection.ranking import Adjusted, Outcome, _by_candidate, _by_rater, components


def severity_reference(marks) -> Outcome:
    """Least squares for x[r,c] = level[c] + severity[r] + noise.

    Given the severities, each level is the mean of its candidate's marks less their raters'
    severities; substituting that into the raters' normal equations leaves one equation per
    rater, L·severity = b, where L is the Laplacian of the raters' overlap graph (raters are
    linked through the candidates they share) and b[r] = Σ over r's marks of (mark − that
    candidate's mean mark). L is singular: adding a constant to every severity in one
    connected part of the assignment and subtracting it from that part's levels fits exactly
    as well. So severities are pinned to sum to zero within each connected part (hence also
    overall) and the system is solved directly — raters number in the tens, and unlike
    iterating towards the fit, a direct solve is exact however thinly the raters overlap."""
    if not marks:
        return Outcome("severity", {}, {})
    by_c, by_r = _by_candidate(marks), _by_rater(marks)
    raters = list(by_r)
    index = {r: i for i, r in enumerate(raters)}
    size = len(raters)
    matrix = [[0.0] * size for _ in range(size)]
    rhs = [0.0] * size
    for own in by_c.values():
        share = 1 / len(own)
        centre = statistics.fmean(m.score for m in own)
        for m in own:
            i = index[m.rater]
            rhs[i] += m.score - centre
            matrix[i][i] += 1
            for other in own:
                matrix[i][index[other.rater]] -= share
    # The gauge: Σ severity = 0 over each connected part, added as J (all ones) on the part.
    part_of = {c: n for n, part in enumerate(components(marks)) for c in part}
    parts: dict[int, list[int]] = defaultdict(list)
    for r, own in by_r.items():
        parts[part_of[own[0].candidate]].append(index[r])
    for members in parts.values():
        for i in members:
            for j in members:
                matrix[i][j] += 1
    solution = _solve(matrix, rhs)
    for members in parts.values():  # clear rounding so each part sums to zero
        shift = statistics.fmean(solution[i] for i in members)
        for i in members:
            solution[i] -= shift
    severity = {r: solution[index[r]] for r in raters}
    level = {
        c: statistics.fmean(m.score - severity[m.rater] for m in own) for c, own in by_c.items()
    }
    details = {
        c: [Adjusted(m.rater, m.score, m.score - severity[m.rater]) for m in own]
        for c, own in by_c.items()
    }
    return Outcome("severity", level, details, rater_effects=severity)


def _solve(matrix: list[list[float]], rhs: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting for a small nonsingular system."""
    size = len(rhs)
    rows = [[*row, value] for row, value in zip(matrix, rhs, strict=True)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda i: abs(rows[i][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        head = rows[col]
        for i in range(col + 1, size):
            factor = rows[i][col] / head[col]
            if factor:
                row = rows[i]
                for j in range(col, size + 1):
                    row[j] -= factor * head[j]
    result = [0.0] * size
    for i in range(size - 1, -1, -1):
        row = rows[i]
        result[i] = (row[size] - sum(row[j] * result[j] for j in range(i + 1, size))) / row[i]
    return result
