"""Selection's notifications reach the people concerned, and no one else."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from qingmiao.accounts.roles import Role
from qingmiao.accounts.tests.factories import UserFactory
from qingmiao.core.models import Notification
from qingmiao.selection import notifications as selection_notices
from qingmiao.selection import services
from qingmiao.selection.models import ProgramStatus, RaterAssignment, StageStatus
from qingmiao.selection.tests.factories import (
    first_stage,
    make_program,
    make_raters,
    open_registration,
    recommend,
    submit,
)


def inbox(event):
    """{username: [texts]} of everyone who received `event`."""
    got: dict[str, list[str]] = {}
    for username, text in Notification.objects.filter(event=event).values_list(
        "recipient__username", "text"
    ):
        got.setdefault(username, []).append(text)
    return got


@pytest.fixture
def flow(people):
    """A program with one stage (top 1 advances, 2 raters per candidate) and three applicants
    who have accounts: 张伟 (cadre_user), 李娜 and 王强."""
    admin = people.org_admin
    people.user_a2 = UserFactory(username="lina", role=Role.CADRE, org_unit=people.tree.unit_a)
    people.user_b = UserFactory(username="wangqiang", role=Role.CADRE, org_unit=people.tree.unit_b)
    people.cadre_a2.user, people.cadre_b.user = people.user_a2, people.user_b
    people.cadre_a2.save()
    people.cadre_b.save()
    program = make_program(
        admin, name="火星计划", stages=[{"name": "入营选拔", "value": 1, "k": 2}]
    )
    open_registration(admin, program)
    apps = SimpleNamespace(
        zhang=recommend(admin, program, people.cadre_a),
        li=recommend(admin, program, people.cadre_a2),
        wang=recommend(admin, program, people.cadre_b),
    )
    return SimpleNamespace(admin=admin, program=program, apps=apps, stage=first_stage(program))


def start_with_raters(people, flow, n_raters=3):
    services.applications_screen(
        actor=flow.admin,
        program=flow.program,
        applications=[flow.apps.zhang, flow.apps.li, flow.apps.wang],
        eligible=True,
        reason="",
    )
    services.program_transition(actor=flow.admin, program=flow.program, to=ProgramStatus.RUNNING)
    raters = make_raters(n_raters, prefix="judge")
    services.assignments_auto(actor=flow.admin, stage=flow.stage, raters=raters, seed=1)
    return raters


def test_screening_tells_each_applicant_their_own_result(people, flow):
    services.applications_screen(
        actor=flow.admin,
        program=flow.program,
        applications=[flow.apps.zhang, flow.apps.wang],
        eligible=True,
        reason="",
    )
    services.applications_screen(
        actor=flow.admin,
        program=flow.program,
        applications=[flow.apps.li],
        eligible=False,
        reason="工作年限不足",
    )
    assert inbox(selection_notices.SCREENED) == {
        "cadre": ["您报名的“火星计划”已通过资格审查。"],
        "wangqiang": ["您报名的“火星计划”已通过资格审查。"],
        "lina": ["您报名的“火星计划”未通过资格审查。理由：工作年限不足"],
    }
    notice = Notification.objects.get(recipient=people.cadre_user)
    assert notice.link == "/selection/my/applications/"


def test_screening_by_rules_tells_applicants(people, flow):
    services.applications_screen_by_rules(actor=flow.admin, program=flow.program)
    assert set(inbox(selection_notices.SCREENED)) == {"cadre", "lina", "wangqiang"}


def test_rater_assignment_tells_each_assigned_rater_their_load(people, flow):
    raters = start_with_raters(people, flow)
    got = inbox(selection_notices.RATER_ASSIGNED)
    loads = {
        r.username: RaterAssignment.objects.filter(rater=r, stage=flow.stage).count()
        for r in raters
    }
    # 3 candidates × 2 raters = 6 assignments over 3 raters: 2 each.
    assert loads == {"judge1": 2, "judge2": 2, "judge3": 2}
    assert got == {
        name: [f"您已被分配为“火星计划 · 入营选拔”的评委，分到 {n} 名考生。"]
        for name, n in loads.items()
    }
    assert Notification.objects.filter(recipient=people.rater).count() == 0


def test_scoring_opens_tells_the_assigned_raters(people, flow, django_capture_on_commit_callbacks):
    raters = start_with_raters(people, flow)
    closes = timezone.now() + timedelta(days=3)
    flow.stage.scoring_closes = closes
    services.stage_save(actor=flow.admin, stage=flow.stage)
    with django_capture_on_commit_callbacks(execute=True):
        services.stage_open_scoring(actor=flow.admin, stage=flow.stage)
    got = inbox(selection_notices.SCORING_OPENED)
    assert sorted(got) == sorted(r.username for r in raters)
    assert selection_notices.when(closes) in got["judge1"][0]
    # Three days before the close the reminder, run at once by the test engine, finds it early.
    assert inbox(selection_notices.SCORING_CLOSING) == {}


def test_closing_reminder_is_queued_for_24_hours_before_the_close(
    people, flow, settings, django_capture_on_commit_callbacks
):
    start_with_raters(people, flow)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    closes = timezone.now() + timedelta(days=3)
    flow.stage.scoring_closes = closes
    with django_capture_on_commit_callbacks(execute=True):
        services.stage_save(actor=flow.admin, stage=flow.stage)
    reminders = [r for r in default_task_backend.results if r.task.name == "remind_scoring_closing"]
    assert len(reminders) == 1
    assert reminders[0].task.run_after == closes - timedelta(hours=24)
    assert reminders[0].args == [flow.stage.pk, closes.isoformat()]


def test_closing_reminder_rechecks_and_reaches_only_raters_with_unfinished_sheets(people, flow):
    raters = start_with_raters(people, flow)
    stage = services.stage_open_scoring(actor=flow.admin, stage=flow.stage)
    remind = selection_notices.remind_scoring_closing
    # Queued for a close three days away: at run time it is still too early.
    stage.scoring_closes = timezone.now() + timedelta(days=3)
    stage.save()
    assert remind.call(stage.pk, stage.scoring_closes.isoformat()) == "early"
    # The window then moved: the old reminder sends nothing.
    old = stage.scoring_closes.isoformat()
    stage.scoring_closes = timezone.now() + timedelta(hours=10)
    stage.save()
    assert remind.call(stage.pk, old) == "window changed"
    # judge1 submits both sheets; the others have two unfinished each.
    dimension = stage.dimensions.get()
    for assignment in RaterAssignment.objects.filter(rater=raters[0], stage=stage):
        submit(raters[0], assignment.entry, {dimension: 80})
    assert remind.call(stage.pk, stage.scoring_closes.isoformat()) == "sent"
    when = selection_notices.when(stage.scoring_closes)
    text = f"“火星计划 · 入营选拔”将于 {when} 截止评分，您还有 2 份评分表未提交。"
    assert inbox(selection_notices.SCORING_CLOSING) == {"judge2": [text], "judge3": [text]}
    # Queued twice (window saved, then scoring opened): the second run sends nothing more.
    assert remind.call(stage.pk, stage.scoring_closes.isoformat()) == "already sent"


def test_closing_reminder_sends_nothing_once_decided(people, flow):
    start_with_raters(people, flow)
    flow.stage.scoring_closes = timezone.now() + timedelta(hours=10)
    flow.stage.status = StageStatus.DECIDED
    flow.stage.save()
    result = selection_notices.remind_scoring_closing.call(
        flow.stage.pk, flow.stage.scoring_closes.isoformat()
    )
    assert result == "not scoring"
    assert inbox(selection_notices.SCORING_CLOSING) == {}


def test_stage_result_tells_each_applicant_of_the_stage(people, flow):
    raters = start_with_raters(people, flow)
    services.stage_open_scoring(actor=flow.admin, stage=flow.stage)
    dimension = flow.stage.dimensions.get()
    # 张伟 scores highest and is the one who advances (top 1).
    marks = {people.cadre_a.pk: 90, people.cadre_a2.pk: 70, people.cadre_b.pk: 60}
    for assignment in RaterAssignment.objects.filter(stage=flow.stage).select_related(
        "entry__application"
    ):
        rater = next(r for r in raters if r.pk == assignment.rater_id)
        submit(rater, assignment.entry, {dimension: marks[assignment.entry.application.cadre_id]})
    services.advancement_confirm(actor=flow.admin, stage=flow.stage)
    assert inbox(selection_notices.STAGE_DECIDED) == {
        "cadre": ["“火星计划 · 入营选拔”晋级结果已确定：您已晋级。"],
        "lina": ["“火星计划 · 入营选拔”晋级结果已确定：您未能晋级，感谢您的参与。"],
        "wangqiang": ["“火星计划 · 入营选拔”晋级结果已确定：您未能晋级，感谢您的参与。"],
    }
    # Nobody outside the stage's applicants heard about it.
    assert not Notification.objects.filter(
        event=selection_notices.STAGE_DECIDED, recipient__role=Role.RATER
    ).exists()
