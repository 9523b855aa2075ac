"""Practice assignments: the service's checks, reports once per month, the host's evaluation,
the status the dates give, and the roll-up against hand-counted totals."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from qingmiao.accounts.models import AuditEntry
from qingmiao.cadres.tests.factories import CadreFactory
from qingmiao.core.models.notifications import Notification

from .. import practice_rules
from ..models import HostEvaluation, PracticeAssignment, PracticeReport
from ..selectors import practice as selectors
from ..services import practice as services
from .factories_practice import assignment, host_user, program_with

Kind = PracticeAssignment.Kind
Status = PracticeAssignment.Status


def _data(people, **kw):
    return {
        "cadre": people.cadre_a,
        "kind": Kind.VILLAGE,
        "host_name": "新民村",
        "place": "秦川镇新民村",
        "post": "驻村第一书记",
        "start_date": date(2026, 3, 1),
        "end_date": date(2027, 2, 28),
        "full_time": True,
        "goals": "抓党建促振兴",
        "host_contact": people.host,
        **kw,
    }


def test_create_records_status_audit_and_tells_cadre_and_host(people):
    a = services.assignment_create(actor=people.org_admin, data=_data(people))
    assert a.status == Status.UNDER_WAY  # started 2026-03-01, ends 2027-02-28
    assert a.created_by == people.org_admin
    assert AuditEntry.objects.filter(action="cultivation.practice.created").count() == 1
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {"cadre", "host"}


@pytest.mark.parametrize(
    "change, field",
    [
        ({"end_date": date(2026, 2, 1)}, "end_date"),
        ({"host_name": "  "}, "host_name"),
        ({"place": ""}, "place"),
        ({"kind": "holiday"}, "kind"),
        ({"start_date": None}, "start_date"),
    ],
)
def test_create_refuses_bad_fields(people, change, field):
    with pytest.raises(ValidationError) as exc:
        services.assignment_create(actor=people.org_admin, data=_data(people, **change))
    assert field in exc.value.error_dict
    assert not PracticeAssignment.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="cultivation.").exists()


def test_host_contact_must_be_a_host_account(people):
    with pytest.raises(ValidationError) as exc:
        services.assignment_create(
            actor=people.org_admin, data=_data(people, host_contact=people.mentor)
        )
    assert exc.value.message_dict["host_contact"] == ["接收方联系人须为启用的“接收方联系人”账号。"]


def test_full_time_assignments_of_one_cadre_may_not_overlap(people):
    services.assignment_create(actor=people.org_admin, data=_data(people))
    # Overlaps by one day (2027-02-28): refused, naming the first assignment.
    with pytest.raises(ValidationError) as exc:
        services.assignment_create(
            actor=people.org_admin,
            data=_data(people, start_date=date(2027, 2, 28), end_date=date(2027, 6, 30)),
        )
    assert exc.value.message_dict["start_date"] == [
        "该干部在 2026.03.01 至 2027.02.28 已有脱产锻炼（新民村），时间不能重叠。"
    ]
    # The next day is free; and a part-time assignment may overlap.
    services.assignment_create(
        actor=people.org_admin,
        data=_data(people, start_date=date(2027, 3, 1), end_date=date(2027, 6, 30)),
    )
    services.assignment_create(
        actor=people.org_admin, data=_data(people, full_time=False, kind=Kind.TASK_FORCE)
    )
    assert PracticeAssignment.objects.count() == 3


def test_editing_does_not_clash_with_itself(people):
    a = services.assignment_create(actor=people.org_admin, data=_data(people))
    services.assignment_update(
        actor=people.org_admin, assignment=a, data={"end_date": date(2027, 3, 31)}
    )
    a.refresh_from_db()
    assert a.end_date == date(2027, 3, 31)
    assert AuditEntry.objects.filter(action="cultivation.practice.updated").count() == 1


def test_cadre_outside_scope_or_not_in_program(people, tree):
    from qingmiao.accounts.tests.factories import UserFactory

    # An org admin of unit A's subtree only (a capability holder, not the officer).
    narrow = UserFactory(username="narrow", role="org_admin", org_unit=tree.unit_a)
    with pytest.raises(ValidationError) as exc:
        services.assignment_create(actor=narrow, data=_data(people, cadre=people.cadre_b))
    assert "cadre" in exc.value.error_dict
    program = program_with(tree.root, [people.cadre_a2])
    with pytest.raises(ValidationError) as exc:
        services.assignment_create(actor=people.org_admin, data=_data(people, program=program))
    assert exc.value.message_dict["program"] == ["该干部不是这个培养项目的学员。"]


def test_only_staff_create(people):
    for user in (people.officer_a, people.leader, people.cadre_user, people.host, people.mentor):
        with pytest.raises(PermissionDenied):
            services.assignment_create(actor=user, data=_data(people))


def test_status_from_dates_and_set_by_hand():
    today = date(2026, 11, 30)
    assert practice_rules.status_on(date(2026, 12, 1), date(2027, 1, 1), today) == Status.PLANNED
    assert practice_rules.status_on(date(2026, 11, 30), date(2027, 1, 1), today) == Status.UNDER_WAY
    assert practice_rules.status_on(date(2026, 1, 1), date(2026, 11, 29), today) == Status.FINISHED
    early = PracticeAssignment(
        start_date=date(2026, 1, 1), end_date=date(2027, 1, 1), status=Status.FINISHED
    )
    assert practice_rules.current_status(early, today) == Status.FINISHED


def test_reports_once_per_month_within_the_assignment(people):
    today = timezone.localdate()
    a = assignment(
        people.cadre_a,
        start_date=today - timedelta(days=70),
        end_date=today + timedelta(days=100),
        host_contact=people.host,
    )
    this_month = f"{today:%Y-%m}"
    services.report_submit(
        actor=people.cadre_user, assignment=a, period=this_month, content="走访 12 户"
    )
    with pytest.raises(ValidationError) as exc:
        services.report_submit(
            actor=people.cadre_user, assignment=a, period=this_month, content="再交"
        )
    assert "每个报告期只能提交一次" in exc.value.message_dict["period"][0]
    nxt = today + timedelta(days=40)
    for bad in (f"{nxt:%Y-%m}", "2026-13", "十一月", f"{today.year - 3}-01"):
        with pytest.raises(ValidationError) as exc:
            services.report_submit(actor=people.cadre_user, assignment=a, period=bad, content="x")
        assert "period" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services.report_submit(
            actor=people.cadre_user, assignment=a, period=this_month, content=" "
        )
    assert PracticeReport.objects.count() == 1
    # The host contact hears of the report.
    assert Notification.objects.filter(recipient=people.host).count() == 1


def test_only_the_cadre_reports_and_not_before_the_start(people):
    today = timezone.localdate()
    a = assignment(people.cadre_a2, start_date=today - timedelta(days=5))
    with pytest.raises(PermissionDenied):  # the cadre user is cadre_a, not cadre_a2
        services.report_submit(
            actor=people.cadre_user, assignment=a, period=f"{today:%Y-%m}", content="x"
        )
    later = assignment(
        people.cadre_a,
        start_date=today + timedelta(days=40),
        end_date=today + timedelta(days=90),
        full_time=False,
    )
    with pytest.raises(ValidationError) as exc:
        services.report_submit(
            actor=people.cadre_user, assignment=later, period=f"{today:%Y-%m}", content="x"
        )
    assert exc.value.message_dict["period"] == ["锻炼尚未开始，还不能提交报告。"]


def test_host_evaluates_own_assignee_once_near_the_end(people):
    today = timezone.localdate()
    ending = assignment(
        people.cadre_a, host_contact=people.host, start_date=today - timedelta(days=200),
        end_date=today + timedelta(days=30),
    )  # fmt: skip
    early = assignment(
        people.cadre_b, host_contact=people.host, start_date=today - timedelta(days=10),
        end_date=today + timedelta(days=31),
    )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.evaluation_submit(actor=people.host, assignment=early, grade="excellent")
    assert "锻炼期满前 30 天起才能评价" in exc.value.messages[0]
    other_host = host_user()
    with pytest.raises(PermissionDenied):
        services.evaluation_submit(actor=other_host, assignment=ending, grade="excellent")
    with pytest.raises(ValidationError) as exc:
        services.evaluation_submit(actor=people.host, assignment=ending, grade="great")
    assert "grade" in exc.value.error_dict
    services.evaluation_submit(
        actor=people.host,
        assignment=ending,
        grade="excellent",
        strengths="能吃苦",
        improvements="多总结",
    )
    with pytest.raises(ValidationError) as exc:
        services.evaluation_submit(actor=people.host, assignment=ending, grade="competent")
    assert exc.value.messages == ["您已评价过这名干部，评价提交后不能修改。"]
    assert HostEvaluation.objects.get().grade == "excellent"
    with pytest.raises(PermissionDenied):
        services.evaluation_submit(actor=people.org_admin, assignment=early, grade="competent")


def test_rollup_against_hand_counts(people, tree):
    today = date(2026, 11, 30)
    program = program_with(tree.root, [people.cadre_a, people.cadre_b])
    extra = CadreFactory(unit=tree.unit_b)
    # under way: cadre_a village (program), cadre_b investment (program), extra village
    assignment(people.cadre_a, kind=Kind.VILLAGE, program=program,
               start_date=date(2026, 1, 1), end_date=date(2027, 1, 1))  # fmt: skip
    assignment(people.cadre_b, kind=Kind.INVESTMENT_POST, program=program,
               start_date=date(2026, 6, 1), end_date=date(2027, 5, 31))  # fmt: skip
    assignment(extra, kind=Kind.VILLAGE, start_date=date(2026, 11, 30), end_date=date(2027, 11, 29))
    # finished by date; finished by hand; planned
    done = assignment(people.cadre_a2, kind=Kind.VILLAGE, start_date=date(2025, 1, 1),
                      end_date=date(2025, 12, 31))  # fmt: skip
    assignment(people.cadre_a2, kind=Kind.SECONDMENT, status=Status.FINISHED,
               start_date=date(2026, 1, 1), end_date=date(2027, 1, 1))  # fmt: skip
    assignment(people.cadre_a2, kind=Kind.SECONDMENT, full_time=False,
               start_date=date(2027, 1, 2), end_date=date(2027, 6, 1))  # fmt: skip
    HostEvaluation.objects.create(assignment=done, grade="competent", evaluator=people.host)
    r = selectors.practice_rollup(people.org_admin, today=today)
    assert r["total"] == 6 and r["under_way"] == 3
    assert r["by_kind"][Kind.VILLAGE] == {
        "total": 3, "under_way": 2, "finished": 1, "planned": 0, "full_time": 3,
    }  # fmt: skip
    assert r["by_kind"][Kind.SECONDMENT] == {
        "total": 2, "under_way": 0, "finished": 1, "planned": 1, "full_time": 1,
    }  # fmt: skip
    assert r["under_way_by_program"] == {program.pk: 2}
    assert r["under_way_by_unit"] == {tree.unit_a.pk: 1, tree.unit_b.pk: 2}
    assert r["evaluated"] == 1
    # One program; one unit subtree (unit A: cadre_a, cadre_a2); one year (2025: one ran).
    assert selectors.practice_rollup(people.org_admin, program=program, today=today)["total"] == 2
    by_unit = selectors.practice_rollup(people.org_admin, unit=tree.unit_a, today=today)
    assert (by_unit["total"], by_unit["under_way"]) == (4, 1)
    assert selectors.practice_rollup(people.org_admin, year=2025, today=today)["total"] == 1
    # Scope: officer B sees unit B's cadres only; the host none (they host nothing here).
    assert selectors.practice_rollup(people.officer_b, today=today)["total"] == 2
    assert selectors.practice_rollup(people.host, today=today)["total"] == 0
