"""What each role finds on signing in, and what stays out of its reach."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_unit_officer_sees_only_their_unit(site, people):
    page = site.page
    site.sign_in_as(people.officer_b)
    site.goto("/cadres/")
    rows = page.locator("#cadre-rows")
    expect(page.get_by_test_id("result-count")).to_have_text("共 1 人")
    expect(rows.get_by_role("link", name="王强")).to_be_visible()
    expect(rows).not_to_contain_text("张伟")
    expect(rows).not_to_contain_text("李娜")
    site.screenshot("list")

    response = site.goto(f"/cadres/{people.cadre_a.pk}/")
    assert response.status == 404
    expect(page).to_have_title("未找到 · 青苗 年轻干部选育管用平台")
    expect(page.get_by_role("heading", name="页面不存在或不在您的管理范围内")).to_be_visible()
    expect(page.get_by_role("link", name="返回首页")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("张伟")


def test_cadre_lands_on_their_own_record(site, people):
    page = site.page
    site.sign_in_as(people.cadre_user)
    site.goto("/")
    expect(page).to_have_url(site.url(f"/cadres/{people.cadre_a.pk}/"))
    expect(page.get_by_test_id("cadre-name")).to_contain_text("张伟")
    expect(page.get_by_test_id("id-number")).to_have_text(people.cadre_a.id_number)
    expect(page.get_by_test_id("edit")).to_have_count(0)


def test_auditor_lands_on_the_audit_log(site, people):
    page = site.page
    site.sign_in_as(people.auditor)
    site.goto("/")
    expect(page).to_have_url(site.url("/accounts/audit/"))
    expect(page.get_by_role("heading", name="审计日志")).to_be_visible()
    expect(page.get_by_test_id("result-count")).to_have_text(re.compile(r"^共 \d+ 条$"))
    entry = page.get_by_test_id("audit-row").filter(has_text="登录成功").first
    expect(entry).to_contain_text("安全审计员")
    expect(entry).not_to_contain_text("audit_admin")
    expect(page.locator("#qm-nav")).not_to_contain_text("干部档案")
