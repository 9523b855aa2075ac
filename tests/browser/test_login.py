"""Signing in through the Chinese login form."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

GREEN = "rgb(31, 122, 77)"


def test_login_form_rejects_a_wrong_password_then_signs_in(site, people):
    page = site.page
    response = site.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page).to_have_title("登录 · 青苗 年轻干部选育管用平台")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    username = page.get_by_label("用户名", exact=True)
    password = page.get_by_label("密码", exact=True)
    submit = page.get_by_role("button", name="登录", exact=True)
    expect(username).to_be_visible()
    expect(password).to_be_visible()
    expect(submit).to_be_visible()

    # Styled by Bootstrap and the product stylesheet, with the scripts, all served by the app.
    for path in (
        "vendor/bootstrap/css/bootstrap.min.css",
        "css/qingmiao.css",
        "vendor/bootstrap/js/bootstrap.bundle.min.js",
        "vendor/htmx/htmx.min.js",
        "js/qingmiao.js",
    ):
        assert site.static_loaded.get(f"/static/{path}") == 200, path
    assert submit.evaluate("el => getComputedStyle(el).backgroundColor") == GREEN
    card = page.locator(".qm-login-card")
    assert card.evaluate("el => getComputedStyle(el).maxWidth") == "384px"
    site.screenshot("form")

    username.fill(people.org_admin.username)
    password.fill("Wrong-Passw0rd!")
    submit.click()
    expect(page.get_by_test_id("login-error")).to_contain_text("用户名或密码错误")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(username).to_have_value(people.org_admin.username)
    expect(page.get_by_test_id("user-menu")).to_have_count(0)
    site.screenshot("wrong-password")

    password.fill(people.password)
    submit.click()
    expect(page).to_have_url(site.url("/"))
    expect(page).to_have_title("首页 · 青苗 年轻干部选育管用平台")
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    expect(page.get_by_test_id("user-menu")).to_contain_text(people.org_admin.display_name)
    expect(page.get_by_test_id("stat-total")).to_have_text("3")
    # The charts are drawn by qingmiao.js with ECharts, both loaded under the strict CSP.
    expect(page.locator(".qm-chart svg")).to_have_count(2)
    assert site.static_loaded.get("/static/vendor/echarts/echarts.min.js") == 200
    site.wait_for_charts()
