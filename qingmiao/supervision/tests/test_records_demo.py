"""The records demo: 巴中's recruits get fitness reviews every six months since hire, most
recorded, some 基本胜任 with reasons, some overdue on the demo's today."""

import pytest

from qingmiao.cadres.demo import registry
from qingmiao.cultivation.demo import cohorts
from qingmiao.selection import demo as selection_demo
from qingmiao.selection.models import Application, ProgramKind
from qingmiao.supervision.demo import records
from qingmiao.supervision.models import FitnessReview

pytestmark = pytest.mark.django_db


def test_demo_fitness_reviews():
    registry.build(seed=2026, cadre_count=300)
    selection_demo.build(seed=2026)
    cohorts.build(2026)
    counts = records.build({"seed": 2026})
    recruits = Application.objects.filter(program__kind=ProgramKind.NEW_RECRUIT).select_related(
        "cadre"
    )
    by_year = {}
    for a in recruits:
        by_year[a.cadre.hire_date.year] = by_year.get(a.cadre.hire_date.year, 0) + 1
    # Hired in August: 2024's recruits are due 2025-02, 2025-08, 2026-02, 2026-08 (four);
    # 2025's 2026-02 and 2026-08 (two); 2026's first falls in 2027-02, not open on 11-30.
    expected = 4 * by_year.get(2024, 0) + 2 * by_year.get(2025, 0)
    assert expected > 0
    assert counts["fitness_reviews"] == FitnessReview.objects.count() == expected
    done = FitnessReview.objects.filter(status="done")
    assert done.count() == counts["fitness_done"]
    assert not done.filter(judgement="").exists() and not done.filter(reasons="").exists()
    assert done.filter(judgement="mostly_fit").count() > 0
    overdue = FitnessReview.objects.filter(status="due", due_date__lt=cohorts.TODAY)
    assert overdue.count() == counts["fitness_overdue"] > 0
    # Only the latest round (2026-08) is left undone.
    assert set(overdue.values_list("due_date__year", "due_date__month").distinct()) == {(2026, 8)}
    assert records.summary()[0].startswith("成长纪实：")
