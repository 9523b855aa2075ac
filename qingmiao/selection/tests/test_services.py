"""Selection services, checked against values worked out by hand.

Every refusal is checked to leave the database as it was: `snapshot()` reads every selection
table (and the audit trail) before and after.
"""

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from qingmiao.accounts.models import AuditEntry
from qingmiao.accounts.roles import Role
from qingmiao.accounts.tests.factories import UserFactory
from qingmiao.cadres.models import Cadre
from qingmiao.cadres.tests.factories import CadreFactory, code
from qingmiao.selection import selectors, services
from qingmiao.selection.models import (
    AdvancementDecision,
    AdvancementResult,
    Application,
    Dimension,
    EligibilityRule,
    EntryMode,
    Program,
    ProgramStatus,
    RaterAssignment,
    RaterConflict,
    Score,
    ScoreSheet,
    Stage,
    StageEntry,
    StageStatus,
    Track,
)

from .factories import (
    add_stage,
    assignment_for,
    first_stage,
    make_cadres,
    make_program,
    make_raters,
    open_registration,
    open_scoring,
    recommend,
    running_program,
    start,
    submit,
)

pytestmark = pytest.mark.django_db


# --- helpers ---------------------------------------------------------------------------------


def snapshot() -> dict:
    """Everything a selection action may change, in a comparable form."""
    return {
        "programs": sorted(
            Program.objects.values_list(
                "pk", "status", "registration_opens", "registration_closes", "updated_at"
            )
        ),
        "rules": sorted(
            (r.pk, r.born_from, r.max_age, r.min_education_level, tuple(r.unit_types))
            for r in EligibilityRule.objects.all()
        ),
        "applications": sorted(
            Application.objects.values_list(
                "pk", "status", "outcome", "current_stage", "screening_reason", "withdrawn_at"
            )
        ),
        "stages": sorted(Stage.objects.values_list("pk", "status")),
        "entries": sorted(
            StageEntry.objects.values_list("pk", "stage", "code", "result", "final_rank")
        ),
        "assignments": sorted(RaterAssignment.objects.values_list("pk", "rater", "entry")),
        "sheets": sorted(ScoreSheet.objects.values_list("pk", "status", "total")),
        "scores": sorted(Score.objects.values_list("pk", "dimension", "value")),
        "decisions": AdvancementDecision.objects.count(),
        "results": AdvancementResult.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def messages(exc: pytest.ExceptionInfo) -> list[str]:
    return exc.value.messages


def field_errors(exc: pytest.ExceptionInfo) -> dict:
    return exc.value.message_dict


def audits(action: str):
    return AuditEntry.objects.filter(action=f"selection.{action}").order_by("id")


def entry_of(stage: Stage, cadre: Cadre) -> StageEntry:
    return StageEntry.objects.get(stage=stage, application__cadre=cadre)


@pytest.fixture
def admin(people):
    return people.org_admin


# --- programs --------------------------------------------------------------------------------


def test_program_create_makes_rule_and_tracks_and_audits(admin, tree):
    program = make_program(admin, tracks=["智能物联", " 生命健康 ", ""], stages=())
    assert program.status == ProgramStatus.DRAFT
    assert program.created_by == admin
    assert EligibilityRule.objects.filter(program=program).exists()
    assert list(program.tracks.values_list("name", "sort")) == [("智能物联", 0), ("生命健康", 1)]
    entry = audits("program.created").get()
    assert (entry.actor, entry.object_id) == (admin, str(program.pk))
    assert entry.changes["name"] == {"before": None, "after": "青年干部训练营"}


def test_program_create_needs_capability_and_scope(people, tree):
    with pytest.raises(PermissionDenied):
        make_program(people.officer_a, organizer=tree.unit_a)
    unit_b_admin = UserFactory(role=Role.ORG_ADMIN, org_unit=tree.unit_b)
    with pytest.raises(ValidationError) as exc:
        make_program(unit_b_admin, organizer=tree.unit_a)
    assert field_errors(exc) == {"organizer": ["只能选择本单位及下属单位作为主办单位。"]}
    assert not Program.objects.exists()
    assert not audits("program.created").exists()


def test_open_registration_needs_a_future_deadline(admin):
    program = make_program(admin)
    Program.objects.filter(pk=program.pk).update(
        registration_opens=timezone.now() - timedelta(days=3),
        registration_closes=timezone.now() - timedelta(minutes=1),
    )
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        open_registration(admin, program)
    assert field_errors(exc) == {"registration_closes": ["请先设置一个尚未到期的报名截止时间。"]}
    assert snapshot() == before

    Program.objects.filter(pk=program.pk).update(registration_closes=None)
    before = snapshot()
    with pytest.raises(ValidationError):
        open_registration(admin, program)
    assert snapshot() == before
    assert Program.objects.get(pk=program.pk).status == ProgramStatus.DRAFT


def test_open_registration_needs_a_stage(admin):
    program = make_program(admin, stages=())
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        open_registration(admin, program)
    assert messages(exc) == ["请先设置至少一个关卡。"]
    assert snapshot() == before


def test_open_registration_succeeds_and_is_audited(admin):
    program = make_program(admin)
    open_registration(admin, program)
    program.refresh_from_db()
    assert program.status == ProgramStatus.REGISTRATION_OPEN
    entry = audits("program.transitioned").get()
    assert entry.changes == {"status": {"before": "draft", "after": "registration_open"}}


@pytest.mark.parametrize(
    "current, to, text",
    [
        ("draft", "running", "项目状态不能从“草稿”变为“进行中”。"),
        ("draft", "finished", "项目状态不能从“草稿”变为“已结束”。"),
        ("registration_open", "finished", "项目状态不能从“报名中”变为“已结束”。"),
        ("registration_open", "draft", "项目状态不能从“报名中”变为“草稿”。"),
        ("running", "registration_open", "项目状态不能从“进行中”变为“报名中”。"),
        ("finished", "running", "项目状态不能从“已结束”变为“进行中”。"),
    ],
)
def test_skipping_or_reversing_states_is_refused(admin, current, to, text):
    program = make_program(admin)
    Program.objects.filter(pk=program.pk).update(status=current)
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.program_transition(actor=admin, program=program, to=to)
    assert messages(exc) == [text]
    assert snapshot() == before


def test_transition_needs_a_manager_in_scope(people, admin):
    program = make_program(admin)
    for outsider in (
        people.officer_a,
        people.leader,
        UserFactory(role=Role.ORG_ADMIN, org_unit=people.tree.unit_b),
    ):
        with pytest.raises(PermissionDenied):
            open_registration(outsider, program)
    assert Program.objects.get(pk=program.pk).status == ProgramStatus.DRAFT


def test_running_refused_while_applications_are_unscreened(admin, people):
    program = make_program(admin)
    open_registration(admin, program)
    a = recommend(admin, program, people.cadre_a)
    recommend(admin, program, people.cadre_b)
    services.applications_screen(
        actor=admin, program=program, applications=[a], eligible=True, reason=""
    )
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.program_transition(actor=admin, program=program, to=ProgramStatus.RUNNING)
    assert messages(exc) == ["还有 1 份报名未完成资格审查。"]
    assert snapshot() == before
    assert not StageEntry.objects.exists()


def test_running_refused_without_any_eligible_application(admin, people):
    program = make_program(admin)
    open_registration(admin, program)
    a = recommend(admin, program, people.cadre_a)
    services.applications_screen(
        actor=admin, program=program, applications=[a], eligible=False, reason="材料不全"
    )
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.program_transition(actor=admin, program=program, to=ProgramStatus.RUNNING)
    assert messages(exc) == ["没有通过资格审查的报名，无法开始。"]
    assert snapshot() == before


def test_running_admits_eligible_applications_into_stage_one(admin, people):
    program = make_program(admin, stages=({}, {}))
    open_registration(admin, program)
    extra = CadreFactory(name="赵敏", unit=people.tree.unit_b)
    eligible = [recommend(admin, program, c) for c in (people.cadre_a, people.cadre_a2)]
    rejected = recommend(admin, program, people.cadre_b)
    withdrawn = recommend(admin, program, extra)
    services.application_withdraw(actor=admin, application=withdrawn)
    services.applications_screen(
        actor=admin, program=program, applications=eligible, eligible=True, reason=""
    )
    services.applications_screen(
        actor=admin, program=program, applications=[rejected], eligible=False, reason="年龄不符"
    )
    services.program_transition(actor=admin, program=program, to=ProgramStatus.RUNNING)

    program.refresh_from_db()
    stage1, stage2 = program.stages.order_by("order")
    assert program.status == ProgramStatus.RUNNING
    assert program.registration_closes <= timezone.now()  # registration closed early
    entries = StageEntry.objects.filter(stage=stage1)
    assert sorted(entries.values_list("application_id", flat=True)) == sorted(
        a.pk for a in eligible
    )
    assert sorted(entries.values_list("code", flat=True)) == ["10001", "10002"]
    assert set(entries.values_list("result", flat=True)) == {"pending"}
    assert not StageEntry.objects.filter(stage=stage2).exists()
    for a in eligible:
        a.refresh_from_db()
        assert (a.outcome, a.current_stage) == (Application.Outcome.IN_PROGRESS, stage1)
    for a in (rejected, withdrawn):
        a.refresh_from_db()
        assert (a.outcome, a.current_stage) == (Application.Outcome.PENDING, None)


def test_finishing_refused_until_every_stage_is_decided(admin, people):
    program = running_program(admin, [people.cadre_a], stages=({}, {}))
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.program_transition(actor=admin, program=program, to=ProgramStatus.FINISHED)
    assert messages(exc) == ["还有 2 个关卡未确定晋级结果。"]
    assert snapshot() == before

    Stage.objects.filter(program=program, order=1).update(status=StageStatus.DECIDED)
    with pytest.raises(ValidationError) as exc:
        services.program_transition(actor=admin, program=program, to=ProgramStatus.FINISHED)
    assert messages(exc) == ["还有 1 个关卡未确定晋级结果。"]

    Stage.objects.filter(program=program).update(status=StageStatus.DECIDED)
    services.program_transition(actor=admin, program=program, to=ProgramStatus.FINISHED)
    assert Program.objects.get(pk=program.pk).status == ProgramStatus.FINISHED


def test_rule_is_frozen_once_registration_opens(admin):
    program = make_program(admin, rule={"max_age": 35})
    services.rule_save(actor=admin, program=program, data={"max_age": 32}, m2m={})
    assert EligibilityRule.objects.get(program=program).max_age == 32
    entry = audits("rule.updated").last()
    assert entry.changes["max_age"] == {"before": 35, "after": 32}

    open_registration(admin, program)
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.rule_save(actor=admin, program=program, data={"max_age": 40}, m2m={})
    assert messages(exc) == ["报名开始后不能再修改资格条件。"]
    assert snapshot() == before
    assert EligibilityRule.objects.get(program=program).max_age == 32


def test_rule_rejects_reversed_ranges(admin):
    program = make_program(admin, stages=())
    with pytest.raises(ValidationError) as exc:
        services.rule_save(
            actor=admin,
            program=program,
            data={"born_from": date(1995, 1, 1), "born_to": date(1990, 1, 1)},
            m2m={},
        )
    assert field_errors(exc) == {"born_to": ["出生日期上限不能早于下限。"]}
    with pytest.raises(ValidationError) as exc:
        services.rule_save(
            actor=admin,
            program=program,
            data={"min_years_since_hire": 5, "max_years_since_hire": 3},
            m2m={},
        )
    assert "max_years_since_hire" in field_errors(exc)
    rule = EligibilityRule.objects.get(program=program)
    assert (rule.born_from, rule.born_to, rule.min_years_since_hire) == (None, None, None)


# --- applications ----------------------------------------------------------------------------


@pytest.fixture
def open_program(admin):
    """Registration open; 35 or younger on 2026-12-31 (张伟 31, 李娜 34, 王强 38)."""
    program = make_program(admin, rule={"max_age": 35, "age_reference_date": date(2026, 12, 31)})
    return open_registration(admin, program)


def test_self_application_stores_eligibility_snapshot(people, open_program):
    app = services.application_submit(
        actor=people.cadre_user, program=open_program, track=None, statement="希望参加训练营"
    )
    assert (app.cadre, app.mode, app.status) == (people.cadre_a, "self", "submitted")
    assert app.recommended_by is None
    assert app.statement == "希望参加训练营"
    assert app.eligibility == [
        {
            "key": "max_age",
            "label": "年龄",
            "ok": True,
            "required": "截至 2026.12.31 不超过 35 周岁",
            "actual": "31 周岁",
        }
    ]
    entry = audits("application.submitted").get()
    assert (entry.actor, entry.object_id) == (people.cadre_user, str(app.pk))
    assert entry.extra == {"program": open_program.pk, "cadre": people.cadre_a.pk, "track": ""}


def test_self_application_needs_a_linked_cadre_and_the_capability(people, open_program):
    unlinked = UserFactory(role=Role.CADRE, org_unit=people.tree.unit_b)
    with pytest.raises(ValidationError) as exc:
        services.application_submit(actor=unlinked, program=open_program, track=None, statement="")
    assert messages(exc) == ["您的账户未关联干部档案，无法报名。"]
    with pytest.raises(PermissionDenied):
        services.application_submit(
            actor=people.mentor, program=open_program, track=None, statement=""
        )
    assert not Application.objects.exists()


def test_recommend_own_scope_only(people, open_program):
    app = recommend(people.officer_a, open_program, people.cadre_a2)  # 李娜, in unit A's section
    assert (app.mode, app.recommended_by) == ("recommended", people.officer_a)
    assert audits("application.recommended").get().actor == people.officer_a

    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        recommend(people.officer_a, open_program, people.cadre_b)  # 王强, unit B
    assert field_errors(exc) == {"cadre": ["只能推荐本单位及下属单位的干部。"]}
    assert snapshot() == before
    with pytest.raises(PermissionDenied):
        recommend(people.leader, open_program, people.cadre_a)


def test_one_application_per_cadre_per_program(people, open_program):
    first = services.application_submit(
        actor=people.cadre_user, program=open_program, track=None, statement=""
    )
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        recommend(people.officer_a, open_program, people.cadre_a)
    assert messages(exc) == ["已报名该项目，不能重复报名。"]
    assert snapshot() == before
    # Withdrawing does not make room for a second application.
    services.application_withdraw(actor=people.cadre_user, application=first)
    with pytest.raises(ValidationError) as exc:
        services.application_submit(
            actor=people.cadre_user, program=open_program, track=None, statement=""
        )
    assert messages(exc) == ["已报名该项目，不能重复报名。"]
    assert Application.objects.filter(cadre=people.cadre_a).count() == 1


def test_application_after_the_deadline_is_refused(people, open_program):
    Program.objects.filter(pk=open_program.pk).update(
        registration_closes=timezone.now() - timedelta(seconds=1)
    )
    open_program.refresh_from_db()
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.application_submit(
            actor=people.cadre_user, program=open_program, track=None, statement=""
        )
    assert messages(exc) == ["报名已截止。"]
    with pytest.raises(ValidationError) as exc:
        recommend(people.officer_a, open_program, people.cadre_a2)
    assert messages(exc) == ["报名已截止。"]
    assert snapshot() == before


def test_application_before_registration_opens_is_refused(people, open_program):
    Program.objects.filter(pk=open_program.pk).update(
        registration_opens=timezone.now() + timedelta(hours=1)
    )
    open_program.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.application_submit(
            actor=people.cadre_user, program=open_program, track=None, statement=""
        )
    assert messages(exc) == ["报名尚未开始。"]
    assert not Application.objects.exists()


@pytest.mark.parametrize("status", ["draft", "running", "finished"])
def test_application_outside_registration_status_is_refused(people, open_program, status):
    Program.objects.filter(pk=open_program.pk).update(status=status)
    open_program.refresh_from_db()
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.application_submit(
            actor=people.cadre_user, program=open_program, track=None, statement=""
        )
    assert messages(exc) == ["该项目当前不在报名期。"]
    assert snapshot() == before


def test_ineligible_application_is_refused_with_the_failed_rules(admin, people):
    program = make_program(
        admin,
        rule={"max_age": 35, "age_reference_date": date(2026, 12, 31), "min_education_level": 1},
    )
    open_registration(admin, program)
    bachelor = CadreFactory(
        unit=people.tree.unit_b,
        birth_date=date(1985, 1, 1),
        fulltime_education=code("GB4658", "21"),
    )
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        recommend(people.officer_b, program, bachelor)
    assert messages(exc) == ["不符合资格条件：年龄、学历。"]
    with pytest.raises(ValidationError) as exc:
        recommend(people.officer_b, program, people.cadre_b)  # 38 on 2026-12-31
    assert messages(exc) == ["不符合资格条件：年龄。"]
    assert snapshot() == before


def test_entry_mode_is_enforced(admin, people):
    self_only = open_registration(admin, make_program(admin, entry_mode=EntryMode.SELF))
    with pytest.raises(ValidationError) as exc:
        recommend(people.officer_a, self_only, people.cadre_a)
    assert messages(exc) == ["该项目只接受干部自主报名。"]
    units_only = open_registration(
        admin, make_program(admin, name="助企陪跑", entry_mode=EntryMode.RECOMMENDATION)
    )
    with pytest.raises(ValidationError) as exc:
        services.application_submit(
            actor=people.cadre_user, program=units_only, track=None, statement=""
        )
    assert messages(exc) == ["该项目只接受单位推荐。"]
    assert not Application.objects.exists()


def test_track_must_be_chosen_and_belong_to_the_program(admin, people):
    program = open_registration(admin, make_program(admin, tracks=["智能物联", "新材料"]))
    other = make_program(admin, name="成长营", tracks=["智能物联"])
    with pytest.raises(ValidationError) as exc:
        recommend(admin, program, people.cadre_a)
    assert field_errors(exc) == {"track": ["请选择赛道。"]}
    with pytest.raises(ValidationError) as exc:
        recommend(admin, program, people.cadre_a, track=other.tracks.get())
    assert field_errors(exc) == {"track": ["所选赛道不属于该项目。"]}
    assert not Application.objects.exists()
    track = Track.objects.get(program=program, name="新材料")
    app = recommend(admin, program, people.cadre_a, track=track)
    assert app.track == track
    assert audits("application.recommended").get().extra["track"] == "新材料"


def test_withdraw_own_application(people, open_program):
    app = services.application_submit(
        actor=people.cadre_user, program=open_program, track=None, statement=""
    )
    services.application_withdraw(actor=people.cadre_user, application=app)
    app.refresh_from_db()
    assert app.status == Application.Status.WITHDRAWN
    assert app.withdrawn_at is not None
    entry = audits("application.withdrawn").get()
    assert entry.changes == {"status": {"before": "submitted", "after": "withdrawn"}}
    with pytest.raises(ValidationError) as exc:
        services.application_withdraw(actor=people.cadre_user, application=app)
    assert messages(exc) == ["该报名已撤回。"]


def test_withdraw_someone_elses_application_is_denied(people, open_program):
    theirs = recommend(people.officer_a, open_program, people.cadre_a2)
    before = snapshot()
    for stranger in (people.cadre_user, people.officer_b, people.org_admin):
        with pytest.raises(PermissionDenied):
            services.application_withdraw(actor=stranger, application=theirs)
    assert snapshot() == before
    # The officer who recommended may withdraw the recommendation.
    services.application_withdraw(actor=people.officer_a, application=theirs)
    assert Application.objects.get(pk=theirs.pk).status == Application.Status.WITHDRAWN


def test_withdraw_after_registration_is_refused(admin, people):
    program = running_program(admin, [people.cadre_a, people.cadre_b])
    app = Application.objects.get(program=program, cadre=people.cadre_a)
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.application_withdraw(actor=people.cadre_user, application=app)
    assert messages(exc) == ["报名期结束后不能撤回。"]
    assert snapshot() == before


# --- screening -------------------------------------------------------------------------------


def test_screening_marks_every_selected_application(admin, people, open_program):
    apps = [recommend(admin, open_program, c) for c in (people.cadre_a, people.cadre_a2)]
    count = services.applications_screen(
        actor=admin, program=open_program, applications=apps, eligible=True, reason=""
    )
    assert count == 2
    for a in apps:
        a.refresh_from_db()
        assert (a.status, a.screened_by, a.screening_reason) == ("eligible", admin, "")
        assert a.screened_at is not None
    entry = audits("application.screened").get()
    assert entry.extra == {
        "applications": sorted(a.pk for a in apps),
        "status": "eligible",
        "reason": "",
    }


def test_screening_is_all_or_nothing(admin, people, open_program):
    kept = recommend(admin, open_program, people.cadre_a)
    gone = recommend(admin, open_program, people.cadre_a2)
    services.application_withdraw(actor=admin, application=gone)
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.applications_screen(
            actor=admin, program=open_program, applications=[kept, gone], eligible=True, reason=""
        )
    assert messages(exc) == ["1 份报名已撤回，不能审查。"]
    assert snapshot() == before
    assert Application.objects.get(pk=kept.pk).status == Application.Status.SUBMITTED


def test_screening_ineligible_needs_a_reason(admin, people, open_program):
    app = recommend(admin, open_program, people.cadre_a)
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.applications_screen(
            actor=admin, program=open_program, applications=[app], eligible=False, reason="  "
        )
    assert field_errors(exc) == {"reason": ["请填写不通过的理由。"]}
    assert snapshot() == before
    services.applications_screen(
        actor=admin, program=open_program, applications=[app], eligible=False, reason="档案不全"
    )
    app.refresh_from_db()
    assert (app.status, app.screening_reason) == ("ineligible", "档案不全")


def test_screening_refuses_another_programs_application(admin, people, open_program):
    other = open_registration(admin, make_program(admin, name="成长营"))
    mine = recommend(admin, open_program, people.cadre_a)
    foreign = recommend(admin, other, people.cadre_a2)
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.applications_screen(
            actor=admin,
            program=open_program,
            applications=[mine, foreign],
            eligible=True,
            reason="",
        )
    assert messages(exc) == ["所选报名中有不属于该项目的记录。"]
    assert snapshot() == before


def test_screening_needs_the_capability(people, open_program):
    app = recommend(people.officer_a, open_program, people.cadre_a)
    with pytest.raises(PermissionDenied):
        services.applications_screen(
            actor=people.officer_a,
            program=open_program,
            applications=[app],
            eligible=True,
            reason="",
        )
    assert Application.objects.get(pk=app.pk).status == Application.Status.SUBMITTED


def test_screen_by_rules_counts_and_reasons(admin, people):
    program = make_program(admin, rule_m2m={"political_statuses": [code("GB4762", "01")]})
    open_registration(admin, program)
    extra = CadreFactory(name="赵敏", unit=people.tree.unit_b)
    a, a2, b, e = (
        recommend(admin, program, c)
        for c in (people.cadre_a, people.cadre_a2, people.cadre_b, extra)
    )
    # After applying, 王强 leaves the party record (群众) and 赵敏 is screened by hand.
    Cadre.objects.filter(pk=people.cadre_b.pk).update(political_status=code("GB4762", "13"))
    services.applications_screen(
        actor=admin, program=program, applications=[e], eligible=False, reason="已调离"
    )

    counts = services.applications_screen_by_rules(actor=admin, program=program)
    assert counts == {"eligible": 2, "ineligible": 1}
    for app, status, reason in [
        (a, "eligible", "符合全部资格条件"),
        (a2, "eligible", "符合全部资格条件"),
        (b, "ineligible", "不符合：政治面貌"),
        (e, "ineligible", "已调离"),  # already screened: untouched
    ]:
        app.refresh_from_db()
        assert (app.status, app.screening_reason) == (status, reason)
    b.refresh_from_db()
    assert b.eligibility == [
        {
            "key": "political_status",
            "label": "政治面貌",
            "ok": False,
            "required": "中共党员",
            "actual": "群众",
        }
    ]
    assert audits("application.screened_by_rules").get().extra == {"eligible": 2, "ineligible": 1}
    # Nothing left to screen: a second run counts nothing.
    assert services.applications_screen_by_rules(actor=admin, program=program) == {
        "eligible": 0,
        "ineligible": 0,
    }


# --- rater assignment ------------------------------------------------------------------------


def assignments_by_entry(stage) -> dict:
    out: dict = {}
    for entry_id, rater_id in RaterAssignment.objects.filter(stage=stage).values_list(
        "entry_id", "rater_id"
    ):
        out.setdefault(entry_id, []).append(rater_id)
    return out


@pytest.mark.parametrize("seed", [1, 2, 3, 42])
def test_auto_assignment_gives_k_raters_and_even_loads(admin, tree, seed):
    # 7 candidates × 3 raters = 21 assignments over 4 raters: 21 = 4 × 5 + 1 → loads 6, 5, 5, 5.
    cadres = make_cadres(tree.unit_a, 4) + make_cadres(tree.unit_b, 3)
    program = running_program(admin, cadres)
    stage = first_stage(program)
    raters = make_raters(4)
    result = services.assignments_auto(actor=admin, stage=stage, raters=raters, k=3, seed=seed)
    assert result["assignments"] == 21
    assert sorted(result["loads"].values()) == [5, 5, 5, 6]
    by_entry = assignments_by_entry(stage)
    assert len(by_entry) == 7
    for rater_ids in by_entry.values():
        assert len(rater_ids) == len(set(rater_ids)) == 3
    loads = Counter(RaterAssignment.objects.filter(stage=stage).values_list("rater", flat=True))
    assert sorted(loads.values()) == [5, 5, 5, 6]
    entry = audits("raters.assigned").get()
    assert (entry.actor, entry.object_id) == (admin, str(stage.pk))
    assert (entry.extra["k"], entry.extra["assignments"]) == (3, 21)
    assert sorted(entry.extra["loads"].values()) == [5, 5, 5, 6]


def test_auto_assignment_uses_the_stage_default_k(admin, tree):
    # 5 candidates × 2 raters = 10 over 3 raters → loads 4, 3, 3.
    program = running_program(admin, make_cadres(tree.unit_b, 5), stages=({"k": 2},))
    stage = first_stage(program)
    result = services.assignments_auto(actor=admin, stage=stage, raters=make_raters(3))
    assert result["assignments"] == 10
    assert sorted(result["loads"].values()) == [3, 3, 4]


def test_rater_of_unit_a_never_scores_unit_a_or_its_section(admin, people, tree):
    cadres = [people.cadre_a, people.cadre_a2, *make_cadres(tree.section_a, 2)]
    cadres += [people.cadre_b, *make_cadres(tree.unit_b, 3)]
    program = running_program(admin, cadres)
    stage = first_stage(program)
    insider = UserFactory(username="insider", role=Role.RATER, org_unit=tree.unit_a)
    raters = [*make_raters(3), insider]
    for seed in range(5):
        services.assignments_auto(actor=admin, stage=stage, raters=raters, k=3, seed=seed)
        own = RaterAssignment.objects.filter(stage=stage, rater=insider)
        units = set(own.values_list("entry__application__cadre__unit", flat=True))
        assert units == {tree.unit_b.pk}
        # Every candidate still has 3 raters: unit A's ones get the 3 outsiders.
        assert {len(ids) for ids in assignments_by_entry(stage).values()} == {3}
        a_units = [tree.unit_a, tree.section_a]
        a_entries = StageEntry.objects.filter(stage=stage, application__cadre__unit__in=a_units)
        assert not RaterAssignment.objects.filter(entry__in=a_entries, rater=insider).exists()


def test_rater_at_the_root_is_not_recused_from_departments(admin, people, tree):
    # A district-level rater (root unit) is no one's colleague: they may score unit A.
    program = running_program(admin, [people.cadre_a, people.cadre_a2])
    stage = first_stage(program)
    top = UserFactory(username="top", role=Role.RATER, org_unit=tree.root)
    services.assignments_auto(actor=admin, stage=stage, raters=[top], k=1)
    assert RaterAssignment.objects.filter(stage=stage, rater=top).count() == 2


def test_declared_conflict_is_honoured(admin, people, tree):
    cadres = [people.cadre_b, *make_cadres(tree.unit_b, 5)]
    program = running_program(admin, cadres)
    stage = first_stage(program)
    raters = make_raters(4)
    conflict = services.conflict_declare(
        actor=admin, rater=raters[0], cadre=people.cadre_b, reason="配偶的同学"
    )
    assert RaterConflict.objects.get() == conflict
    assert audits("conflict.declared").get().extra == {"reason": "配偶的同学"}
    target = entry_of(stage, people.cadre_b)
    for seed in range(6):
        services.assignments_auto(actor=admin, stage=stage, raters=raters, k=3, seed=seed)
        assert sorted(assignments_by_entry(stage)[target.pk]) == sorted(r.pk for r in raters[1:])


def test_conflict_needs_a_reason_and_only_managers_declare_for_others(people):
    rater = UserFactory(role=Role.RATER)
    with pytest.raises(ValidationError) as exc:
        services.conflict_declare(
            actor=people.org_admin, rater=rater, cadre=people.cadre_a, reason=" "
        )
    assert field_errors(exc) == {"reason": ["请填写回避事由。"]}
    # A rater declares only about candidates assigned to them (they cannot browse records).
    with pytest.raises(ValidationError) as exc:
        services.conflict_declare(actor=rater, rater=rater, cadre=people.cadre_a, reason="亲属")
    assert field_errors(exc) == {"cadre": ["只能对分配给您的考生申报回避。"]}
    with pytest.raises(PermissionDenied):
        services.conflict_declare(
            actor=people.officer_a, rater=rater, cadre=people.cadre_a, reason="亲属"
        )
    services.conflict_declare(
        actor=people.org_admin, rater=rater, cadre=people.cadre_a, reason="亲属"
    )
    assert RaterConflict.objects.filter(rater=rater, cadre=people.cadre_a).count() == 1


def test_impossible_assignment_lists_codes_and_writes_nothing(admin, people, tree):
    cadres = [people.cadre_a, people.cadre_a2, people.cadre_b]
    program = running_program(admin, cadres)
    stage = first_stage(program)
    insider = UserFactory(username="insider", role=Role.RATER, org_unit=tree.unit_a)
    outsiders = make_raters(2)
    # With k=3, unit A's two candidates have only the two outsiders left.
    codes = sorted(entry_of(stage, c).code for c in (people.cadre_a, people.cadre_a2))
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.assignments_auto(actor=admin, stage=stage, raters=[*outsiders, insider], k=3)
    assert messages(exc) == [f"以下考生因回避无法分配足 3 名评委：{codes[0]}、{codes[1]}"]
    assert snapshot() == before

    # A failed re-run leaves an earlier plan in place.
    services.assignments_auto(actor=admin, stage=stage, raters=[*outsiders, insider], k=2)
    before = snapshot()
    with pytest.raises(ValidationError):
        services.assignments_auto(actor=admin, stage=stage, raters=[*outsiders, insider], k=3)
    assert snapshot() == before
    assert RaterAssignment.objects.filter(stage=stage).count() == 6


def test_too_few_raters_or_wrong_role_is_refused(admin, people):
    program = running_program(
        admin, [people.cadre_a, people.cadre_b], stages=({"rater_roles": ["rater"]},)
    )
    stage = first_stage(program)
    with pytest.raises(ValidationError) as exc:
        services.assignments_auto(actor=admin, stage=stage, raters=make_raters(2), k=3)
    assert field_errors(exc) == {"raters": ["评委人数少于每名考生所需的 3 人。"]}
    with pytest.raises(ValidationError) as exc:
        services.assignments_auto(
            actor=admin, stage=stage, raters=[*make_raters(2, prefix="more"), people.mentor], k=2
        )
    assert "raters" in field_errors(exc)
    assert str(people.mentor) in field_errors(exc)["raters"][0]
    assert not RaterAssignment.objects.exists()


def test_people_who_cannot_score_are_refused_as_raters(admin, people):
    # No scoring roles set on the stage: still, an officer or a cadre could never submit a
    # sheet, and a disabled rater neither, so the stage could never be decided.
    program = running_program(admin, [people.cadre_b])
    stage = first_stage(program)
    disabled = UserFactory(username="gone", role=Role.RATER, is_active=False)
    for unable in (people.officer_a, people.cadre_user, disabled):
        with pytest.raises(ValidationError) as exc:
            services.assignments_auto(actor=admin, stage=stage, raters=[people.rater, unable], k=1)
        assert field_errors(exc) == {"raters": [f"以下人员的角色不在本关卡的评分角色中：{unable}"]}
    assert not RaterAssignment.objects.exists()
    # Mentors and leaders may score.
    services.assignments_auto(actor=admin, stage=stage, raters=[people.mentor, people.leader], k=2)
    assert RaterAssignment.objects.count() == 2


@pytest.mark.parametrize(
    "candidates, k, n_raters",
    [(7, 3, 4), (10, 2, 3), (9, 4, 6), (5, 5, 5), (11, 1, 4), (3, 2, 7)],
)
def test_loads_never_differ_by_more_than_one(admin, tree, candidates, k, n_raters):
    program = running_program(admin, make_cadres(tree.unit_b, candidates))
    stage = first_stage(program)
    raters = make_raters(n_raters)
    result = services.assignments_auto(actor=admin, stage=stage, raters=raters, k=k, seed=7)
    total = candidates * k
    low = total // n_raters
    assert result["assignments"] == total
    assert sorted(result["loads"].values()) == sorted(
        [low + 1] * (total % n_raters) + [low] * (n_raters - total % n_raters)
    )
    assert all(len(set(ids)) == k for ids in assignments_by_entry(stage).values())


def test_rerun_replaces_the_plan_until_a_sheet_exists(admin, tree):
    program = running_program(admin, make_cadres(tree.unit_b, 4))
    stage = first_stage(program)
    raters = make_raters(3)
    services.assignments_auto(actor=admin, stage=stage, raters=raters, k=2, seed=1)
    services.assignments_auto(actor=admin, stage=stage, raters=raters, k=2, seed=2)
    assert RaterAssignment.objects.filter(stage=stage).count() == 8

    services.stage_open_scoring(actor=admin, stage=stage)
    some = RaterAssignment.objects.filter(stage=stage).first()
    dim = stage.dimensions.get()
    services.sheet_save(actor=some.rater, assignment=some, values={dim.pk: (50, "")})
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.assignments_auto(actor=admin, stage=stage, raters=raters, k=2, seed=3)
    assert messages(exc) == ["已有评委开始评分，不能重新自动分配。"]
    assert snapshot() == before


def test_assignment_needs_a_manager(people, admin):
    program = running_program(admin, [people.cadre_a])
    for actor in (people.officer_a, people.leader, people.rater):
        with pytest.raises(PermissionDenied):
            services.assignments_auto(
                actor=actor,
                stage=first_stage(program),
                raters=make_raters(1, prefix=actor.username),
                k=1,
            )
    assert not RaterAssignment.objects.exists()


# --- scoring ---------------------------------------------------------------------------------

# 市场眼光 weight 2, max 40; 沟通表达 weight 1, max 30.
TWO_DIMENSIONS = (("市场眼光", 2, 40), ("沟通表达", 1, 30))


@pytest.fixture
def scoring(admin, people):
    """A stage in scoring: 张伟 and 王强, each scored by both raters r1 and r2."""
    program = running_program(
        admin, [people.cadre_a, people.cadre_b], stages=({"dimensions": TWO_DIMENSIONS},)
    )
    stage = first_stage(program)
    raters = make_raters(2)
    open_scoring(admin, stage, raters, k=2)
    stage.refresh_from_db()
    vision, talk = stage.dimensions.order_by("sort")
    return type(
        "Scoring",
        (),
        {
            "program": program,
            "stage": stage,
            "r1": raters[0],
            "r2": raters[1],
            "vision": vision,
            "talk": talk,
            "entry_a": entry_of(stage, people.cadre_a),
            "entry_b": entry_of(stage, people.cadre_b),
        },
    )


def test_draft_save_keeps_the_sheet_open(scoring):
    s = scoring
    a = assignment_for(s.r1, s.entry_a)
    sheet = services.sheet_save(
        actor=s.r1, assignment=a, values={s.vision.pk: ("32", "眼光独到")}, comment="初评"
    )
    assert (sheet.status, sheet.total, sheet.comment) == ("draft", None, "初评")
    assert list(sheet.scores.values_list("dimension", "value", "comment")) == [
        (s.vision.pk, Decimal("32.00"), "眼光独到")
    ]
    assert audits("score.saved").get().extra["total"] is None
    # Completing the draft computes the total but keeps it editable.
    sheet = services.sheet_save(actor=s.r1, assignment=a, values={s.talk.pk: ("24", "")})
    assert (sheet.status, sheet.total) == ("draft", Decimal("80.000"))
    assert sheet.scores.count() == 2
    sheet = services.sheet_save(actor=s.r1, assignment=a, values={s.talk.pk: ("27", "")})
    # 100 × (32/40 × 2 + 27/30 × 1) / 3 = 100 × (1.6 + 0.9) / 3 = 83.333
    assert sheet.total == Decimal("83.333")


@pytest.mark.parametrize(
    "vision, talk, total",
    [
        # 100 × (32/40 × 2 + 24/30 × 1) / 3 = 100 × 2.4 / 3 = 80
        ("32", "24", Decimal("80.000")),
        # 100 × (40/40 × 2 + 15/30 × 1) / 3 = 100 × 2.5 / 3 = 83.333
        ("40", "15", Decimal("83.333")),
        # 100 × (0 × 2 + 30/30 × 1) / 3 = 33.333
        ("0", "30", Decimal("33.333")),
        # 100 × (10/40 × 2 + 0) / 3 = 100 × 0.5 / 3 = 16.667
        ("10", "0", Decimal("16.667")),
        # 100 × (36.5/40 × 2 + 22.5/30 × 1) / 3 = 100 × (1.825 + 0.75) / 3 = 85.833
        ("36.5", "22.5", Decimal("85.833")),
    ],
)
def test_submitted_total_is_the_weighted_total(scoring, vision, talk, total):
    s = scoring
    sheet = submit(s.r1, s.entry_a, {s.vision: vision, s.talk: talk})
    sheet.refresh_from_db()
    assert (sheet.status, sheet.total) == ("submitted", total)
    assert sheet.submitted_at is not None


def test_submit_locks_the_sheet(scoring):
    s = scoring
    sheet = submit(s.r1, s.entry_a, {s.vision: 32, s.talk: 24})
    entry = audits("score.submitted").get()
    assert (entry.actor, entry.object_id) == (s.r1, str(sheet.pk))
    assert Decimal(entry.extra["total"]) == Decimal("80.000")
    assert entry.extra["values"] == {"市场眼光": "32.00", "沟通表达": "24.00"}
    before = snapshot()
    for do_submit in (False, True):
        with pytest.raises(ValidationError) as exc:
            services.sheet_save(
                actor=s.r1,
                assignment=assignment_for(s.r1, s.entry_a),
                values={s.vision.pk: (10, "")},
                submit=do_submit,
            )
        assert messages(exc) == ["评分表已提交并锁定，如需修改请联系管理员。"]
    assert snapshot() == before


@pytest.mark.parametrize("value", ["40.01", "41", "-1", "-0.01"])
def test_out_of_range_value_is_a_field_error(scoring, value):
    s = scoring
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.sheet_save(
            actor=s.r1,
            assignment=assignment_for(s.r1, s.entry_a),
            values={s.vision.pk: (value, ""), s.talk.pk: ("24", "")},
        )
    assert field_errors(exc) == {f"dim_{s.vision.pk}": ["“市场眼光”的得分须在 0 到 40 之间。"]}
    assert snapshot() == before
    assert not Score.objects.exists()
    assert not ScoreSheet.objects.exists()


def test_non_numeric_value_is_a_field_error(scoring):
    s = scoring
    for bad in ("abc", "NaN", "Infinity"):
        with pytest.raises(ValidationError) as exc:
            services.sheet_save(
                actor=s.r1,
                assignment=assignment_for(s.r1, s.entry_a),
                values={s.talk.pk: (bad, "")},
            )
        assert f"dim_{s.talk.pk}" in field_errors(exc)
    assert not Score.objects.exists()


def test_submit_needs_every_dimension(scoring):
    s = scoring
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.sheet_save(
            actor=s.r1,
            assignment=assignment_for(s.r1, s.entry_a),
            values={s.vision.pk: ("32", ""), s.talk.pk: ("", "")},
            submit=True,
        )
    assert field_errors(exc) == {f"dim_{s.talk.pk}": ["提交前请为“沟通表达”打分。"]}
    assert snapshot() == before


def test_dimension_of_another_stage_is_refused(scoring, admin):
    s = scoring
    stranger = add_stage(admin, s.program, 2, dimensions=(("综合", 1, 100),)).dimensions.get()
    with pytest.raises(ValidationError) as exc:
        services.sheet_save(
            actor=s.r1,
            assignment=assignment_for(s.r1, s.entry_a),
            values={stranger.pk: ("50", "")},
        )
    assert messages(exc) == ["评分维度不属于该关卡。"]
    assert not Score.objects.exists()


def test_scoring_after_the_deadline_is_refused(scoring):
    s = scoring
    Stage.objects.filter(pk=s.stage.pk).update(scoring_closes=timezone.now() - timedelta(minutes=1))
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        submit(s.r1, s.entry_a, {s.vision: 32, s.talk: 24})
    assert messages(exc) == ["评分已截止。"]
    assert snapshot() == before


def test_scoring_before_it_opens_is_refused(scoring):
    s = scoring
    Stage.objects.filter(pk=s.stage.pk).update(scoring_opens=timezone.now() + timedelta(hours=1))
    with pytest.raises(ValidationError) as exc:
        submit(s.r1, s.entry_a, {s.vision: 32, s.talk: 24})
    assert messages(exc) == ["评分尚未开始。"]
    assert not ScoreSheet.objects.exists()


def test_scoring_a_stage_not_in_scoring_is_refused(admin, people):
    program = running_program(admin, [people.cadre_a])
    stage = first_stage(program)
    rater = make_raters(1)[0]
    services.assignments_auto(actor=admin, stage=stage, raters=[rater], k=1)
    assignment = RaterAssignment.objects.get()
    with pytest.raises(ValidationError) as exc:
        services.sheet_save(
            actor=rater, assignment=assignment, values={stage.dimensions.get().pk: ("60", "")}
        )
    assert messages(exc) == ["该关卡当前不在评分期。"]
    assert not ScoreSheet.objects.exists()


def test_scoring_someone_elses_assignment_is_denied(scoring, people):
    s = scoring
    theirs = assignment_for(s.r2, s.entry_a)
    with pytest.raises(PermissionDenied):
        services.sheet_save(actor=s.r1, assignment=theirs, values={s.vision.pk: ("32", "")})
    with pytest.raises(PermissionDenied):
        services.sheet_save(actor=people.org_admin, assignment=theirs, values={})
    assert not ScoreSheet.objects.exists()


def test_reopen_needs_the_capability_and_a_reason(scoring, people, admin):
    s = scoring
    sheet = submit(s.r1, s.entry_a, {s.vision: 32, s.talk: 24})
    before = snapshot()
    for actor in (people.leader, people.officer_a, s.r1):
        with pytest.raises(PermissionDenied):
            services.sheet_reopen(actor=actor, sheet=sheet, reason="录入错误")
    with pytest.raises(ValidationError) as exc:
        services.sheet_reopen(actor=admin, sheet=sheet, reason="   ")
    assert field_errors(exc) == {"reason": ["请填写重新开放的理由。"]}
    assert snapshot() == before


def test_reopened_sheet_can_be_edited_again(scoring, admin):
    s = scoring
    sheet = submit(s.r1, s.entry_a, {s.vision: 32, s.talk: 24})
    services.sheet_reopen(actor=admin, sheet=sheet, reason="评委反映沟通表达分录入错误")
    sheet.refresh_from_db()
    assert (sheet.status, sheet.submitted_at) == ("draft", None)
    entry = audits("score.reopened").get()
    assert entry.actor == admin
    assert entry.object_id == str(sheet.pk)
    assert entry.extra == {"reason": "评委反映沟通表达分录入错误", "rater": s.r1.username}
    assert entry.changes == {"status": {"before": "submitted", "after": "draft"}}

    sheet = submit(s.r1, s.entry_a, {s.vision: 32, s.talk: 30})
    # 100 × (0.8 × 2 + 1 × 1) / 3 = 86.667
    assert (sheet.status, sheet.total) == ("submitted", Decimal("86.667"))
    assert audits("score.submitted").count() == 2


def test_reopen_of_a_draft_is_refused(scoring, admin):
    s = scoring
    sheet = services.sheet_save(
        actor=s.r1, assignment=assignment_for(s.r1, s.entry_a), values={s.vision.pk: (1, "")}
    )
    with pytest.raises(ValidationError) as exc:
        services.sheet_reopen(actor=admin, sheet=sheet, reason="测试")
    assert messages(exc) == ["该评分表尚未提交，无需重新开放。"]
    assert not audits("score.reopened").exists()


# --- ranking and advancement -----------------------------------------------------------------

# One dimension out of 100 with weight 1, so each sheet's total is the points given.
#
#            r1   r2 | mean
#   c1       90   70 | 80.0     rank 2
#   c2       80   86 | 83.0     rank 1
#   c3       70   75 | 72.5     rank 3
#   c4       60   61 | 60.5     rank 4
TWO_RATER_MARKS = {
    "c1": (90, 70),
    "c2": (80, 86),
    "c3": (70, 75),
    "c4": (60, 61),
}


@pytest.fixture
def contest(admin, tree):
    """make(marks, stages=...) → a running program whose four candidates c1…c4 (in unit B) are
    each scored by every rater with the given marks; the last listed sheets may be left out."""

    def make(marks, *, stages=({"rule": "top_n", "value": 2},), leave_out: int = 0):
        cadres = {
            name: CadreFactory(name=name, unit=tree.unit_b, birth_date=date(1990, 1, i + 1))
            for i, name in enumerate(marks)
        }
        program = running_program(admin, list(cadres.values()), stages=stages)
        stage = first_stage(program)
        n_raters = len(next(iter(marks.values())))
        raters = make_raters(n_raters, prefix=f"p{program.pk}r")
        open_scoring(admin, stage, raters, k=n_raters)
        dim = stage.dimensions.get()
        todo = [
            (raters[i], entry_of(stage, cadres[name]), points)
            for name, row in marks.items()
            for i, points in enumerate(row)
        ]
        for rater, entry, points in todo[: len(todo) - leave_out]:
            submit(rater, entry, {dim: points})
        entries = {name: entry_of(stage, c) for name, c in cadres.items()}
        return program, Stage.objects.get(pk=stage.pk), entries, raters

    return make


def table(preview, entries) -> dict:
    names = {e.pk: n for n, e in entries.items()}
    return {
        names[row.entry.pk]: (round(row.score, 3), row.rank, row.proposed) for row in preview.rows
    }


def test_ranking_by_mean_two_raters(contest):
    _program, stage, entries, _raters = contest(TWO_RATER_MARKS)
    preview = services.stage_ranking(stage, method="mean")
    assert preview.method == "mean"
    assert table(preview, entries) == {
        "c2": (83.0, 1, True),
        "c1": (80.0, 2, True),
        "c3": (72.5, 3, False),
        "c4": (60.5, 4, False),
    }
    order = [entries[n].pk for n in ("c2", "c1", "c3", "c4")]
    assert [row.entry.pk for row in preview.rows] == order
    assert {(row.submitted, row.assigned) for row in preview.rows} == {(2, 2)}
    assert preview.missing_sheets == 0
    assert preview.proposed_count == 2


def test_trimmed_mean_with_two_marks_is_the_mean(contest):
    # Fewer than three marks: nothing is dropped.
    _program, stage, entries, _raters = contest(TWO_RATER_MARKS)
    preview = services.stage_ranking(stage, method="trimmed_mean")
    assert table(preview, entries) == table(services.stage_ranking(stage, method="mean"), entries)
    assert all(d.used for row in preview.rows for d in row.details)


#            r1   r2   r3 | mean            | trimmed (drop one high, one low)
#   c1       90   70   95 | 255/3 = 85.000  | 90   rank 1
#   c2       80   86   60 | 226/3 = 75.333  | 80   rank 2
#   c3       70   76   99 | 245/3 = 81.667  | 76   rank 3
#   c4       60   61   62 | 183/3 = 61.000  | 61   rank 4
THREE_RATER_MARKS = {
    "c1": (90, 70, 95),
    "c2": (80, 86, 60),
    "c3": (70, 76, 99),
    "c4": (60, 61, 62),
}


def test_mean_and_trimmed_mean_rank_differently(contest):
    _program, stage, entries, raters = contest(THREE_RATER_MARKS)
    assert table(services.stage_ranking(stage, method="mean"), entries) == {
        "c1": (85.0, 1, True),
        "c3": (81.667, 2, True),
        "c2": (75.333, 3, False),
        "c4": (61.0, 4, False),
    }
    trimmed = services.stage_ranking(stage, method="trimmed_mean")
    assert table(trimmed, entries) == {
        "c1": (90.0, 1, True),
        "c2": (80.0, 2, True),
        "c3": (76.0, 3, False),
        "c4": (61.0, 4, False),
    }
    # c3's 70 and 99 were dropped; only r2's 76 counts.
    c3 = trimmed.row_for(entries["c3"].pk)
    assert {(d.rater, d.raw, d.used) for d in c3.details} == {
        (raters[0].pk, 70.0, False),
        (raters[1].pk, 76.0, True),
        (raters[2].pk, 99.0, False),
    }
    # The stage's own method (mean, set by the factory) is the default.
    assert services.stage_ranking(stage).method == "mean"


@pytest.mark.parametrize(
    "rule, value, advancing",
    [
        ("top_n", 1, {"c2"}),
        ("top_n", 3, {"c2", "c1", "c3"}),
        ("top_percent", 25, {"c2"}),  # 4 × 25% = 1
        ("top_percent", 30, {"c2", "c1"}),  # ceil(4 × 30%) = ceil(1.2) = 2
        ("top_percent", 50, {"c2", "c1"}),  # 2
        ("top_percent", 60, {"c2", "c1", "c3"}),  # ceil(2.4) = 3
        ("cut_line", 80, {"c2", "c1"}),  # c1 at exactly 80.00 reaches the line
        ("cut_line", "80.01", {"c2"}),
        ("cut_line", 60, {"c2", "c1", "c3", "c4"}),
        ("manual", None, set()),
    ],
)
def test_proposals_by_rule(contest, rule, value, advancing):
    _program, stage, entries, _raters = contest(TWO_RATER_MARKS)
    Stage.objects.filter(pk=stage.pk).update(
        advancement_rule=rule, rule_value=Decimal(str(value)) if value is not None else None
    )
    preview = services.stage_ranking(Stage.objects.get(pk=stage.pk), method="mean")
    assert {n for n, (_s, _r, proposed) in table(preview, entries).items() if proposed} == advancing


def test_top_percent_quota_is_exact_on_a_large_stage(admin, tree):
    # 375 candidates, top 8.8%: 375 × 8.8 / 100 = 33 exactly (in floating point 375 × 8.8 / 100
    # is 33.000000000000004, whose ceiling would let a 34th through).
    program = make_program(admin, stages=({"rule": "top_percent", "value": "8.8"},))
    stage = first_stage(program)
    Program.objects.filter(pk=program.pk).update(status=ProgramStatus.RUNNING)
    Stage.objects.filter(pk=stage.pk).update(status=StageStatus.SCORING)
    male = code("GB2261.1", "1")
    cadres = Cadre.objects.bulk_create(
        Cadre(name=f"考生{i}", gender=male, birth_date=date(1990, 1, 1), unit=tree.unit_b)
        for i in range(375)
    )
    apps = Application.objects.bulk_create(
        Application(program=program, cadre=c, mode="recommended", status="eligible") for c in cadres
    )
    entries = StageEntry.objects.bulk_create(
        StageEntry(stage=stage, application=a, code=f"1{i + 1:04d}") for i, a in enumerate(apps)
    )
    rater = make_raters(1)[0]
    assignments = RaterAssignment.objects.bulk_create(
        RaterAssignment(stage=stage, rater=rater, entry=e) for e in entries
    )
    ScoreSheet.objects.bulk_create(  # distinct totals 99.9, 99.8, ... 62.5
        ScoreSheet(assignment=a, status="submitted", total=Decimal(999 - i) / 10)
        for i, a in enumerate(assignments)
    )
    preview = services.stage_ranking(Stage.objects.get(pk=stage.pk), method="mean")
    assert preview.proposed_count == 33
    assert max(r.rank for r in preview.rows if r.proposed) == 33


def test_ranking_counts_missing_sheets(contest):
    _program, stage, entries, _raters = contest(TWO_RATER_MARKS, leave_out=1)
    preview = services.stage_ranking(stage, method="mean")
    assert preview.missing_sheets == 1
    # c4 has only r1's 60 so far.
    assert table(preview, entries)["c4"] == (60.0, 4, False)
    assert preview.row_for(entries["c4"].pk).submitted == 1


def test_confirm_refused_while_a_sheet_is_missing(contest, admin):
    _program, stage, _entries, _raters = contest(TWO_RATER_MARKS, leave_out=1)
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.advancement_confirm(actor=admin, stage=stage)
    assert messages(exc) == ["还有 1 份评分表未提交，不能确定晋级。"]
    assert snapshot() == before
    assert not AdvancementDecision.objects.exists()


def test_confirm_refused_for_a_draft_sheet(contest, admin):
    _program, stage, entries, raters = contest(TWO_RATER_MARKS, leave_out=1)
    services.sheet_save(
        actor=raters[1],
        assignment=assignment_for(raters[1], entries["c4"]),
        values={stage.dimensions.get().pk: ("61", "")},
    )
    with pytest.raises(ValidationError) as exc:
        services.advancement_confirm(actor=admin, stage=stage)
    assert messages(exc) == ["还有 1 份评分表未提交，不能确定晋级。"]


def test_override_without_reason_is_refused(contest, admin):
    _program, stage, entries, _raters = contest(TWO_RATER_MARKS)
    c3 = entries["c3"]
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.advancement_confirm(actor=admin, stage=stage, overrides={c3.pk: (True, " ")})
    assert field_errors(exc) == {f"reason_{c3.pk}": [f"考生 {c3.code} 的调整须填写理由。"]}
    assert snapshot() == before


def test_confirm_refused_before_scoring(admin, people):
    program = running_program(admin, [people.cadre_a, people.cadre_b])
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.advancement_confirm(actor=admin, stage=first_stage(program))
    assert messages(exc) == ["该关卡尚未开始评分。"]
    assert snapshot() == before


def test_override_of_a_candidate_from_elsewhere_is_refused(contest, admin, people):
    _program, stage, _entries, _raters = contest(TWO_RATER_MARKS)
    elsewhere = running_program(admin, [people.cadre_a], name="成长营")
    stranger = StageEntry.objects.get(stage__program=elsewhere)
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.advancement_confirm(
            actor=admin, stage=stage, overrides={stranger.pk: (True, "破格")}
        )
    assert messages(exc) == ["调整的考生不属于该关卡。"]
    assert snapshot() == before


def test_confirm_needs_the_capability(contest, people):
    _program, stage, _entries, _raters = contest(TWO_RATER_MARKS)
    for actor in (people.leader, people.officer_a, people.rater):
        with pytest.raises(PermissionDenied):
            services.advancement_confirm(actor=actor, stage=stage)
    assert not AdvancementDecision.objects.exists()


def test_confirm_records_the_decision_and_moves_candidates_on(contest, admin):
    program, stage, entries, _raters = contest(
        TWO_RATER_MARKS,
        stages=({"rule": "top_n", "value": 2}, {"rule": "top_n", "value": 1}),
    )
    # The rule gives c2 and c1; the panel keeps c3 in place of c1, with reasons.
    overrides = {
        entries["c1"].pk: (False, "考察发现不宜继续培养"),
        entries["c3"].pk: (True, "递补"),
        entries["c4"].pk: (False, ""),  # as proposed: no reason needed
    }
    decision = services.advancement_confirm(
        actor=admin, stage=stage, overrides=overrides, note="经项目组研究"
    )
    decision.refresh_from_db()
    assert (decision.stage, decision.decided_by, decision.method) == (stage, admin, "mean")
    assert (decision.rule, decision.rule_value, decision.note) == (
        "top_n",
        Decimal("2.00"),
        "经项目组研究",
    )
    results = {
        r.entry_id: (r.rank, r.score, r.proposed, r.advanced, r.reason)
        for r in AdvancementResult.objects.filter(decision=decision)
    }
    assert results == {
        entries["c2"].pk: (1, Decimal("83.00"), True, True, ""),
        entries["c1"].pk: (2, Decimal("80.00"), True, False, "考察发现不宜继续培养"),
        entries["c3"].pk: (3, Decimal("72.50"), False, True, "递补"),
        entries["c4"].pk: (4, Decimal("60.50"), False, False, ""),
    }
    adjusted = [r.adjusted for r in AdvancementResult.objects.filter(decision=decision)]
    assert sorted(adjusted) == [False, False, True, True]

    stage.refresh_from_db()
    assert stage.status == StageStatus.DECIDED
    for name, result, rank, score in [
        ("c2", "advanced", 1, "83.00"),
        ("c1", "eliminated", 2, "80.00"),
        ("c3", "advanced", 3, "72.50"),
        ("c4", "eliminated", 4, "60.50"),
    ]:
        e = StageEntry.objects.get(pk=entries[name].pk)
        assert (e.result, e.final_rank, e.final_score) == (result, rank, Decimal(score))

    stage2 = program.stages.get(order=2)
    moved = StageEntry.objects.filter(stage=stage2)
    assert sorted(moved.values_list("application_id", flat=True)) == sorted(
        entries[n].application_id for n in ("c2", "c3")
    )
    assert sorted(moved.values_list("code", flat=True)) == ["20001", "20002"]
    assert set(moved.values_list("result", flat=True)) == {"pending"}
    for name, outcome, current in [
        ("c2", "in_progress", stage2),
        ("c3", "in_progress", stage2),
        ("c1", "eliminated", stage),
        ("c4", "eliminated", stage),
    ]:
        app = Application.objects.get(pk=entries[name].application_id)
        assert (app.outcome, app.current_stage) == (outcome, current)

    # The eliminated keep their whole history.
    for name in ("c1", "c4"):
        assert StageEntry.objects.filter(pk=entries[name].pk).exists()
        sheets = ScoreSheet.objects.filter(assignment__entry=entries[name])
        assert sheets.count() == 2
        assert Score.objects.filter(sheet__in=sheets).count() == 2

    entry = audits("advancement.confirmed").get()
    assert (entry.actor, entry.object_id) == (admin, str(stage.pk))
    assert entry.extra["method"] == "mean"
    assert (entry.extra["rule"], entry.extra["rule_value"]) == ("top_n", "2.00")
    assert (entry.extra["advanced"], entry.extra["eliminated"]) == (2, 2)
    assert sorted(a["code"] for a in entry.extra["adjusted"]) == sorted(
        [entries["c1"].code, entries["c3"].code]
    )

    # Deciding twice is refused.
    with pytest.raises(ValidationError) as exc:
        services.advancement_confirm(actor=admin, stage=stage)
    assert messages(exc) == ["该关卡的晋级结果已经确定。"]


def test_last_stage_graduates_the_advanced(contest, admin):
    program, stage, entries, _raters = contest(TWO_RATER_MARKS)  # one stage, top 2
    services.advancement_confirm(actor=admin, stage=stage)
    outcomes = {n: Application.objects.get(pk=e.application_id).outcome for n, e in entries.items()}
    assert outcomes == {
        "c1": "graduated",
        "c2": "graduated",
        "c3": "eliminated",
        "c4": "eliminated",
    }
    assert StageEntry.objects.count() == 4  # no further stage, no new entries
    services.program_transition(actor=admin, program=program, to=ProgramStatus.FINISHED)
    assert Program.objects.get(pk=program.pk).status == ProgramStatus.FINISHED


def test_two_stage_program_end_to_end(contest, admin):
    program, stage1, entries, _raters = contest(
        TWO_RATER_MARKS, stages=({"rule": "top_n", "value": 2}, {"rule": "top_n", "value": 1})
    )
    services.advancement_confirm(actor=admin, stage=stage1)  # c2 and c1 advance
    stage2 = program.stages.get(order=2)
    raters = make_raters(2, prefix="final")
    open_scoring(admin, stage2, raters, k=2)
    dim = stage2.dimensions.get()
    c1 = StageEntry.objects.get(stage=stage2, application=entries["c1"].application_id)
    c2 = StageEntry.objects.get(stage=stage2, application=entries["c2"].application_id)
    # Final: c1 (88 + 92) / 2 = 90 beats c2 (85 + 80) / 2 = 82.5.
    for rater, p1, p2 in [(raters[0], 88, 85), (raters[1], 92, 80)]:
        submit(rater, c1, {dim: p1})
        submit(rater, c2, {dim: p2})
    services.advancement_confirm(actor=admin, stage=Stage.objects.get(pk=stage2.pk))
    outcomes = {n: Application.objects.get(pk=e.application_id).outcome for n, e in entries.items()}
    assert outcomes == {
        "c1": "graduated",
        "c2": "eliminated",
        "c3": "eliminated",
        "c4": "eliminated",
    }
    assert StageEntry.objects.get(pk=c1.pk).final_score == Decimal("90.00")


# --- funnel ----------------------------------------------------------------------------------


def test_funnel_counts_and_structure(admin, tree):
    male, female = code("GB2261.1", "1"), code("GB2261.1", "2")
    master, bachelor = code("GB4658", "14"), code("GB4658", "21")
    f1 = CadreFactory(name="甲", unit=tree.unit_b, gender=male, fulltime_education=master)
    f2 = CadreFactory(name="乙", unit=tree.unit_b, gender=female, fulltime_education=bachelor)
    f3 = CadreFactory(name="丙", unit=tree.unit_b, gender=female, fulltime_education=master)
    f4 = CadreFactory(name="丁", unit=tree.unit_b, gender=male, fulltime_education=bachelor)
    f5 = CadreFactory(name="戊", unit=tree.unit_b, gender=male, fulltime_education=master)
    program = make_program(
        admin, stages=({"rule": "top_n", "value": 2}, {"rule": "top_n", "value": 1})
    )
    open_registration(admin, program)
    apps = {c.name: recommend(admin, program, c) for c in (f1, f2, f3, f4, f5)}
    services.application_withdraw(actor=admin, application=apps["戊"])
    services.applications_screen(
        actor=admin, program=program, applications=[apps["丁"]], eligible=False, reason="不符"
    )
    start(admin, program)  # 甲, 乙, 丙 enter stage 1
    stage1 = first_stage(program)
    raters = make_raters(1)
    open_scoring(admin, stage1, raters, k=1)
    dim = stage1.dimensions.get()
    for cadre, points in ((f1, 90), (f2, 60), (f3, 80)):
        submit(raters[0], entry_of(stage1, cadre), {dim: points})
    services.advancement_confirm(actor=admin, stage=Stage.objects.get(pk=stage1.pk))  # 甲, 丙

    steps = {s["key"]: s for s in selectors.funnel(program)}
    assert list(steps) == ["applied", "eligible", "stage1", "stage1_advanced", "stage2"]
    assert {k: s["count"] for k, s in steps.items()} == {
        "applied": 5,
        "eligible": 3,
        "stage1": 3,
        "stage1_advanced": 2,
        "stage2": 2,
    }
    assert steps["stage1"]["label"] == "第1关（参加）"
    assert steps["stage1_advanced"]["label"] == "第1关（晋级）"

    def structure(key, part):
        return dict(steps[key]["structure"][part])

    assert structure("applied", "education") == {"研究生": 3, "大学": 2}
    assert structure("applied", "gender") == {"男": 3, "女": 2}
    assert structure("eligible", "education") == {"研究生": 2, "大学": 1}
    assert structure("eligible", "gender") == {"男": 1, "女": 2}
    assert structure("stage1_advanced", "education") == {"研究生": 2}
    assert structure("stage1_advanced", "gender") == {"男": 1, "女": 1}
    assert structure("stage2", "unit_type") == {"党政机关": 2}

    counts = selectors.program_counts(program)
    assert counts == {
        "applied": 5,
        "withdrawn": 1,
        "pending": 0,
        "eligible": 3,
        "ineligible": 1,
    }


# --- the audit trail of a whole run ----------------------------------------------------------


def test_every_action_is_audited_by_its_actor(admin, people):
    program = make_program(admin, stages=({"dimensions": TWO_DIMENSIONS},))
    open_registration(admin, program)
    app = services.application_submit(
        actor=people.cadre_user, program=program, track=None, statement=""
    )
    services.applications_screen(
        actor=admin, program=program, applications=[app], eligible=True, reason=""
    )
    services.program_transition(actor=admin, program=program, to=ProgramStatus.RUNNING)
    stage = first_stage(program)
    rater = make_raters(1)[0]
    open_scoring(admin, stage, [rater], k=1)
    vision, talk = stage.dimensions.order_by("sort")
    sheet = submit(rater, entry_of(stage, people.cadre_a), {vision: 32, talk: 24})
    services.advancement_confirm(actor=admin, stage=Stage.objects.get(pk=stage.pk))

    expected = [
        ("program.created", admin, program),
        ("application.submitted", people.cadre_user, app),
        ("application.screened", admin, program),
        ("raters.assigned", admin, stage),
        ("score.submitted", rater, sheet),
        ("advancement.confirmed", admin, stage),
    ]
    for action, actor, obj in expected:
        entry = audits(action).get()
        assert (entry.actor, entry.actor_role) == (actor, actor.role), action
        assert (entry.object_type, entry.object_id) == (obj._meta.label_lower, str(obj.pk)), action
    assert Application.objects.get(pk=app.pk).outcome == "graduated"
    # Failed actions leave no entry: a refused second confirm adds nothing.
    n = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        services.advancement_confirm(actor=admin, stage=stage)
    assert AuditEntry.objects.count() == n
    assert Dimension.objects.filter(stage=stage).count() == 2


def test_an_emptied_draft_value_is_cleared(admin, people, tree):
    """A rater who erases a draft value erases it: the sheet then has no total, and
    submitting asks for that dimension again."""
    program = running_program(admin, [people.cadre_a])
    stage = program.stages.get(order=1)
    rater = UserFactory(role=Role.RATER)
    services.assignments_auto(actor=admin, stage=stage, raters=[rater], k=1)
    services.stage_open_scoring(actor=admin, stage=stage)
    assignment = RaterAssignment.objects.get(stage=stage, rater=rater)
    dims = list(stage.dimensions.order_by("sort", "id"))
    values = {d.pk: (d.max_score / 2, "") for d in dims}
    sheet = services.sheet_save(actor=rater, assignment=assignment, values=values)
    assert sheet.total is not None
    values[dims[0].pk] = ("", "")
    sheet = services.sheet_save(actor=rater, assignment=assignment, values=values)
    assert sheet.total is None
    assert not sheet.scores.filter(dimension=dims[0]).exists()
    with pytest.raises(ValidationError) as exc:
        services.sheet_save(actor=rater, assignment=assignment, values=values, submit=True)
    assert f"dim_{dims[0].pk}" in exc.value.error_dict
