"""Results and new-recruit plans in the browser: staff record a report's adoption and see the
program's totals change; a cadre completes a plan milestone with evidence on a phone.

Records are built through the services (qingmiao.cultivation.tests.factories_*). Personas are
those of conftest.py: 张伟 (the cadre login's record, 区商务局), 李娜, 王强.
"""

import datetime

import pytest
from playwright.sync_api import expect

from qingmiao.cultivation.models import DeliverableOutcome, PlanMilestone
from qingmiao.cultivation.services import plans as plan_services
from qingmiao.cultivation.services import results as services
from qingmiao.cultivation.tests.factories_plans import make_template
from qingmiao.cultivation.tests.factories_results import deliverable_data, program_with, team

from .conftest import SCREENSHOTS, Site
from .test_selection import PHONE, _Phone, assert_fits_the_phone

pytestmark = pytest.mark.browser

EVIDENCE_PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def phone(browser, live_server, live_db, request):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    current = Site(_Phone(browser), live_server.url, request.node.name)
    try:
        yield current
        current.screenshot()
        current.assert_healthy()
    finally:
        current.close()


def test_staff_record_adoption_and_totals_change(site, people):
    program = program_with(people.org_admin, [people.cadre_a, people.cadre_a2, people.cadre_b])
    one = team(program, "第一组", [people.cadre_a, people.cadre_a2])
    for n in range(3):
        services.deliverable_record(
            actor=people.org_admin,
            program=program,
            data=deliverable_data(
                title=f"园区审批堵点{n + 1}",
                team=one,
                authors=[people.cadre_a] if n else [people.cadre_a, people.cadre_b],
            ),
        )
    site.sign_in_as(people.org_admin)
    site.goto(f"/cultivation/results/programs/{program.pk}/summary/")
    expect(site.page.get_by_test_id("t-bottleneck")).to_have_text("3")
    expect(site.page.get_by_test_id("t-adopted")).to_have_text("0")
    site.screenshot("summary-before")

    site.goto("/cultivation/results/deliverables/")
    expect(site.page.get_by_test_id("result-count")).to_contain_text("3")
    site.page.get_by_role("link", name="园区审批堵点1").click()
    site.page.get_by_test_id("record-outcome").click()
    page = site.page
    page.get_by_label("成效").select_option("adopted")
    page.get_by_label("采纳或转化单位").fill("朝阳区人民政府")
    page.get_by_label("日期").fill("2026-07-01")
    page.get_by_test_id("save").click()
    # Refused: the evidence is required, and nothing was saved.
    expect(page.locator("[data-field=evidence]")).to_have_text("请填写佐证。")
    assert not DeliverableOutcome.objects.exists()
    site.screenshot("refused")
    page.get_by_label("佐证", exact=True).fill(
        "区政府常务会议纪要（2026 年第 12 次）：采纳并形成工作方案。"
    )
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("outcome")).to_contain_text("朝阳区人民政府")
    site.screenshot("recorded")

    site.goto(f"/cultivation/results/programs/{program.pk}/summary/")
    expect(site.page.get_by_test_id("t-adopted")).to_have_text("1")
    expect(site.page.get_by_test_id("t-deliverables")).to_have_text("3")
    by_unit = site.page.get_by_test_id("by-unit")
    expect(by_unit).to_contain_text(people.tree.unit_b.name)  # the two-unit report's second unit


def test_cadre_completes_a_milestone_on_a_phone(phone, people):
    people.cadre_a.hire_date = datetime.date(2026, 8, 1)
    people.cadre_a.save()
    template = make_template(people.org_admin)
    plan_services.plans_create(
        actor=people.org_admin, template=template, cadre_ids=[people.cadre_a.pk]
    )
    first = PlanMilestone.objects.filter(plan__cadre=people.cadre_a).order_by("due_date").first()
    phone.sign_in_as(people.cadre_user)
    phone.goto("/cultivation/my/plan/")
    page = phone.page
    expect(page.get_by_test_id("phase")).to_have_text("育苗年")
    assert_fits_the_phone(page)
    phone.screenshot("plan")
    page.locator(f"[data-milestone='{first.pk}']").click()
    page.get_by_test_id("done").click()
    expect(page.locator("[data-field=evidence]")).to_contain_text("该节点须提供佐证")
    phone.screenshot("refused")
    page.get_by_label("完成情况").fill("已与导师完成入职谈话，明确了第一年的跟岗任务。")
    page.get_by_label("佐证材料").set_input_files(
        {"name": "谈话记录.png", "mimeType": "image/png", "buffer": EVIDENCE_PNG}
    )
    assert_fits_the_phone(page)
    phone.screenshot("evidence")
    page.get_by_test_id("done").click()
    expect(page.locator(f"[data-milestone='{first.pk}'] [data-testid=state-done]")).to_be_visible()
    first.refresh_from_db()
    assert first.done_at is not None and first.evidence_file
    assert PHONE["width"] == 390
