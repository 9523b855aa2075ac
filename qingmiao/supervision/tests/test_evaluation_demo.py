"""The evaluation demo: a closed evaluation with published results, an open one whose first
slip (the README's code) is unused and works, 2025 grades within every unit's quota on the
record, 2026 grades pending for the commerce bureau."""

import pytest
from django.core.cache import cache
from django.db.models import Count, Q

from qingmiao.cadres.demo import registry
from qingmiao.cadres.models import Appraisal
from qingmiao.cultivation import demo as cultivation_demo
from qingmiao.selection import demo as selection_demo
from qingmiao.supervision import appraisal_quota
from qingmiao.supervision.demo import evaluation as demo
from qingmiao.supervision.models import AppraisalProposal, Ballot, Evaluation
from qingmiao.supervision.selectors import evaluation as selectors
from qingmiao.supervision.services import evaluation as services

pytestmark = pytest.mark.django_db

README_CODE = "QM-RUJN-SPUS"  # named in the README; fixed by the default seed


def test_evaluation_demo():
    cache.clear()
    registry.build(seed=2026, cadre_count=300)
    selection_demo.build(seed=2026)
    cultivation_demo.build(seed=2026)
    counts = demo.build({"seed": 2026})
    assert counts["evaluations"] == 2

    closed = Evaluation.objects.get(title=demo.CLOSED_TITLE)
    turnout, results, why = selectors.visible_results(closed)
    assert (turnout.issued, turnout.used, why) == (42, 38, "")
    assert all(sum(o.count for o in r.headline.options) == 38 for r in results)
    assert set(Ballot.objects.filter(evaluation=closed).values_list("cast_on", flat=True)) == {
        closed.closes_at.date().replace(day=11)
    }

    opened = Evaluation.objects.get(title=demo.OPEN_TITLE)
    assert demo.demo_code(2026, "open", 0) == README_CODE
    assert f"  可用的测评码：{README_CODE}（打开 /supervision/vote/ 输入）" in demo.summary()
    _t, hidden, _why = selectors.visible_results(opened)
    assert hidden is None
    slip = services.slip_find(code=README_CODE, client="readme")
    services.slip_check(slip, opened.pk)  # unused, open: a newcomer can vote with it

    # 2025: every unit within its quota, and the record says the same.
    per_unit = (
        AppraisalProposal.objects.filter(year=2025)
        .values("unit_id")
        .annotate(
            graded=Count("pk", filter=~Q(grade="unrated")),
            excellent=Count("pk", filter=Q(grade="excellent")),
        )
    )
    assert per_unit
    for row in per_unit:
        assert row["excellent"] <= appraisal_quota.quota(row["graded"], 20)
    assert not AppraisalProposal.objects.filter(year=2025, status="proposed").exists()
    assert (
        Appraisal.objects.filter(year=2025).count()
        == AppraisalProposal.objects.filter(year=2025).count()
    )
    pending = AppraisalProposal.objects.filter(year=2026, status="proposed")
    assert pending.exists()
    assert set(pending.values_list("unit__name", flat=True)) == {"区商务局"}
