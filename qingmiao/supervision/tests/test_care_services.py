"""Care actions: opening, follow-ups, closing; overdue worked out by hand; the reminder told
once; the counts by kind and outcome by hand; refusals leave nothing behind."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from qingmiao.accounts.models import AuditEntry
from qingmiao.core.models.notifications import Notification
from qingmiao.supervision.models import CareCase, CareFollowUp
from qingmiao.supervision.selectors import care as selectors
from qingmiao.supervision.services import care as services

from .factories_care import open_case

pytestmark = pytest.mark.django_db


def test_open_writes_case_first_step_audit_and_tells_the_owner(people):
    case = open_case(people.org_admin, people.cadre_a, owner=people.officer_a)
    assert case.status == "ongoing" and case.next_due == date(2026, 10, 15)
    assert list(case.follow_ups.values_list("plan", flat=True)) == ["与配偶所在单位沟通调动事宜"]
    assert AuditEntry.objects.filter(action="supervision.care.case_opened").count() == 1
    note = Notification.objects.get(recipient=people.officer_a)
    assert "解决两地分居" in note.text and "张伟" not in note.text  # no name in a notification


@pytest.mark.parametrize(
    ("field", "change"),
    [("due_on", {"due_on": None}), ("plan", {"plan": " "}), ("summary", {"summary": ""})],
)
def test_open_refuses_missing_step_or_summary(people, field, change):
    with pytest.raises(ValidationError) as exc:
        open_case(people.org_admin, people.cadre_a, **change)
    assert field in exc.value.message_dict
    assert not CareCase.objects.exists() and not CareFollowUp.objects.exists()


def test_open_refuses_a_cadre_outside_scope_and_an_owner_who_cannot_see(people):
    with pytest.raises(ValidationError) as exc:
        open_case(people.officer_a, people.cadre_b)  # 王强 is in unit B
    assert exc.value.message_dict["cadre"] == ["没有这名干部，或不在您的管理范围内。"]
    with pytest.raises(ValidationError) as exc:
        open_case(people.org_admin, people.cadre_b, owner=people.officer_a)
    assert "owner" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        open_case(people.leader, people.cadre_a)
    assert not CareCase.objects.exists()


def test_ongoing_needs_the_next_step_then_solved_closes(people):
    case = open_case(people.org_admin, people.cadre_a)
    step = case.follow_ups.get()
    with pytest.raises(ValidationError) as exc:
        services.care_follow_up_record(
            actor=people.org_admin,
            follow_up=step,
            data={
                "outcome": "ongoing",
                "result": "对方单位同意研究",
                "done_on": date(2026, 10, 10),
            },
        )
    assert set(exc.value.message_dict) == {"next_due_on", "next_plan"}
    step.refresh_from_db()
    assert step.outcome == ""  # nothing saved
    services.care_follow_up_record(
        actor=people.org_admin,
        follow_up=step,
        data={
            "outcome": "ongoing",
            "result": "对方单位同意研究",
            "done_on": date(2026, 10, 10),
            "next_plan": "跟进调动审批",
            "next_due_on": date(2026, 11, 20),
        },
    )
    case.refresh_from_db()
    assert case.status == "ongoing" and case.next_due == date(2026, 11, 20)
    nxt = case.follow_ups.get(outcome="")
    services.care_follow_up_record(
        actor=people.org_admin,
        follow_up=nxt,
        data={"outcome": "solved", "result": "配偶调入区人民医院", "done_on": date(2026, 11, 18)},
    )
    case.refresh_from_db()
    assert (case.status, case.closed_on, case.next_due) == ("solved", date(2026, 11, 18), None)
    with pytest.raises(ValidationError):
        services.care_follow_up_add(
            actor=people.org_admin, case=case, data={"plan": "回访", "due_on": date(2026, 12, 1)}
        )


def test_outcome_is_required(people):
    case = open_case(people.org_admin, people.cadre_a)
    with pytest.raises(ValidationError) as exc:
        services.care_follow_up_record(
            actor=people.org_admin, follow_up=case.follow_ups.get(), data={"result": "谈了"}
        )
    assert "outcome" in exc.value.message_dict


def test_only_owner_or_manager_records(people):
    case = open_case(people.org_admin, people.cadre_a, owner=people.officer_a)
    step = case.follow_ups.get()
    with pytest.raises(PermissionDenied):
        services.care_follow_up_record(
            actor=people.leader, follow_up=step, data={"outcome": "solved", "result": "x"}
        )


def test_overdue_and_reminder_told_once(people):
    today = timezone.localdate()
    # Case 1: due yesterday (overdue); case 2: due today (not yet); case 3: due 10 days ago
    # but solved (not overdue). Owners: officer_a for 1 and 3, org_admin for 2.
    late = open_case(
        people.org_admin,
        people.cadre_a,
        owner=people.officer_a,
        opened_on=today - timedelta(days=30),
        due_on=today - timedelta(days=1),
    )
    open_case(people.org_admin, people.cadre_a2, opened_on=today, due_on=today)
    solved = open_case(
        people.org_admin,
        people.cadre_a,
        owner=people.officer_a,
        opened_on=today - timedelta(days=30),
        due_on=today - timedelta(days=10),
    )
    services.care_follow_up_record(
        actor=people.officer_a,
        follow_up=solved.follow_ups.get(),
        data={"outcome": "solved", "result": "已落实"},
    )
    due = selectors.due(people.org_admin, today)
    assert (due["count"], due["overdue"]) == (2, 1)
    Notification.objects.all().delete()
    assert services.care_overdue_remind(today) == {"owners": 1, "follow_ups": 1}
    note = Notification.objects.get()
    assert note.recipient == people.officer_a and "1 项" in note.text
    assert services.care_overdue_remind(today) == {"owners": 0, "follow_ups": 0}
    assert services.care_overdue_remind(today + timedelta(days=1)) == {"owners": 1, "follow_ups": 1}
    assert Notification.objects.count() == 2  # the one due today went overdue the next day
    assert late.follow_ups.get().overdue_notified_on == today


def test_counts_by_kind_and_outcome_by_hand(people):
    # separation: 2 solved + 1 ongoing; housing: 1 unsolvable; talk: 1 ongoing (in unit B).
    for cadre, kind, outcome in [
        (people.cadre_a, "separation", "solved"),
        (people.cadre_a2, "separation", "solved"),
        (people.cadre_a, "separation", None),
        (people.cadre_a2, "housing", "unsolvable"),
        (people.cadre_b, "talk", None),
    ]:
        case = open_case(people.org_admin, cadre, kind=kind)
        if outcome:
            services.care_follow_up_record(
                actor=people.org_admin,
                follow_up=case.follow_ups.get(),
                data={"outcome": outcome, "result": "办结"},
            )
    counts = selectors.counts(people.org_admin)
    rows = {kind: (dict(cells), total) for kind, _l, cells, total in counts["rows"]}
    assert rows["separation"] == ({"ongoing": 1, "solved": 2, "unsolvable": 0}, 3)
    assert rows["housing"] == ({"ongoing": 0, "solved": 0, "unsolvable": 1}, 1)
    assert rows["talk"] == ({"ongoing": 1, "solved": 0, "unsolvable": 0}, 1)
    assert dict(counts["totals"]) == {"ongoing": 2, "solved": 2, "unsolvable": 1}
    assert counts["total"] == 5
    # Unit A's officer counts only unit A's four: 王强's talk is outside.
    officer = selectors.counts(people.officer_a)
    assert officer["total"] == 4 and dict(officer["totals"])["ongoing"] == 1
    assert selectors.counts(people.leader)["total"] == 0


def test_unmask_needs_a_reason(people):
    case = open_case(people.org_admin, people.cadre_a)
    with pytest.raises(ValidationError):
        services.care_unmask(actor=people.org_admin, case=case, reason=" ", channel="page")
    assert not AuditEntry.objects.filter(action="supervision.care.unmasked").exists()
    services.care_unmask(actor=people.org_admin, case=case, reason="研究调动方案", channel="page")
    entry = AuditEntry.objects.get(action="supervision.care.unmasked")
    assert entry.extra == {"reason": "研究调动方案", "channel": "page"}


def test_commands_remind_once_and_refresh_flags(people):
    from io import StringIO

    from django.core.management import call_command

    from qingmiao.supervision.models import CareFlag

    today = timezone.localdate()
    open_case(
        people.org_admin,
        people.cadre_a,
        owner=people.officer_a,
        opened_on=today - timedelta(days=20),
        due_on=today - timedelta(days=2),
    )
    out = StringIO()
    call_command("supervision_care_reminders", stdout=out)
    call_command("supervision_care_reminders", stdout=out)
    assert out.getvalue().splitlines() == [
        "owners reminded: 1; overdue follow-ups: 1",
        "owners reminded: 0; overdue follow-ups: 0",
    ]
    people.cadre_b.household_registration = "甘肃省兰州市"
    people.cadre_b.save()
    CareFlag.objects.all().delete()
    out = StringIO()
    call_command("supervision_care_flags", stdout=out)
    # The test tree has no 行政区划, so no place is local: 王强's 户籍 is elsewhere.
    assert out.getvalue().strip() == "cadres: 3; flags added: 1; removed: 0"
    assert AuditEntry.objects.filter(action="supervision.care.flags_refreshed").count() == 1
