"""The documentation page in a real browser, under the site's Content Security Policy."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's Chromium"),
]


def test_swagger_ui_works_under_the_csp(live_server, live_db, people, monkeypatch):
    from playwright.sync_api import sync_playwright

    client = Client()
    client.force_login(people.leader, backend="qingmiao.accounts.backends.RoleBackend")
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    # Playwright keeps an event loop running in this thread; the live server's ORM calls are
    # made from its own thread, and this test makes none while the browser runs.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    problems: list[str] = []
    outside: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            context = browser.new_context(locale="zh-CN")
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
            )
            page = context.new_page()
            page.on("console", lambda m: m.type == "error" and problems.append(m.text))
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.on(
                "request",
                lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url),
            )
            page.goto(f"{live_server.url}/api/docs/")
            page.locator(".info .title").wait_for()
            assert "青苗 Qingmiao API" in page.locator(".info .title").inner_text()
            operation = page.locator("#operations-v1-v1_cadres_list")
            # Swagger UI draws the operations as they scroll into view.
            for _ in range(60):
                if operation.count():
                    break
                page.mouse.wheel(0, 1500)
                page.wait_for_timeout(100)
            operation.locator(".opblock-summary").click()
            # Call the API from the page, with the browser's session.
            operation.get_by_role("button", name="Try it out").click()
            operation.get_by_role("button", name="Execute").click()
            body = operation.locator(
                ".live-responses-table .response-col_description .microlight"
            ).first
            body.wait_for()
            assert "张伟" in body.inner_text()
            assert "王强" in body.inner_text()
        finally:
            browser.close()
    assert problems == [], f"console errors (CSP violations among them): {problems}"
    assert outside == [], f"requests leaving the site: {outside}"
