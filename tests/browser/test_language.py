"""Switching the interface between Chinese and English."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_switch_to_english_and_back(site, people, english):
    page = site.page
    site.sign_in_as(people.org_admin)
    site.goto("/")
    html = page.locator("html")
    nav = page.locator("#qm-nav")
    switch = page.get_by_test_id("lang-switch")
    expect(html).to_have_attribute("lang", "zh-CN")
    expect(nav).to_contain_text("首页")
    expect(switch).to_have_text("English")

    switch.click()
    expect(html).to_have_attribute("lang", "en")
    expect(switch).to_have_text("中文")
    expect(page).to_have_url(site.url("/"))
    # Labels are checked against the English catalogue, as far as it translates them.
    for label in ("首页", "干部档案"):
        if english(label) != label:
            expect(nav).to_contain_text(english(label))
            expect(nav).not_to_contain_text(label)
    site.wait_for_charts()
    site.screenshot("english")

    switch.click()
    expect(html).to_have_attribute("lang", "zh-CN")
    expect(switch).to_have_text("English")
    expect(nav).to_contain_text("首页")
    expect(nav).to_contain_text("干部档案")
    site.wait_for_charts()
