"""The growth record's evaluation source: a published result (the aggregate only) and a
confirmed appraisal grade, for roles that may read them; nothing before publication."""

import pytest
from django.core.cache import cache

from qingmiao.supervision.services import appraisal as appraisal_services
from qingmiao.supervision.services import evaluation as services
from qingmiao.supervision.timeline import SOURCES

from .factories_evaluation import cast, issue, open_evaluation


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def test_evaluation_and_appraisal_events(people, tree):
    source = SOURCES["evaluation"]
    ev = open_evaluation(people.org_admin, tree.root, [people.cadre_a], year=2026)
    for code, grade in zip(
        issue(people.org_admin, ev, count=4), ["excellent"] * 3 + ["competent"], strict=True
    ):
        cast(code, ev, lambda s, g=grade: g)
    assert source(people.officer_a, people.cadre_a) == []  # not published while open
    services.evaluation_close(actor=people.org_admin, evaluation=ev)
    appraisal_services.appraisals_propose(
        actor=people.officer_a, year=2025, rows=[{"cadre": people.cadre_a, "grade": "competent"}]
    )
    appraisal_services.appraisals_confirm(actor=people.org_admin, unit=tree.unit_a, year=2025)
    events = source(people.officer_a, people.cadre_a)
    by_kind = {e.kind: e for e in events}
    assert set(by_kind) == {"evaluation", "appraisal"}
    # 3 of 4 优秀 = 75 %, 1 of 4 称职 = 25 %.
    assert by_kind["evaluation"].detail.startswith("优秀 3 票（75%）、称职 1 票（25%）")
    assert by_kind["evaluation"].figures == {
        "excellent": 3, "competent": 1, "basically": 0, "incompetent": 0,
    }  # fmt: skip
    assert (by_kind["appraisal"].title, by_kind["appraisal"].detail) == ("2025 年度考核", "称职")
    assert [e.kind for e in source(people.officer_a, people.cadre_a, kinds={"appraisal"})] == [
        "appraisal"
    ]
    assert source(people.officer_a, people.cadre_a, year=2024) == []
    assert source(people.officer_b, people.cadre_a) == []  # out of scope
    assert source(people.cadre_user, people.cadre_a) == []  # a cadre reads neither
