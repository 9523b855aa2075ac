"""The bell in the top bar: a rater is assigned through the service, signs in, sees the unread
count, opens the inbox and follows the notification to their scoring tasks."""

import pytest
from playwright.sync_api import expect

from qingmiao.selection import services
from qingmiao.selection.tests.factories import first_stage, running_program

pytestmark = pytest.mark.browser


def test_bell_shows_unread_after_rater_assigned(site, people):
    admin = people.org_admin
    program = running_program(
        admin,
        [people.cadre_a, people.cadre_a2, people.cadre_b],
        name="火星计划",
        stages=[{"name": "入营选拔", "k": 1}],
    )
    services.assignments_auto(actor=admin, stage=first_stage(program), raters=[people.rater], k=1)

    site.sign_in_as(people.rater)
    site.goto("/")
    bell = site.page.get_by_test_id("notification-bell")
    expect(bell.get_by_test_id("unread-count")).to_have_text("1")
    site.screenshot("bell")

    bell.click()
    expect(site.page).to_have_url(site.url("/notifications/"))
    item = site.page.get_by_test_id("notification").first
    expect(item).to_contain_text("您已被分配为“火星计划 · 入营选拔”的评委，分到 3 名考生。")
    expect(item).to_contain_text("被分配为评委")
    site.screenshot("inbox")

    item.get_by_test_id("notification-link").click()
    expect(site.page).to_have_url(site.url("/selection/scoring/"))
    expect(
        site.page.get_by_test_id("notification-bell").get_by_test_id("unread-count")
    ).to_have_count(0)
