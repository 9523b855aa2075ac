"""Plan endpoints per persona: lists with the derived phase, milestones done with evidence,
confirmed by staff, plans for a cohort."""

from datetime import date

import pytest

from qingmiao.cultivation.models import GrowthPlan
from qingmiao.cultivation.services import plans as services
from qingmiao.cultivation.tests.factories_plans import TEMPLATE_ROWS, make_template
from qingmiao.cultivation.tests.factories_results import png

pytestmark = pytest.mark.django_db
URL = "/api/v1/cultivation/"


@pytest.fixture
def plan(people):
    people.cadre_a.hire_date = date(2026, 8, 1)
    people.cadre_a.save()
    template = make_template(people.org_admin)
    services.plans_create(actor=people.org_admin, template=template, cadre_ids=[people.cadre_a.pk])
    return template, GrowthPlan.objects.get()


@pytest.mark.parametrize(("persona", "n"), [("org_admin", 1), ("officer_a", 1), ("officer_b", 0)])
def test_list(api, people, plan, persona, n):
    response = api(getattr(people, persona)).get(URL + "plans/")
    assert response.status_code == 200
    assert response.json()["count"] == n
    if n:
        assert response.json()["results"][0]["phase_name"] == "育苗年"


@pytest.mark.parametrize("persona", ["cadre_user", "rater", "host", "sysadmin"])
def test_forbidden(api, people, plan, persona):
    assert api(getattr(people, persona)).get(URL + "plans/").status_code == 403


def test_detail_and_scope(api, people, plan):
    pk = plan[1].pk
    data = api(people.org_admin).get(URL + f"plans/{pk}/").json()
    assert len(data["milestones"]) == len(TEMPLATE_ROWS)
    assert api(people.officer_b).get(URL + f"plans/{pk}/").status_code == 404


def test_done_confirm(api, people, plan):
    first = plan[1].milestones.order_by("due_date").first()
    cadre = api(people.cadre_user)
    response = cadre.post(
        URL + f"plan-milestones/{first.pk}/done/", {"evidence": ""}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["evidence"] == ["该节点须提供佐证：请填写完成情况或上传佐证材料。"]
    response = cadre.post(
        URL + f"plan-milestones/{first.pk}/done/", {"evidence_file": png()}, format="multipart"
    )
    assert response.status_code == 200 and response.json()["done_at"]
    assert (
        api(people.officer_b).post(URL + f"plan-milestones/{first.pk}/confirm/").status_code == 404
    )
    assert cadre.post(URL + f"plan-milestones/{first.pk}/confirm/").status_code == 403
    response = api(people.org_admin).post(URL + f"plan-milestones/{first.pk}/confirm/")
    assert response.status_code == 200 and response.json()["confirmed"]


def test_cohort_and_template(api, people, plan):
    template = plan[0]
    client = api(people.org_admin)
    response = client.post(
        URL + "plans/", {"template": template.pk, "unit": people.tree.unit_a.pk}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["skipped"] == [people.cadre_a.name]
    assert body["created"] == 1  # 李娜 in the section under unit A
    assert client.post(URL + "plans/", {"template": template.pk}, format="json").status_code == 400
    response = client.post(
        URL + "plan-templates/",
        {"name": "x", "theme_year1": "a", "theme_year2": "b", "theme_year3": "c",
         "milestones": [{"year": 3, "due_month": 2, "title": "t"}]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["milestones"]["0"]["due_month"] == [
        "第 3 年的节点应在入职后第 25 至 36 个月。"
    ]
    assert api(people.leader).post(URL + "plans/", {}, format="json").status_code == 403


def test_my_plan(api, people, plan):
    response = api(people.cadre_user).get(URL + "my/plan/")
    assert response.status_code == 200
    assert response.json()["phase"] == "year1"
    assert len(response.json()["milestones"]) == len(TEMPLATE_ROWS)
    assert api(people.org_admin).get(URL + "my/plan/").status_code == 403
    people.cadre_a.user = None
    people.cadre_a.save()
    assert api(people.cadre_user).get(URL + "my/plan/").status_code == 404
