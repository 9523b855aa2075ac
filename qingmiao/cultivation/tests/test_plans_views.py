"""Plan pages per persona; the cadre's milestone on a phone; staff confirm; bulk creation;
templates; constant queries on the list."""

from datetime import date

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qingmiao.cadres.tests.factories import CadreFactory
from qingmiao.cultivation.models import (
    GrowthPlan,
    MentorPair,
    MentorRole,
    PlanMilestone,
    PlanTemplate,
)
from qingmiao.cultivation.sections_plans import mentee_milestones_context, my_plan_context
from qingmiao.cultivation.services import plans as services

from .factories_plans import make_template
from .factories_results import png, program_with

READERS = ["org_admin", "officer_a", "leader", "mentor"]
NOT_READERS = ["cadre_user", "rater", "host", "inspector", "sysadmin", "secadmin", "auditor"]


@pytest.fixture
def plans(people):
    people.cadre_a.hire_date = date(2026, 8, 1)
    people.cadre_a.save()
    people.cadre_b.hire_date = date(2025, 8, 1)
    people.cadre_b.save()
    template = make_template(people.org_admin)
    services.plans_create(
        actor=people.org_admin,
        template=template,
        cadre_ids=[people.cadre_a.pk, people.cadre_b.pk],
    )
    return (
        template,
        GrowthPlan.objects.get(cadre=people.cadre_a),
        GrowthPlan.objects.get(cadre=people.cadre_b),
    )


@pytest.mark.parametrize("persona", READERS)
def test_list_readers(people, login, plans, persona):
    assert login(getattr(people, persona)).get(reverse("cultivation:plan_list")).status_code == 200
    assert (
        login(getattr(people, persona)).get(reverse("cultivation:plan_template_list")).status_code
        == 200
    )


@pytest.mark.parametrize("persona", NOT_READERS)
def test_list_forbidden(people, login, plans, persona):
    assert login(getattr(people, persona)).get(reverse("cultivation:plan_list")).status_code == 403


def test_scope_and_phase(people, login, plans):
    _t, _plan_a, plan_b = plans
    page = login(people.officer_a).get(reverse("cultivation:plan_list")).content.decode()
    assert people.cadre_a.name in page and people.cadre_b.name not in page
    assert (
        login(people.officer_a)
        .get(reverse("cultivation:plan_detail", args=[plan_b.pk]))
        .status_code
        == 404
    )
    detail = login(people.org_admin).get(reverse("cultivation:plan_detail", args=[plan_b.pk]))
    assert "扶苗年" in detail.content.decode()
    filtered = login(people.org_admin).get(reverse("cultivation:plan_list") + "?phase=year1")
    assert people.cadre_b.name not in filtered.content.decode()


def test_list_queries_constant(people, login, plans):
    template = plans[0]
    client = login(people.org_admin)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cultivation:plan_list"))
    more = [CadreFactory(unit=people.tree.unit_b, hire_date=date(2024, 8, 1)) for _ in range(8)]
    services.plans_create(actor=people.org_admin, template=template, cadre_ids=[c.pk for c in more])
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("cultivation:plan_list"))
    assert len(few) == len(many)


def test_cadre_marks_done_then_staff_confirm(people, login, plans):
    _t, plan_a, _plan_b = plans
    first = plan_a.milestones.order_by("due_date").first()
    client = login(people.cadre_user)
    assert client.get(reverse("cultivation:my_plan")).status_code == 200
    url = reverse("cultivation:my_milestone_done", args=[first.pk])
    response = client.post(url, {"evidence": ""})
    assert "该节点须提供佐证" in response.content.decode()
    first.refresh_from_db()
    assert first.done_at is None
    assert (
        client.post(url, {"evidence": "已完成入职谈话", "evidence_file": png()}).status_code == 302
    )
    first.refresh_from_db()
    assert first.done_at and first.evidence_file
    # Someone else's milestone: 404.
    other = PlanMilestone.objects.filter(plan__cadre=people.cadre_b).first()
    assert client.get(reverse("cultivation:my_milestone_done", args=[other.pk])).status_code == 404
    assert client.get(reverse("cultivation:my_milestone_file", args=[first.pk])).status_code == 200
    # Staff confirm; a cadre may not.
    confirm = reverse("cultivation:milestone_confirm", args=[first.pk])
    assert client.post(confirm).status_code == 403
    assert login(people.officer_b).post(confirm).status_code == 404
    assert login(people.org_admin).post(confirm).status_code == 302
    first.refresh_from_db()
    assert first.confirmed_by == people.org_admin


def test_staff_return_needs_a_reason(people, login, plans):
    first = plans[1].milestones.order_by("due_date").first()
    services.milestone_mark_done(actor=people.cadre_user, milestone=first, evidence="完成")
    url = reverse("cultivation:milestone_confirm", args=[first.pk])
    client = login(people.org_admin)
    client.post(url, {"action": "return", "reason": ""})
    first.refresh_from_db()
    assert first.done_at is not None
    client.post(url, {"action": "return", "reason": "材料不全"})
    first.refresh_from_db()
    assert first.done_at is None


def test_mentor_confirms_own_mentee(people, login, plans):
    program = program_with(people.org_admin, [people.cadre_a])
    role = MentorRole.objects.create(program=program, name="业务导师")
    MentorPair.objects.create(
        program=program, role=role, mentor=people.mentor, mentee=people.cadre_a, status="active"
    )
    first = plans[1].milestones.order_by("due_date").first()
    services.milestone_mark_done(actor=people.cadre_user, milestone=first, evidence="完成")
    ctx = mentee_milestones_context(people.mentor)
    assert [m.pk for m in ctx["waiting"]] == [first.pk]
    html = render_to_string("cultivation/self/section_plans_to_confirm.html", ctx)
    assert first.title in html
    response = login(people.mentor).post(reverse("cultivation:milestone_confirm", args=[first.pk]))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.confirmed_by == people.mentor
    assert mentee_milestones_context(people.mentor) is None


def test_cadre_section(people, plans):
    ctx = my_plan_context(people.cadre_user)
    html = render_to_string("cultivation/self/section_plans_my_plan.html", ctx)
    assert "育苗年" in html
    assert my_plan_context(people.rater) is None


def test_bulk_creation_page(people, login, plans):
    template = plans[0]
    fresh = [CadreFactory(unit=people.tree.unit_a, hire_date=date(2026, 8, 1)) for _ in range(2)]
    url = reverse("cultivation:plans_create")
    assert login(people.officer_a).get(url).status_code == 403
    client = login(people.org_admin)
    data = {"template": template.pk, "unit": people.tree.unit_a.pk, "hired_from": "2026-08-01"}
    response = client.post(url, data)
    # 张伟 (cadre_a) already has one: 3 in range, 1 skipped.
    assert "范围内共 3 人" in response.content.decode()
    response = client.post(url, data | {"confirm": "1"})
    assert response.status_code == 302
    assert GrowthPlan.objects.filter(cadre__in=fresh).count() == 2
    assert client.post(url, {"template": template.pk}).status_code == 200  # neither: refused


def test_template_form(people, login):
    client = login(people.org_admin)
    url = reverse("cultivation:plan_template_new")
    form = {
        "name": "新苗模板", "theme_year1": "跟着干", "theme_year2": "独立干",
        "theme_year3": "成骨干", "m-TOTAL_FORMS": "2", "m-INITIAL_FORMS": "0",
        "m-MIN_NUM_FORMS": "0", "m-MAX_NUM_FORMS": "36",
        "m-0-year": "1", "m-0-due_month": "3", "m-0-title": "入职谈话",
        "m-0-evidence_required": "on",
        "m-1-year": "2", "m-1-due_month": "5", "m-1-title": "独立承办",
    }  # fmt: skip
    response = client.post(url, form)
    assert response.status_code == 200
    assert "第 2 年的节点应在入职后第 13 至 24 个月。" in response.content.decode()
    assert not PlanTemplate.objects.exists()
    response = client.post(url, form | {"m-1-due_month": "15"})
    assert response.status_code == 302
    template = PlanTemplate.objects.get()
    assert list(template.milestones.values_list("due_month", "evidence_required")) == [
        (3, True),
        (15, False),
    ]
    edit = reverse("cultivation:plan_template_edit", args=[template.pk])
    assert client.get(edit).status_code == 200
    assert login(people.leader).get(url).status_code == 403
    assert login(people.officer_a).get(edit).status_code == 403
