"""Score aggregation, diagnostics and ranking, checked against arithmetic done by hand.

Every expected value is worked out in the comment beside it; nothing here touches the database.
"""

import math
import random
from fractions import Fraction

import pytest

from qingmiao.selection.ranking import (
    DEFAULT_METHOD,
    METHODS,
    Mark,
    aggregate,
    components,
    diagnose,
    kendall_tau,
    rank,
    shown,
    weighted_total,
)


def marks_from(table):
    """{rater: {candidate: score}} → [Mark]."""
    return [Mark(r, c, s) for r, row in table.items() for c, s in row.items()]


def codes(outcome):
    return [(w.code, w.subject) for w in outcome.warnings]


def approx(value):
    return pytest.approx(value, abs=1e-6)


# --- a complete assignment: 3 raters × 4 candidates ------------------------------------------
#
# Every rater uses the same pattern d = (+3, +1, −1, −3) for candidates p, q, r, s, shifted and
# stretched:  A = 75 + 1·d,  B = 80 + 2·d,  C = 60 + 3·d.
#
#          p    q    r    s   | rater mean
#     A   78   76   74   72   |   75
#     B   86   82   78   74   |   80
#     C   69   63   57   51   |   60
#
# Grand mean = (75 + 80 + 60) / 3 = 215/3 = 71.666…

COMPLETE = {
    "A": {"p": 78, "q": 76, "r": 74, "s": 72},
    "B": {"p": 86, "q": 82, "r": 78, "s": 74},
    "C": {"p": 69, "q": 63, "r": 57, "s": 51},
}


def test_methods_and_default():
    assert METHODS == ("mean", "trimmed_mean", "median", "zscore", "severity")
    assert DEFAULT_METHOD in METHODS


def test_unknown_method_is_refused():
    with pytest.raises(ValueError):
        aggregate(marks_from(COMPLETE), "best_of")


def test_complete_mean():
    out = aggregate(marks_from(COMPLETE), "mean")
    assert out.scores == {
        "p": approx(233 / 3),  # (78 + 86 + 69) / 3 = 233/3 = 77.667
        "q": approx(221 / 3),  # (76 + 82 + 63) / 3 = 221/3 = 73.667
        "r": approx(209 / 3),  # (74 + 78 + 57) / 3 = 209/3 = 69.667
        "s": approx(197 / 3),  # (72 + 74 + 51) / 3 = 197/3 = 65.667
    }
    assert out.warnings == []  # 4 marks per rater ≥ 3, one connected part, all scored
    assert all(a.adjusted == a.raw and a.used for a in out.details["p"])


def test_complete_median():
    out = aggregate(marks_from(COMPLETE), "median")
    assert out.scores == {
        "p": 78,  # sorted 69, 78, 86 → 78
        "q": 76,  # sorted 63, 76, 82 → 76
        "r": 74,  # sorted 57, 74, 78 → 74
        "s": 72,  # sorted 51, 72, 74 → 72
    }


def test_complete_trimmed_mean_with_three_marks_keeps_the_middle_one():
    out = aggregate(marks_from(COMPLETE), "trimmed_mean")
    # three marks: drop the highest and the lowest, the middle one is left
    assert out.scores == {"p": 78, "q": 76, "r": 74, "s": 72}
    used = {a.rater: a.used for a in out.details["p"]}
    assert used == {"A": True, "B": False, "C": False}  # 86 (B) highest, 69 (C) lowest


def test_complete_zscore():
    out = aggregate(marks_from(COMPLETE), "zscore")
    # Within each rater z = d / sd(d); sd(d) = √((9 + 1 + 1 + 9) / 4) = √5, the same for all
    # three raters because each is an affine stretch of d, so every rater gives p the
    # z = 3/√5, q 1/√5, r −1/√5, s −3/√5.
    # Grand variance of the 12 marks = variance of the rater means + mean(stretch²)·var(d)
    # (the cross term vanishes since Σ d = 0):
    #   rater means 75, 80, 60 around 215/3: deviations 10/3, 25/3, −35/3
    #     → (100 + 625 + 1225) / 9 / 3 = 650/9
    #   stretches 1, 2, 3 → mean of squares 14/3, times var(d) = 5 → 70/3 = 210/9
    #   grand variance = 860/9, grand sd = √860 / 3 = 9.7753…
    # Adjusted mark = 215/3 + z·√860/3, so p gets 215/3 + (3/√5)(√860/3) = 215/3 + √172.
    root = math.sqrt(172)  # = √860/√5 = 13.1149…
    assert out.scores == {
        "p": approx(215 / 3 + root),  # 71.667 + 13.115 = 84.781
        "q": approx(215 / 3 + root / 3),  # 71.667 + 4.372 = 76.038
        "r": approx(215 / 3 - root / 3),  # 71.667 − 4.372 = 67.295
        "s": approx(215 / 3 - root),  # 71.667 − 13.115 = 58.552
    }
    # each of p's three adjusted marks is the same 84.781 (identical z for all raters)
    assert [a.adjusted for a in out.details["p"]] == [approx(215 / 3 + root)] * 3
    assert out.warnings == []


def test_complete_severity_is_candidate_mean_and_rater_offset():
    out = aggregate(marks_from(COMPLETE), "severity")
    # On a complete design the least-squares fit of level + severity is level = candidate mean
    # and severity = rater mean − grand mean.
    assert out.scores == {
        "p": approx(233 / 3),
        "q": approx(221 / 3),
        "r": approx(209 / 3),
        "s": approx(197 / 3),
    }
    assert out.rater_effects == {
        "A": approx(10 / 3),  # 75 − 215/3 = 10/3 = 3.333
        "B": approx(25 / 3),  # 80 − 215/3 = 25/3 = 8.333
        "C": approx(-35 / 3),  # 60 − 215/3 = −35/3 = −11.667
    }
    assert sum(out.rater_effects.values()) == approx(0)
    adjusted = {a.rater: a.adjusted for a in out.details["s"]}
    # raw − severity: 72 − 10/3, 74 − 25/3, 51 + 35/3
    assert adjusted == {"A": approx(206 / 3), "B": approx(197 / 3), "C": approx(188 / 3)}


# --- trimmed mean: 去掉一个最高分和一个最低分 ---------------------------------------------------


def one_candidate(*scores):
    return [Mark(f"R{i}", "x", s) for i, s in enumerate(scores)]


def test_trimmed_mean_five_marks_drops_one_high_and_one_low():
    out = aggregate(one_candidate(75, 60, 95, 80, 70), "trimmed_mean")
    assert out.scores["x"] == approx(75)  # drop 95 and 60: (75 + 80 + 70) / 3 = 225/3 = 75
    assert [a.used for a in out.details["x"]] == [True, False, False, True, True]


def test_trimmed_mean_drops_only_one_copy_of_a_repeated_maximum():
    out = aggregate(one_candidate(90, 70, 60, 90, 80), "trimmed_mean")
    # drop one 90 and the 60: (90 + 70 + 80) / 3 = 240/3 = 80 (dropping both 90s would give 75)
    assert out.scores["x"] == approx(80)
    rows = out.details["x"]
    assert sum(not a.used for a in rows) == 2
    assert sorted(a.raw for a in rows if not a.used) == [60, 90]


def test_trimmed_mean_drops_only_one_copy_of_a_repeated_minimum():
    out = aggregate(one_candidate(60, 60, 70, 80, 100), "trimmed_mean")
    assert out.scores["x"] == approx(70)  # drop one 60 and the 100: (60 + 70 + 80) / 3 = 70


def test_trimmed_mean_with_two_marks_is_the_plain_mean():
    out = aggregate(one_candidate(70, 85), "trimmed_mean")
    assert out.scores["x"] == approx(77.5)  # (70 + 85) / 2 = 77.5, nothing dropped
    assert all(a.used for a in out.details["x"])


def test_trimmed_mean_with_one_mark():
    out = aggregate(one_candidate(64), "trimmed_mean")
    assert out.scores["x"] == 64


# --- median ------------------------------------------------------------------------------------


def test_median_odd_count():
    assert aggregate(one_candidate(60, 90, 70), "median").scores["x"] == 70  # 60, 70, 90 → 70


def test_median_even_count():
    out = aggregate(one_candidate(100, 60, 80, 70), "median")
    assert out.scores["x"] == 75  # 60, 70, 80, 100 → (70 + 80) / 2 = 75


# --- zscore with raters who carry no spread ----------------------------------------------------


def test_zscore_single_mark_and_flat_raters_map_to_the_grand_mean():
    table = {
        "A": {"p": 60, "q": 70, "r": 80},
        "B": {"p": 90},  # scored one candidate
        "C": {"q": 75, "r": 75},  # gave everyone the same mark
    }
    out = aggregate(marks_from(table), "zscore")
    # All six marks 60, 70, 80, 90, 75, 75: grand mean 450/6 = 75;
    # deviations −15, −5, 5, 15, 0, 0 → variance (225 + 25 + 25 + 225) / 6 = 250/3.
    # Rater A: mean 70, variance (100 + 0 + 100) / 3 = 200/3, so z(p) = −10/√(200/3) = −√1.5.
    # A's adjusted p = 75 − √1.5·√(250/3) = 75 − √125 = 63.820; q = 75; r = 75 + √125 = 86.180.
    # B and C have sd 0 → every mark of theirs is adjusted to the grand mean 75.
    root = math.sqrt(125)  # 11.1803…
    adjusted = {(a.rater, c): a.adjusted for c, rows in out.details.items() for a in rows}
    assert adjusted == {
        ("A", "p"): approx(75 - root),
        ("A", "q"): approx(75),
        ("A", "r"): approx(75 + root),
        ("B", "p"): approx(75),
        ("C", "q"): approx(75),
        ("C", "r"): approx(75),
    }
    assert out.scores == {
        "p": approx(75 - root / 2),  # (63.820 + 75) / 2 = 69.410
        "q": approx(75),  # (75 + 75) / 2 = 75
        "r": approx(75 + root / 2),  # (86.180 + 75) / 2 = 80.590
    }
    no_spread = {w.subject: w.detail for w in out.warnings if w.code == "no_spread"}
    assert no_spread == {"B": {"marks": 1}, "C": {"marks": 2}}
    # B (1 mark) and C (2 marks) are also below the default 3 marks per rater
    assert {w.subject for w in out.warnings if w.code == "sparse_rater"} == {"B", "C"}


def test_zscore_of_a_single_mark():
    out = aggregate([Mark("A", "p", 81)], "zscore")
    assert out.scores == {"p": 81}  # grand mean of one mark = 81, z = 0
    assert ("no_spread", "A") in codes(out)


# --- severity: least squares on level + severity -----------------------------------------------


def test_severity_two_by_two_with_one_harsh_rater():
    table = {"A": {"p": 80, "q": 70}, "B": {"p": 70, "q": 60}}  # B is 10 points harsher
    out = aggregate(marks_from(table), "severity")
    # exact fit: p = 75, q = 65, A = +5, B = −5 (A − B = 10, A + B = 0)
    assert out.scores == {"p": approx(75), "q": approx(65)}
    assert out.rater_effects == {"A": approx(5), "B": approx(-5)}
    adjusted = {(a.rater, c): a.adjusted for c, rows in out.details.items() for a in rows}
    # 80 − 5, 70 + 5 | 70 − 5, 60 + 5
    assert adjusted == {
        ("A", "p"): approx(75),
        ("B", "p"): approx(75),
        ("A", "q"): approx(65),
        ("B", "q"): approx(65),
    }


# A cycle: A scores p, q; B scores q, r; C scores r, p — each candidate seen by two raters.
CYCLE = {"A": {"p": 80, "q": 70}, "B": {"q": 76, "r": 60}, "C": {"r": 50, "p": 72}}


def test_severity_incomplete_three_by_three_against_the_normal_equations():
    out = aggregate(marks_from(CYCLE), "severity")
    # Model x = level + severity, a + b + c = 0. Normal equations:
    #   p: 2p + a + c = 80 + 72 = 152      a: 2a + p + q = 80 + 70 = 150
    #   q: 2q + a + b = 70 + 76 = 146      b: 2b + q + r = 76 + 60 = 136
    #   r: 2r + b + c = 60 + 50 = 110      c: 2c + r + p = 50 + 72 = 122
    # With a + c = −b etc.: p = (152 + b)/2, q = (146 + c)/2, r = (110 + a)/2.
    # a-equation: 4a + 152 + b + 146 + c = 300 → 3a = 2   → a = 2/3
    # b-equation: 4b + 146 + c + 110 + a = 272 → 3b = 16  → b = 16/3
    # c-equation: 4c + 110 + a + 152 + b = 244 → 3c = −18 → c = −6
    # p = (152 + 16/3)/2 = 236/3, q = (146 − 6)/2 = 70, r = (110 + 2/3)/2 = 166/3.
    # Residuals alternate ±2/3 round the cycle (e.g. 80 − (236/3 + 2/3) = 2/3).
    assert out.scores == {"p": approx(236 / 3), "q": approx(70), "r": approx(166 / 3)}
    assert out.rater_effects == {"A": approx(2 / 3), "B": approx(16 / 3), "C": approx(-6)}
    assert sum(out.rater_effects.values()) == approx(0)
    # the plain mean would have said p 76, q 73, r 55
    assert aggregate(marks_from(CYCLE), "mean").scores == {"p": 76, "q": 73, "r": 55}


def _exact_severity(table):
    """The least-squares fit with Σ severity = 0, solved in fractions by Gauss–Jordan on the
    normal equations (one row per candidate and rater, plus the constraint row)."""
    raters = list(table)
    cands = list(dict.fromkeys(c for row in table.values() for c in row))
    names = [("c", c) for c in cands] + [("r", r) for r in raters]
    col = {name: i for i, name in enumerate(names)}
    size = len(names)
    n = size + 1  # the unknowns, then the multiplier of the constraint
    rows = [[Fraction(0)] * (n + 1) for _ in range(n)]
    for r, row in table.items():
        for c, x in row.items():
            for a in (("c", c), ("r", r)):
                for b in (("c", c), ("r", r)):
                    rows[col[a]][col[b]] += 1
                rows[col[a]][n] += Fraction(x)
    for r in raters:
        rows[size][col[("r", r)]] = Fraction(1)
        rows[col[("r", r)]][size] = Fraction(1)
    for k in range(n):
        pivot = next(i for i in range(k, n) if rows[i][k] != 0)
        rows[k], rows[pivot] = rows[pivot], rows[k]
        rows[k] = [v / rows[k][k] for v in rows[k]]
        for i in range(n):
            if i != k and rows[i][k] != 0:
                f = rows[i][k]
                rows[i] = [a - f * b for a, b in zip(rows[i], rows[k], strict=True)]
    value = {names[i]: rows[i][n] for i in range(size)}
    return (
        {c: value[("c", c)] for c in cands},
        {r: value[("r", r)] for r in raters},
    )


def test_exact_solver_reproduces_the_hand_solution():
    levels, severities = _exact_severity(CYCLE)
    assert levels == {"p": Fraction(236, 3), "q": Fraction(70), "r": Fraction(166, 3)}
    assert severities == {"A": Fraction(2, 3), "B": Fraction(16, 3), "C": Fraction(-6)}


def test_severity_matches_the_exact_fit_on_an_irregular_design():
    table = {
        "A": {"p": 82, "q": 71, "s": 90},
        "B": {"q": 64, "r": 58},
        "C": {"r": 66, "s": 88, "t": 75},
        "D": {"p": 70, "t": 61, "u": 55},
    }
    levels, severities = _exact_severity(table)
    out = aggregate(marks_from(table), "severity")
    assert out.scores == {c: approx(float(v)) for c, v in levels.items()}
    assert out.rater_effects == {r: approx(float(v)) for r, v in severities.items()}
    assert sum(out.rater_effects.values()) == approx(0)


def test_severity_is_exact_on_a_long_chain_of_raters():
    # Rater i scores candidates i and i + 1; without noise the fit is exact (residual 0),
    # however thin the overlap.
    rnd = random.Random(7)
    level = [rnd.uniform(50, 90) for _ in range(81)]
    bias = [rnd.uniform(-8, 8) for _ in range(80)]
    marks = [Mark(i, c, level[c] + bias[i]) for i in range(80) for c in (i, i + 1)]
    out = aggregate(marks, "severity")
    shift = sum(bias) / 80  # the fit centres the severities
    assert max(abs(out.scores[c] - (level[c] + shift)) for c in range(81)) < 1e-6
    assert max(abs(out.rater_effects[i] - (bias[i] - shift)) for i in range(80)) < 1e-6


def test_severity_on_a_disconnected_design_centres_each_part():
    table = {"A": {"p": 80, "q": 70}, "B": {"p": 70, "q": 60}, "C": {"r": 90}, "D": {"s": 50}}
    out = aggregate(marks_from(table), "severity")
    # {A, B} × {p, q} fits as before; C and D each sit alone in their part, severity 0.
    assert out.rater_effects == {"A": approx(5), "B": approx(-5), "C": approx(0), "D": approx(0)}
    assert out.scores == {"p": approx(75), "q": approx(65), "r": approx(90), "s": approx(50)}
    assert ("disconnected", None) in codes(out)


# --- candidates nobody scored ------------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_unscored_candidate_gets_none_and_a_warning(method):
    out = aggregate(marks_from(COMPLETE), method, candidates=["z", "p"])
    assert out.scores["z"] is None
    assert out.details["z"] == []
    assert [w.subject for w in out.warnings if w.code == "unscored_candidate"] == ["z"]
    ranking = rank(out.scores)
    assert ranking[-1].candidate == "z"
    assert ranking[-1].rank is None and ranking[-1].score is None
    # the other four keep ranks 1..4 (p, q, r, s in that order for every method here)
    assert [(r.candidate, r.rank) for r in ranking[:4]] == [("p", 1), ("q", 2), ("r", 3), ("s", 4)]


def test_no_marks_at_all():
    for method in METHODS:
        out = aggregate([], method, candidates=["a", "b"])
        assert out.scores == {"a": None, "b": None}
        assert [w.code for w in out.warnings] == ["unscored_candidate"] * 2


# --- ranking and ties --------------------------------------------------------------------------


def test_equal_scores_at_two_decimals_share_a_rank():
    scores = {"a": 80.004, "b": 79.996, "c": 70.0, "d": 80.0061}
    # rounded: a 80.00, b 80.00, c 70.00, d 80.01 → d first; a and b tie for 2nd; c 4th
    ranking = rank(scores)
    assert [(r.candidate, r.rank, r.tied) for r in ranking] == [
        ("d", 1, False),
        ("a", 2, True),
        ("b", 2, True),
        ("c", 4, False),
    ]


def test_tie_break_resolves_higher_first():
    scores = {"a": 80.004, "b": 79.996, "c": 70.0}
    interview = {"a": 85, "b": 90, "c": 99}
    ranking = rank(scores, [interview.get])
    # a and b equal at 80.00; interview 90 (b) beats 85 (a); c stays last despite 99
    assert [(r.candidate, r.rank, r.tied) for r in ranking] == [
        ("b", 1, False),
        ("a", 2, False),
        ("c", 3, False),
    ]


def test_tie_breaks_apply_in_turn_and_leftover_ties_stay_flagged():
    scores = {"a": 75.0, "b": 75.0, "c": 75.0, "d": 75.0, "e": 60.0}
    first = {"a": 80, "b": 80, "c": 80, "d": 70, "e": 0}
    second = {"a": 5, "b": 5, "c": 9, "d": 9, "e": 0}
    ranking = rank(scores, [first.get, second.get])
    # first tie-break: a, b, c (80) ahead of d (70); second among a, b, c: c (9) ahead of a, b (5);
    # a and b are equal on everything → both rank 2, tied; d is 4th; e 5th.
    assert [(r.candidate, r.rank, r.tied) for r in ranking] == [
        ("c", 1, False),
        ("a", 2, True),
        ("b", 2, True),
        ("d", 4, False),
        ("e", 5, False),
    ]


def test_rank_puts_unscored_last():
    ranking = rank({"x": None, "a": 60.0, "b": 90.0})
    assert [(r.candidate, r.rank) for r in ranking] == [("b", 1), ("a", 2), ("x", None)]


# --- diagnostics -------------------------------------------------------------------------------


def test_disconnected_assignment_reports_component_sizes():
    table = {
        "A": {"p": 80, "q": 70, "r": 60},
        "B": {"q": 75, "r": 65},
        "C": {"s": 70, "t": 90},
        "D": {"t": 85},
    }
    marks = marks_from(table)
    # A–B share q, r → {p, q, r}; C–D share t → {s, t}
    assert components(marks) == [{"p", "q", "r"}, {"s", "t"}]
    disconnected = [w for w in diagnose(marks) if w.code == "disconnected"]
    assert disconnected[0].detail == {"components": 2, "sizes": [3, 2]}


def test_connected_assignment_has_no_disconnected_warning():
    assert [w for w in diagnose(marks_from(CYCLE)) if w.code == "disconnected"] == []


def test_sparse_rater_threshold():
    table = {"A": {"p": 1, "q": 2, "r": 3}, "B": {"p": 1, "q": 2}, "C": {"r": 3}}
    marks = marks_from(table)
    sparse = {w.subject: w.detail for w in diagnose(marks) if w.code == "sparse_rater"}
    assert sparse == {"B": {"marks": 2}, "C": {"marks": 1}}  # fewer than 3; A has exactly 3
    sparse = {w.subject for w in diagnose(marks, min_marks_per_rater=2) if w.code == "sparse_rater"}
    assert sparse == {"C"}  # 1 < 2; B's 2 is enough
    out = aggregate(marks, "mean", min_marks_per_rater=4)
    assert {w.subject for w in out.warnings if w.code == "sparse_rater"} == {"A", "B", "C"}


# --- Kendall's τ -------------------------------------------------------------------------------


def test_kendall_tau_identical_and_reversed():
    order = ["a", "b", "c", "d", "e"]
    assert kendall_tau(order, order) == 1.0
    assert kendall_tau(order, order[::-1]) == -1.0  # all 10 pairs discordant: −10/10


def test_kendall_tau_partial():
    # against a, c, d, b: pairs ab ac ad cd concordant (4), bc bd discordant (2) → (4 − 2)/6
    assert kendall_tau(["a", "b", "c", "d"], ["a", "c", "d", "b"]) == approx(1 / 3)
    # one adjacent swap: 5 concordant, 1 discordant → 4/6
    assert kendall_tau(["a", "b", "c", "d"], ["b", "a", "c", "d"]) == approx(2 / 3)


def test_kendall_tau_ignores_items_missing_from_one_order():
    # common items a, b, c in the same order → 1.0
    assert kendall_tau(["a", "x", "b", "c"], ["a", "b", "y", "c"]) == 1.0
    assert kendall_tau(["a"], ["a"]) == 1.0  # fewer than two items


# --- score sheet total -------------------------------------------------------------------------


def test_weighted_total_docstring_example():
    dims = {"market_vision": (2, 40), "communication": (1, 30)}
    values = {"market_vision": 32, "communication": 24}
    # 100 × (32/40 × 2 + 24/30 × 1) / 3 = 100 × (1.6 + 0.8) / 3 = 80
    assert weighted_total(values, dims) == approx(80)


def test_weighted_total_zero_weight_dimension_counts_for_nothing():
    dims = {"market_vision": (2, 40), "communication": (1, 30), "remarks": (0, 10)}
    values = {"market_vision": 32, "communication": 24, "remarks": 0}
    # remarks 0/10 × 0 adds nothing and the weight sum stays 3 → still 80
    assert weighted_total(values, dims) == approx(80)
    dims = {"a": (1, 10), "b": (3, 20)}
    # 100 × (5/10 × 1 + 20/20 × 3) / 4 = 100 × 3.5 / 4 = 87.5
    assert weighted_total({"a": 5, "b": 20}, dims) == approx(87.5)


def test_weighted_total_all_weights_zero_is_nan():
    assert math.isnan(weighted_total({"a": 5}, {"a": (0, 10)}))


def test_ties_follow_the_printed_scores():
    """80.125 prints as 80.13 (half up, as the pages print it), so it is not tied with 80.12."""
    assert str(shown(80.125)) == "80.13"
    assert str(shown(80.124)) == "80.12"
    ranked = rank({"a": 80.125, "b": 80.12, "c": 80.13})
    by = {r.candidate: r for r in ranked}
    assert by["a"].rank == by["c"].rank == 1 and by["a"].tied and by["c"].tied
    assert by["b"].rank == 3 and not by["b"].tied


# --- the sparse fit against the first, pure-Python one -------------------------------------


@pytest.mark.parametrize("seed", range(40))
def test_severity_equals_the_reference_fit_on_random_designs(seed):
    """Random incomplete designs, sometimes disconnected, sometimes with a lone rater or a
    candidate seen once: the sparse fit gives the reference's levels, severities and
    adjusted marks, in the same order."""
    from .severity_reference import severity_reference

    rnd = random.Random(seed)
    n_raters, n_cands = rnd.randint(1, 12), rnd.randint(1, 40)
    marks, seen = [], set()
    for c in range(n_cands):
        for r in rnd.sample(range(n_raters), rnd.randint(1, min(4, n_raters))):
            if (r, c) not in seen:
                seen.add((r, c))
                marks.append(Mark(f"R{r}", f"c{c}", round(rnd.uniform(40, 100), 3)))
    rnd.shuffle(marks)
    new, old = aggregate(marks, "severity"), severity_reference(marks)
    assert list(new.scores) == list(old.scores)
    assert list(new.rater_effects) == list(old.rater_effects)
    assert new.scores == {c: approx(v) for c, v in old.scores.items()}
    assert new.rater_effects == {r: approx(v) for r, v in old.rater_effects.items()}
    for c, rows in old.details.items():
        assert [(a.rater, a.raw) for a in new.details[c]] == [(a.rater, a.raw) for a in rows]
        assert [a.adjusted for a in new.details[c]] == [approx(a.adjusted) for a in rows]


def test_reference_fit_reproduces_the_hand_solution():
    from .severity_reference import severity_reference

    out = severity_reference(marks_from(CYCLE))
    assert out.scores == {"p": approx(236 / 3), "q": approx(70), "r": approx(166 / 3)}
    assert out.rater_effects == {"A": approx(2 / 3), "B": approx(16 / 3), "C": approx(-6)}
