"""Fitness reviews: the schedule's due dates and overdue worked out by hand, recording a
judgement (refused without one, nothing changed), audit, reminders once each."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from qingmiao.accounts.models import AuditEntry
from qingmiao.core.models import Notification
from qingmiao.supervision import fitness
from qingmiao.supervision.models import FitnessReview
from qingmiao.supervision.notifications_records import fitness_reminders_send
from qingmiao.supervision.selectors import fitness as selectors
from qingmiao.supervision.services import fitness as services

from .factories_records import D, enrol, recruit_program

pytestmark = pytest.mark.django_db


def test_due_dates_by_hand():
    # Hired 2025-03-31, every 6 months: 2025-09-30 (September has 30 days), 2026-03-31,
    # 2026-09-30; 2027-03-31 is after the day asked for.
    assert fitness.due_dates(D(2025, 3, 31), 6, until=D(2026, 12, 29)) == [
        D(2025, 9, 30),
        D(2026, 3, 31),
        D(2026, 9, 30),
    ]
    # Opened 30 days ahead: on 2026-11-30 those due by 2026-12-30 are open.
    assert fitness.opens_by(D(2026, 11, 30), 30) == D(2026, 12, 30)
    assert fitness.is_overdue(D(2026, 11, 29), D(2026, 11, 30))
    assert not fitness.is_overdue(D(2026, 11, 30), D(2026, 11, 30))


@pytest.fixture
def cohort(people):
    program = recruit_program(people.tree.root)
    a, a2, b = people.cadre_a, people.cadre_a2, people.cadre_b
    a.hire_date = D(2025, 3, 31)
    a.save()
    a2.hire_date = D(2026, 6, 15)
    a2.save()
    b.hire_date = None  # counts from the programme's start, 2025-01-01
    b.save()
    for c in (a, a2, b):
        enrol(program, c)
    return program


def test_schedule_opens_reviews_due_by_hand(people, cohort):
    schedule = services.schedule_save(
        actor=people.org_admin,
        program=cohort,
        data={"interval_months": 6, "lead_days": 30},
        today=D(2026, 11, 30),
    )
    rows = {
        (r.cadre.name, r.period_start, r.due_date)
        for r in FitnessReview.objects.select_related("cadre")
    }
    # Open by 2026-12-30. 张伟 (hired 2025-03-31): 2025-09-30, 2026-03-31, 2026-09-30.
    # 李娜 (hired 2026-06-15): 2026-12-15. 王强 (the programme's 2025-01-01): 2025-07-01,
    # 2026-01-01, 2026-07-01 (2027-01-01 not yet open).
    assert rows == {
        ("张伟", D(2025, 3, 31), D(2025, 9, 30)),
        ("张伟", D(2025, 9, 30), D(2026, 3, 31)),
        ("张伟", D(2026, 3, 31), D(2026, 9, 30)),
        ("李娜", D(2026, 6, 15), D(2026, 12, 15)),
        ("王强", D(2025, 1, 1), D(2025, 7, 1)),
        ("王强", D(2025, 7, 1), D(2026, 1, 1)),
        ("王强", D(2026, 1, 1), D(2026, 7, 1)),
    }
    entry = AuditEntry.objects.get(action="supervision.fitness_schedule.saved")
    assert entry.changes["opened"] == 7
    # Opening again writes nothing twice.
    assert services.reviews_open(schedule=schedule, today=D(2026, 11, 30)) == 0
    # Overdue on 2026-11-30: all but 李娜's (due 12-15) → 6; the officer of unit A sees
    # 张伟's 3 and none of 王强's.
    today = D(2026, 11, 30)
    assert selectors.counts(FitnessReview.objects.all(), today) == {
        "due": 1,
        "overdue": 6,
        "done": 0,
    }
    assert selectors.counts(selectors.review_queryset(people.officer_a), today) == {
        "due": 1,
        "overdue": 3,
        "done": 0,
    }


def test_schedule_refused_by_field(people, cohort):
    with pytest.raises(ValidationError) as exc:
        services.schedule_save(
            actor=people.org_admin, program=cohort, data={"interval_months": 0, "lead_days": 30}
        )
    assert exc.value.message_dict == {"interval_months": ["分析周期须在 1 至 24 个月之间。"]}
    for actor in (people.leader, people.officer_a):  # the officer records, does not set
        with pytest.raises(PermissionDenied):
            services.schedule_save(
                actor=actor, program=cohort, data={"interval_months": 6, "lead_days": 30}
            )


def _open(people, cohort):
    services.schedule_save(
        actor=people.org_admin,
        program=cohort,
        data={"interval_months": 6, "lead_days": 30},
        today=D(2026, 11, 30),
    )
    return FitnessReview.objects.filter(cadre=people.cadre_a).order_by("due_date")


def test_review_with_no_judgement_is_refused_and_nothing_changes(people, cohort):
    review = _open(people, cohort).first()
    with pytest.raises(ValidationError) as exc:
        services.review_record(actor=people.officer_a, review=review, data={"reasons": "尚可"})
    assert exc.value.message_dict == {"judgement": ["请选择适岗评价（胜任、基本胜任或不胜任）。"]}
    with pytest.raises(ValidationError) as exc:
        services.review_record(
            actor=people.officer_a, review=review, data={"judgement": "great", "reasons": ""}
        )
    assert set(exc.value.message_dict) == {"judgement", "reasons"}
    review.refresh_from_db()
    assert review.status == "due" and review.judgement == "" and review.reviewer is None
    assert not AuditEntry.objects.filter(action="supervision.fitness_review.recorded").exists()


def test_review_recorded_and_audited(people, cohort):
    review = _open(people, cohort).first()
    services.review_record(
        actor=people.officer_a,
        review=review,
        data={"judgement": "mostly_fit", "reasons": "业务不够熟练", "strengths": "肯吃苦"},
    )
    review.refresh_from_db()
    assert (review.status, review.judgement, review.reviewer) == (
        "done",
        "mostly_fit",
        people.officer_a,
    )
    entry = AuditEntry.objects.get(action="supervision.fitness_review.recorded")
    assert entry.changes["judgement"] == {"before": "", "after": "mostly_fit"}
    # A leader reads but may not record.
    with pytest.raises(PermissionDenied):
        services.review_record(
            actor=people.leader, review=review, data={"judgement": "fit", "reasons": "好"}
        )


def test_ad_hoc_review_checks_its_period(people):
    with pytest.raises(ValidationError) as exc:
        services.review_create(
            actor=people.org_admin,
            cadre=people.cadre_a,
            data={"period_start": D(2026, 6, 1), "period_end": D(2026, 1, 1), "judgement": ""},
        )
    assert set(exc.value.message_dict) == {"period_end", "judgement", "reasons"}
    assert not FitnessReview.objects.exists()
    review = services.review_create(
        actor=people.org_admin,
        cadre=people.cadre_a,
        data={
            "period_start": D(2026, 1, 1),
            "period_end": D(2026, 6, 30),
            "judgement": "fit",
            "reasons": "拟提拔前分析",
        },
    )
    assert (review.schedule, review.status, review.due_date) == (None, "done", D(2026, 6, 30))


def test_reminders_tell_each_reviewer_once(people, cohort):
    from qingmiao.supervision.models import FitnessSchedule

    FitnessSchedule.objects.create(
        program=cohort, interval_months=6, lead_days=30, created_by=people.org_admin
    )
    result = fitness_reminders_send(today=D(2026, 11, 30))
    # 7 opened: 1 due (李娜), 6 overdue (张伟 3, 王强 3).
    assert (result["opened"], result["due"], result["overdue"]) == (7, 1, 6)
    notes = Notification.objects.order_by("recipient__username", "id")
    texts = {(n.recipient.username, n.event): n.text for n in notes}
    # The org admin (root) sees all; officer A 张伟 and 李娜; officer B 王强.
    assert texts[("orgadmin", "supervision.fitness.overdue")].startswith("您负责的干部中有 6 人")
    assert texts[("orgadmin", "supervision.fitness.due")].startswith("您负责的干部中有 1 人")
    assert "2026年12月15日" in texts[("officer_a", "supervision.fitness.due")]
    assert texts[("officer_a", "supervision.fitness.overdue")].startswith("您负责的干部中有 3 人")
    assert "2025年7月1日" in texts[("officer_b", "supervision.fitness.overdue")]
    assert ("officer_b", "supervision.fitness.due") not in texts
    assert ("leader", "supervision.fitness.overdue") not in texts
    count = notes.count()
    # Again the same day: nothing new to say.
    again = fitness_reminders_send(today=D(2026, 11, 30))
    assert (again["opened"], again["due"], again["overdue"]) == (0, 0, 0)
    assert Notification.objects.count() == count
    # On 12-16 李娜's falls overdue (told once as overdue, not again as due), and 王强's
    # 2027-01-01 review opens (due by 2027-01-15): one new due.
    later = fitness_reminders_send(today=D(2026, 12, 16))
    assert (later["opened"], later["due"], later["overdue"]) == (1, 1, 1)


def test_reminders_command(people, cohort, capsys):
    from qingmiao.supervision.models import FitnessSchedule

    FitnessSchedule.objects.create(
        program=cohort, interval_months=6, lead_days=30, created_by=people.org_admin
    )
    call_command("supervision_reminders", "--today", "2026-11-30")
    assert "fitness reviews opened: 7" in capsys.readouterr().out
    call_command("supervision_reminders", "--today", "2026-11-30")
    assert "opened: 0; newly due: 0" in capsys.readouterr().out
