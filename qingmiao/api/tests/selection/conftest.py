"""A selection program built through the services, for the API tests.

`camp` is 火星计划训练营, organized by the root unit, registration open, tracks 数字经济 and
人工智能, open to cadres born 1990 or later, two stages: 入营选拔 (the top 2 by the mean, 2
raters per candidate, 市场眼光 max 40 weight 2 and 沟通表达 max 30 weight 1) and 实践闯关 (the
top 1). Applicants: 张伟 (unit A, applied himself), 李娜 (unit A's section, recommended by
officer A) and 赵敏 (unit B, born 1996, recommended by officer B).

`running` admits all three and assigns three raters (the `rater` persona, 陈思雨, 赵宏伟; no
unit), two per candidate, two candidates each; scoring is open. `scored` submits every sheet
but one of 赵敏's, every rater giving 张伟 90, 李娜 80 and 赵敏 70; `complete` submits that one.
"""

import datetime
from types import SimpleNamespace

import pytest

from qingmiao.accounts.roles import Role
from qingmiao.accounts.tests.factories import UserFactory
from qingmiao.cadres.tests.factories import CadreFactory
from qingmiao.selection import services
from qingmiao.selection.models import (
    ProgramStatus,
    RaterAssignment,
    StageEntry,
)
from qingmiao.selection.tests.factories import camp_program as make_program
from qingmiao.selection.tests.factories import camp_stage as make_stage

# 市场眼光 (max 40, weight 2) and 沟通表达 (max 30, weight 1) at the same share give that total.
POINTS = {90: (36, 27), 80: (32, 24), 70: (28, 21)}
MARKS = {"张伟": 90, "李娜": 80, "赵敏": 70}


def submit_sheet(assignment, total=None):
    total = total or MARKS[assignment.entry.application.cadre.name]
    market, talk = POINTS[total]
    dims = list(assignment.stage.dimensions.order_by("sort"))
    return services.sheet_save(
        actor=assignment.rater,
        assignment=assignment,
        values={dims[0].pk: (market, "市场敏锐"), dims[1].pk: (talk, "")},
        comment="表现突出",
        submit=True,
    )


@pytest.fixture
def camp(people):
    admin, tree = people.org_admin, people.tree
    program = make_program(admin, tree.root)
    services.rule_save(
        actor=admin, program=program, data={"born_from": datetime.date(1990, 1, 1)}, m2m={}
    )
    first = make_stage(
        admin,
        program,
        1,
        "入营选拔",
        value="2",
        dimensions=[("市场眼光", "2", "40"), ("沟通表达", "1", "30")],
    )
    second = make_stage(admin, program, 2, "实践闯关", value="1", dimensions=[("综合", "1", "100")])
    services.program_transition(actor=admin, program=program, to=ProgramStatus.REGISTRATION_OPEN)
    program.refresh_from_db()
    digital = program.tracks.get(name="数字经济")
    ai = program.tracks.get(name="人工智能")
    zhao = CadreFactory(name="赵敏", unit=tree.unit_b, birth_date=datetime.date(1996, 2, 3))
    apps = SimpleNamespace(
        zhang=services.application_submit(
            actor=people.cadre_user, program=program, track=digital, statement="对产业经济感兴趣"
        ),
        li=services.application_recommend(
            actor=people.officer_a,
            program=program,
            cadre=people.cadre_a2,
            track=ai,
            statement="业务骨干",
        ),
        zhao=services.application_recommend(
            actor=people.officer_b,
            program=program,
            cadre=zhao,
            track=digital,
            statement="综合素质好",
        ),
    )
    program.refresh_from_db()
    return SimpleNamespace(
        program=program, first=first, second=second, apps=apps, digital=digital, ai=ai, zhao=zhao
    )


@pytest.fixture
def judges(people):
    people.rater.full_name = "林志远"
    people.rater.save()
    return [
        people.rater,
        UserFactory(username="judge_chen", full_name="陈思雨", role=Role.RATER),
        UserFactory(username="judge_zhao", full_name="赵宏伟", role=Role.RATER),
    ]


@pytest.fixture
def running(people, camp, judges):
    admin = people.org_admin
    services.applications_screen(
        actor=admin,
        program=camp.program,
        applications=list(camp.program.applications.all()),
        eligible=True,
        reason="",
    )
    services.program_transition(actor=admin, program=camp.program, to=ProgramStatus.RUNNING)
    services.assignments_auto(actor=admin, stage=camp.first, raters=judges, k=2, seed=7)
    services.stage_open_scoring(actor=admin, stage=camp.first)
    camp.first.refresh_from_db()
    camp.judges = judges
    camp.entries = {
        e.application.cadre.name: e
        for e in StageEntry.objects.filter(stage=camp.first).select_related("application__cadre")
    }
    camp.assignments = list(
        RaterAssignment.objects.filter(stage=camp.first)
        .select_related("stage", "rater", "entry__application__cadre")
        .order_by("entry__code", "rater__username")
    )
    camp.mine = [a for a in camp.assignments if a.rater == people.rater]
    return camp


@pytest.fixture
def scored(running):
    running.left_out = next(
        a for a in reversed(running.assignments) if a.entry.application.cadre.name == "赵敏"
    )
    for a in running.assignments:
        if a != running.left_out:
            submit_sheet(a)
    return running


@pytest.fixture
def complete(scored):
    submit_sheet(scored.left_out)
    return scored


@pytest.fixture
def unit_b_draft(people):
    """A draft program organized by unit B, with one stage, and its organizer's admin."""
    admin_b = UserFactory(username="orgadmin_b", role=Role.ORG_ADMIN, org_unit=people.tree.unit_b)
    program = make_program(admin_b, people.tree.unit_b, name="财政局青年成长营", tracks=())
    stage = make_stage(admin_b, program, 1, "综合评审", value="1")
    return SimpleNamespace(program=program, stage=stage, admin=admin_b)


@pytest.fixture
def admin_a(people):
    """An org admin whose unit is unit A: programs organized by the root or unit B are not
    theirs to manage."""
    return UserFactory(username="orgadmin_a", role=Role.ORG_ADMIN, org_unit=people.tree.unit_a)
