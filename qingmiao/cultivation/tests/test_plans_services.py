"""New-recruit plans: phases from the hire date, plans for a cohort, milestones with evidence,
overdue reminders — against dates worked out by hand."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from qingmiao.accounts.models import AuditEntry
from qingmiao.cadres.tests.factories import CadreFactory
from qingmiao.core.models.jobs import Job
from qingmiao.core.models.notifications import Notification
from qingmiao.cultivation import phases
from qingmiao.cultivation.jobs_plans import plans_create_start
from qingmiao.cultivation.models import GrowthPlan, PlanMilestone
from qingmiao.cultivation.selectors import plans as selectors
from qingmiao.cultivation.services import plans as services

from .factories_plans import TEMPLATE_ROWS, make_template
from .factories_results import png


def test_phase_from_hire_date_by_hand():
    today = date(2026, 11, 30)
    assert phases.phase_of(date(2026, 8, 1), today) == phases.YEAR1
    assert phases.phase_of(date(2025, 12, 1), today) == phases.YEAR1
    assert phases.phase_of(date(2025, 11, 30), today) == phases.YEAR2  # a full year today
    assert phases.phase_of(date(2025, 8, 1), today) == phases.YEAR2
    assert phases.phase_of(date(2024, 8, 1), today) == phases.YEAR3
    assert phases.phase_of(date(2023, 11, 30), today) == phases.COMPLETED
    assert phases.phase_of(date(2027, 8, 1), today) == phases.NOT_STARTED
    # Hired on 29 February: the first year runs to 28 February, the second from 1 March.
    assert phases.phase_of(date(2024, 2, 29), date(2025, 2, 28)) == phases.YEAR1
    assert phases.phase_of(date(2024, 2, 29), date(2025, 3, 1)) == phases.YEAR2
    assert phases.add_months(date(2024, 8, 31), 6) == date(2025, 2, 28)
    assert phases.add_months(date(2024, 8, 1), 36) == date(2027, 8, 1)


def test_template_rows_refused_by_field(people):
    data = {
        "name": "新苗培优",
        "theme_year1": "跟着干",
        "theme_year2": "独立干",
        "theme_year3": "成骨干",
    }
    with pytest.raises(ValidationError) as exc:
        services.plan_template_save(
            actor=people.org_admin,
            data=data,
            milestones=[
                {"year": 1, "due_month": 3, "title": "入职谈话"},
                {"year": 2, "due_month": 6, "title": "独立承办"},
            ],
        )
    assert "milestones.1.due_month" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.plan_template_save(
            actor=people.org_admin, data=data | {"theme_year2": ""}, milestones=TEMPLATE_ROWS
        )
    assert "theme_year2" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.plan_template_save(actor=people.officer_a, data=data, milestones=TEMPLATE_ROWS)


@pytest.fixture
def cohort(people):
    t = people.tree
    hired = [
        CadreFactory(name="甲", unit=t.unit_a, hire_date=date(2026, 8, 1)),
        CadreFactory(name="乙", unit=t.unit_a, hire_date=date(2025, 8, 1)),
        CadreFactory(name="丙", unit=t.unit_b, hire_date=date(2024, 8, 1)),
        CadreFactory(name="丁", unit=t.unit_b, hire_date=None),
    ]
    return hired


def test_plans_for_a_cohort_skip_and_report(people, cohort):
    template = make_template(people.org_admin)
    first = services.plans_create(
        actor=people.org_admin, template=template, cadre_ids=[c.pk for c in cohort[:2]]
    )
    assert first == {"created": 2, "skipped": [], "without_hire_date": []}
    result = services.plans_create(
        actor=people.org_admin, template=template, cadre_ids=[c.pk for c in cohort]
    )
    assert result == {"created": 1, "skipped": ["甲", "乙"], "without_hire_date": ["丁"]}
    assert GrowthPlan.objects.count() == 3
    # The template's four milestones, due from each hire date: 丙 (2024-08-01) + 3 months.
    plan = GrowthPlan.objects.get(cadre=cohort[2])
    dues = list(plan.milestones.order_by("due_date").values_list("due_date", flat=True))
    assert dues == [date(2024, 11, 1), date(2025, 8, 1), date(2026, 8, 1), date(2027, 7, 1)]
    assert AuditEntry.objects.filter(action="cultivation.plans.created").count() == 2
    # Out of scope: unit A's officer may not (capability), nor may anyone name a cadre outside.
    with pytest.raises(PermissionDenied):
        services.plans_create(actor=people.officer_a, template=template, cadre_ids=[cohort[0].pk])


def test_listed_phase_and_overdue_counts_in_sql(people, cohort):
    template = make_template(people.org_admin)
    services.plans_create(
        actor=people.org_admin, template=template, cadre_ids=[c.pk for c in cohort[:3]]
    )
    today = date(2026, 11, 30)
    rows = {p.cadre.name: p for p in selectors.plan_queryset(people.org_admin, today=today)}
    assert rows["甲"].phase == phases.YEAR1
    assert rows["乙"].phase == phases.YEAR2
    assert rows["丙"].phase == phases.YEAR3
    # 甲 hired 2026-08-01: first milestone due 2026-11-01, overdue on 2026-11-30.
    # 乙 hired 2025-08-01: due 2025-11-01, 2026-08-01 overdue; 2027-08-01, 2028-07-01 not yet.
    # 丙 hired 2024-08-01: due 2024-11-01, 2025-08-01, 2026-08-01 overdue.
    assert (rows["甲"].overdue_n, rows["乙"].overdue_n, rows["丙"].overdue_n) == (1, 2, 3)
    rollup = selectors.plans_rollup(people.org_admin, today=today)
    assert rollup["plans"]["total"] == 3
    assert (rollup["plans"]["year1"], rollup["plans"]["year2"], rollup["plans"]["year3"]) == (
        1,
        1,
        1,
    )
    assert rollup["milestones"]["overdue"] == 6
    assert rollup["milestones"]["cadres_overdue"] == 3


def test_milestone_done_needs_evidence_then_confirmed(people):
    people.cadre_a.hire_date = date(2026, 8, 1)
    people.cadre_a.save()
    template = make_template(people.org_admin)
    services.plans_create(actor=people.org_admin, template=template, cadre_ids=[people.cadre_a.pk])
    first = PlanMilestone.objects.filter(plan__cadre=people.cadre_a).order_by("due_date").first()
    assert first.evidence_required
    with pytest.raises(ValidationError) as exc:
        services.milestone_mark_done(actor=people.cadre_user, milestone=first, evidence="  ")
    assert "evidence" in exc.value.message_dict
    first.refresh_from_db()
    assert first.done_at is None
    with pytest.raises(ValidationError) as exc:  # a file that is not a document or photo
        from django.core.files.uploadedfile import SimpleUploadedFile

        services.milestone_mark_done(
            actor=people.cadre_user,
            milestone=first,
            evidence_file=SimpleUploadedFile("a.exe", b"MZ\x90\x00"),
        )
    assert "evidence_file" in exc.value.message_dict
    services.milestone_mark_done(actor=people.cadre_user, milestone=first, evidence_file=png())
    first.refresh_from_db()
    assert first.done_at is not None and first.evidence_file
    # Another cadre may not; a mentor who is not theirs may not confirm; staff may.
    with pytest.raises(PermissionDenied):
        services.milestone_confirm(actor=people.mentor, milestone=first)
    services.milestone_confirm(actor=people.org_admin, milestone=first)
    first.refresh_from_db()
    assert first.confirmed_by == people.org_admin
    with pytest.raises(ValidationError):
        services.milestone_mark_done(actor=people.cadre_user, milestone=first, evidence="再报")


def test_overdue_reminders_on_day_1_7_30(people):
    people.cadre_a.hire_date = date(2026, 8, 1)
    people.cadre_a.save()
    template = make_template(people.org_admin)
    services.plans_create(actor=people.org_admin, template=template, cadre_ids=[people.cadre_a.pk])
    # First milestone due 2026-11-01: reminded on 11-02, 11-08 and 12-01, not on 11-03.
    call_command("cultivation_plan_reminders", "--date", "2026-11-02")
    call_command("cultivation_plan_reminders", "--date", "2026-11-03")
    call_command("cultivation_plan_reminders", "--date", "2026-11-08")
    sent = Notification.objects.filter(
        recipient=people.cadre_user, event="cultivation.plan.milestone_overdue"
    )
    assert sent.count() == 2
    assert "超期" in sent.first().text


def test_large_cohort_runs_as_a_job(people, monkeypatch, django_capture_on_commit_callbacks):
    import qingmiao.cultivation.jobs_plans as jp

    monkeypatch.setattr(jp, "BACKGROUND_FROM", 3)
    cadres = [CadreFactory(unit=people.tree.unit_a, hire_date=date(2025, 8, 1)) for _ in range(4)]
    template = make_template(people.org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        job = plans_create_start(
            actor=people.org_admin, template=template, cadre_ids=[c.pk for c in cadres]
        )
    assert isinstance(job, Job)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert GrowthPlan.objects.count() == 4
