"""Curriculum: staff arrange an on-site session at a training base and find it in the coming
weeks' sessions, with the base and the course's lecturer on its page."""

import pytest
from playwright.sync_api import expect

from qingmiao.cultivation.models import Session
from qingmiao.cultivation.tests.factories_curriculum import catalogue, when
from qingmiao.selection.tests.factories import make_program

pytestmark = pytest.mark.browser


def test_staff_arrange_an_on_site_session_at_a_base(site, people):
    cat = catalogue(people.org_admin)
    camp = make_program(people.org_admin, name="火星计划训练营")
    page = site.page
    site.sign_in_as(people.org_admin)
    site.goto("/cultivation/curriculum/")
    expect(page.get_by_test_id("catalogue-figures")).to_contain_text("教学基地")
    page.get_by_test_id("nav-curriculum").click()
    page.get_by_role("link", name="教学基地").first.click()
    page.get_by_role("link", name="新材料产业园区").click()
    page.get_by_test_id("new-session").click()

    form = page.get_by_test_id("session-form")
    expect(form.get_by_label("形式")).to_have_value("onsite")
    expect(form.get_by_label("教学基地")).to_have_value(str(cat.base.pk))
    form.get_by_label("课程").select_option(label=cat.course.title)
    form.get_by_label("本次主题").fill("新材料产业链现场教学")
    start, end = when(days=2, hour=9, hours=3)
    form.get_by_label("开始时间").fill(start.strftime("%Y-%m-%dT%H:%M"))
    # First an end before the start: refused beside the field, nothing saved.
    form.get_by_label("结束时间").fill(start.replace(hour=8).strftime("%Y-%m-%dT%H:%M"))
    form.get_by_label(camp.name).check()
    form.get_by_test_id("save").click()
    expect(page.locator('[data-field="ends_at"]')).to_have_text("结束时间须晚于开始时间。")
    assert Session.objects.count() == 1
    site.screenshot("refused")

    page.get_by_label("结束时间").fill(end.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_test_id("save").click()
    session = Session.objects.get(title="新材料产业链现场教学")
    expect(page).to_have_url(site.url(f"/cultivation/curriculum/sessions/{session.pk}/"))
    expect(page.get_by_test_id("session-base")).to_have_text("新材料产业园区")
    expect(page.get_by_test_id("session-programs")).to_contain_text("火星计划训练营")
    expect(page.get_by_test_id("session-facts")).to_contain_text("王建国")
    assert session.credit_hours == cat.course.credit_hours and session.mode == "onsite"

    page.get_by_test_id("nav-upcoming").click()
    rows = page.get_by_test_id("upcoming-session").filter(has_text="新材料产业链现场教学")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("新材料产业园区")
    expect(rows).to_contain_text("现场教学")
    site.screenshot()
    site.assert_healthy()
