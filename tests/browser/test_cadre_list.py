"""Finding a cadre: the list filter (updated in place by htmx) and the top-bar search."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_pinyin_filter_updates_the_list_in_place(site, people):
    page = site.page
    site.sign_in_as(people.org_admin)
    site.goto("/cadres/")
    rows = page.locator("#cadre-rows")
    count = page.get_by_test_id("result-count")
    expect(count).to_have_text("共 3 人")
    expect(rows).to_contain_text("王强")
    assert page.evaluate("typeof window.htmx") == "object"
    # A marker on the window survives only if the list is updated without a page load.
    page.evaluate("window.qmSamePage = true")

    search = page.get_by_label("姓名/拼音")
    search.press_sequentially("zw")
    expect(page).to_have_url(re.compile(r"[?&]q=zw(&|$)"))
    expect(count).to_have_text("共 1 人")
    expect(rows.get_by_role("link", name="张伟")).to_be_visible()
    expect(rows).not_to_contain_text("王强")
    site.screenshot("zw")

    search.fill("")
    search.press_sequentially("wq")
    expect(page).to_have_url(re.compile(r"[?&]q=wq(&|$)"))
    expect(rows.get_by_role("link", name="王强")).to_be_visible()
    expect(rows).not_to_contain_text("张伟")

    search.fill("")
    search.press_sequentially("zhangwei")
    expect(page).to_have_url(re.compile(r"[?&]q=zhangwei(&|$)"))
    expect(count).to_have_text("共 1 人")
    expect(rows.get_by_role("link", name="张伟")).to_be_visible()
    expect(rows).not_to_contain_text("王强")
    assert page.evaluate("window.qmSamePage") is True


def test_top_bar_search_opens_the_only_match(site, people):
    page = site.page
    site.sign_in_as(people.org_admin)
    site.goto("/")
    box = page.get_by_role("searchbox", name="查找干部")
    expect(box).to_have_attribute("placeholder", "查找干部：姓名、拼音或首字母")
    box.fill("张伟")
    box.press("Enter")
    expect(page).to_have_url(site.url(f"/cadres/{people.cadre_a.pk}/"))
    expect(page.get_by_test_id("cadre-name")).to_contain_text("张伟")
