"""The practice and teams demo reproduces the seeds' numbers, built on the selection demo."""

from collections import Counter
from datetime import date

import pytest
from django.utils import timezone

from qingmiao.cadres.demo import registry
from qingmiao.selection import demo as selection_demo

from ..demo import cohorts, practice, teams
from ..models import HostEvaluation, PracticeAssignment, Team, TeamMember
from ..sections_practice import cadre_practice, host_assignees
from ..selectors.practice import practice_rollup

pytestmark = pytest.mark.django_db
Kind = PracticeAssignment.Kind


def test_practice_and_teams_demo_have_the_reported_shape():
    registry.build(seed=2026, cadre_count=2000)
    selection_demo.build(seed=2026)
    ctx = cohorts.build(2026)
    practice.build(ctx)
    teams.build(ctx)
    district = PracticeAssignment.objects.filter(program=None)
    # 兰州新区: 2 + 3 secondments, 45 village postings, 10 investment posts; plus the `cadre`
    # login's task force.
    assert Counter(district.values_list("kind", flat=True)) == {
        Kind.SECONDMENT: 5, Kind.VILLAGE: 45, Kind.INVESTMENT_POST: 10, Kind.TASK_FORCE: 1,
    }  # fmt: skip
    posts = PracticeAssignment.objects.filter(kind=Kind.INVESTMENT_POST)
    assert Counter(posts.values_list("place", flat=True)) == {"北京": 4, "上海": 3, "深圳": 3}
    assert PracticeAssignment.objects.filter(program=ctx.growth).count() == 56
    assert PracticeAssignment.objects.filter(program=ctx.new_recruit).count() >= 500
    quality = PracticeAssignment.objects.filter(program=ctx.quality_year, full_time=True)
    assert quality.count() == 50
    # The `host` login: five assignees, one finished and awaiting evaluation.
    hosted = host_assignees(ctx.host_user)
    assert len(hosted["assignees"]) == 5
    if timezone.localdate() <= date(2027, 5, 31):
        assert hosted["awaiting"] == 1
    assert HostEvaluation.objects.filter(evaluator=ctx.host_user).count() == 1
    # The `cadre` login has something to do: their task force's reports.
    assert cadre_practice(ctx.demo_cadre.user)["a"].kind == Kind.TASK_FORCE
    assert practice_rollup(ctx.admin)["total"] == PracticeAssignment.objects.count()
    # 火星计划: 25 teams of 3 from the 75 at the practice stage, none in two.
    mars_teams = Team.objects.filter(program=ctx.mars)
    assert mars_teams.count() == 25
    members = TeamMember.objects.filter(program=ctx.mars)
    assert set(Counter(members.values_list("team", flat=True)).values()) == {3}
    assert members.values("cadre").distinct().count() == 75
    assert len(ctx.extra["mars_teams"]) == 25
    assert mars_teams.filter(mentors=ctx.mentor_user).count() >= 3
    assert not mars_teams.filter(mentors=None).exists()
