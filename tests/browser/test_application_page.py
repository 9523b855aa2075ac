"""An officer screens in bulk, is refused, finds their ticks and choice still there, then opens
one application's own page from the list."""

import pytest
from playwright.sync_api import expect

from qingmiao.selection.tests.factories import make_program, open_registration, recommend

pytestmark = pytest.mark.browser


def test_officer_keeps_the_ticks_and_opens_an_application(site, people):
    page = site.page
    admin = people.org_admin
    program = make_program(admin, name="火星计划训练营")
    open_registration(admin, program)
    li = recommend(admin, program, people.cadre_a2, statement="综合科骨干，熟悉产业政策。")
    recommend(admin, program, people.cadre_b, statement="")
    site.sign_in_as(admin)
    site.goto(f"/selection/programs/{program.pk}/applications/")

    page.get_by_label(li.cadre.name).check()
    page.locator("select[name=decision]").select_option("ineligible")
    page.get_by_test_id("screen").click()  # no reason: refused
    expect(page.get_by_text("请填写不通过的理由。")).to_be_visible()
    expect(page.get_by_label(li.cadre.name)).to_be_checked()
    expect(page.locator("select[name=decision]")).to_have_value("ineligible")
    site.screenshot("refused-kept")

    page.locator(f'a[href="/selection/applications/{li.pk}/"]').click()
    expect(page.get_by_test_id("application-detail")).to_be_visible()
    expect(page.get_by_test_id("statement")).to_contain_text("推荐理由")
    expect(page.get_by_test_id("statement")).to_contain_text("综合科骨干，熟悉产业政策。")
    expect(page.get_by_test_id("history")).to_contain_text("尚未进入任何关卡。")
