"""The record page's tabs, and what a role without access to sensitive data sees there."""

import datetime

import pytest
from playwright.sync_api import expect

from qingmiao.cadres.models import CodeTable, FamilyMember
from qingmiao.cadres.tests.factories import code

pytestmark = pytest.mark.browser

FAMILY_TAB = "家庭主要成员及重要社会关系"


@pytest.fixture
def spouse(people):
    return FamilyMember.objects.create(
        cadre=people.cadre_a,
        relation=code(CodeTable.RELATION, "13"),
        name="刘芳",
        birth_date=datetime.date(1996, 2, 1),
        political_status=code(CodeTable.POLITICAL, "01"),
        work_unit_post="区第一中学教师",
    )


def open_tab(page, name: str, pane_id: str):
    """Click a tab of the record page; returns its pane once it has faded in."""
    pane = page.locator(f"#{pane_id}")
    tab = page.locator(".nav-tabs").get_by_role("tab", name=name)
    tab.click()
    expect(tab).to_have_class("nav-link active")
    expect(pane).to_be_visible()
    expect(pane).to_have_css("opacity", "1")
    return pane


def open_family_tab(site, cadre):
    page = site.page
    site.goto(f"/cadres/{cadre.pk}/")
    expect(page.locator("#family")).to_be_hidden()
    pane = open_tab(page, FAMILY_TAB, "family")
    expect(page.locator("#basic")).to_be_hidden()
    return pane


def test_family_tab_shows_the_family_table(site, people, spouse):
    site.sign_in_as(people.org_admin)
    pane = open_family_tab(site, people.cadre_a)
    table = pane.get_by_role("table")
    expect(table).to_be_visible()
    expect(table.locator("thead")).to_have_text("称谓姓名出生年月政治面貌工作单位及职务")
    expect(table.locator("tbody tr")).to_have_text(["妻子刘芳1996.02中共党员区第一中学教师"])


def test_family_tab_is_hidden_and_id_masked_for_the_leader(site, people, spouse):
    page = site.page
    site.sign_in_as(people.leader)
    pane = open_family_tab(site, people.cadre_a)
    expect(pane.get_by_test_id("family-hidden")).to_have_text(
        "家庭成员信息属于敏感信息，您的角色无权查看。"
    )
    expect(pane.get_by_role("table")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text("刘芳")
    site.screenshot("family")

    open_tab(page, "基本信息", "basic")
    id_number = page.get_by_test_id("id-number")
    expect(id_number).to_have_text(f"{people.cadre_a.id_number_masked} 已脱敏")
    assert people.cadre_a.id_number not in page.content()
