"""The results and plans demo reproduces the seeds' figures, read back through the roll-ups."""

from decimal import Decimal

import pytest
from stdnum.cn import uscc

from qingmiao.accounts.models import User
from qingmiao.cadres.demo import registry
from qingmiao.cultivation.demo import cohorts, plans, results
from qingmiao.cultivation.models import InvestmentRecord, PlanMilestone
from qingmiao.cultivation.sections_results import my_results_context
from qingmiao.cultivation.selectors import plans as plan_selectors
from qingmiao.cultivation.selectors import results_rollup as rollup
from qingmiao.selection import demo as selection_demo

pytestmark = pytest.mark.django_db


def test_demo_figures():
    registry.build(seed=2026, cadre_count=2000)
    selection_demo.build(seed=2026)
    ctx = cohorts.build(2026)
    results.build(ctx)
    plans.build(ctx)
    admin = User.objects.get(username="orgadmin")

    mars = rollup.results_totals(admin, program=ctx.mars)
    assert mars["deliverables"]["bottleneck"] == 77
    assert mars["deliverables"]["proposal"] == 25
    assert mars["outcomes"]["planned"] > 0  # some written into the 十五五 plan
    assert mars["investment"]["settled"] == 24
    assert mars["investment"]["settled_capital"] == Decimal("24000.00")  # 2.4 亿元
    teams = rollup.results_by_team(admin, program=ctx.mars)
    assert len(teams) == 25
    star = max(teams, key=lambda t: t["investment"]["enterprises"])
    assert star["investment"]["enterprises"] == 58  # 58 firms visited
    assert star["investment"]["settled"] == 3
    assert star["investment"]["settled_capital"] == Decimal("6000.00")
    assert all(
        uscc.is_valid(c) for c in InvestmentRecord.objects.values_list("credit_code", flat=True)
    )

    zengdu = rollup.results_totals(admin, program=ctx.quality_year)
    assert zengdu["deliverables"]["suggestion"] >= 40 and zengdu["outcomes"]["adopted"] == 10
    assert zengdu["deliverables"]["research"] >= 90 and zengdu["outcomes"]["converted"] >= 20
    assert zengdu["problems"] == {"total": 134, "projects": 23}

    figures = plan_selectors.plans_rollup(admin, program=ctx.new_recruit)
    assert figures["plans"]["total"] == 1139
    assert figures["plans"]["year1"] and figures["plans"]["year2"] and figures["plans"]["year3"]
    assert figures["milestones"]["overdue"] > 0
    assert PlanMilestone.objects.filter(done_at__isnull=False, confirmed_by__isnull=True).exists()

    # The cadre login has a team and a deliverable of it to see, and can submit the next one.
    section = my_results_context(User.objects.get(username="cadre"))
    assert section is not None and section["teams"] and section["deliverables"]
