"""The demo district for browser tests: `seed_demo` at a small size (the walk-through's people
and programmes are the same at any size), and signing in through the login page as a person
does, with the demo password."""

import io
import re

from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import expect

from qingmiao.cadres.demo.registry import DEMO_PASSWORD

SMALL_DISTRICT = 60


def seed_small_demo() -> str:
    """Build the demo district as `make run` does, with fewer cadres; returns its summary."""
    out = io.StringIO()
    # seed_demo refuses to run with DEBUG off (it creates known passwords); tests run with it off.
    with override_settings(DEBUG=True):
        call_command("seed_demo", cadres=SMALL_DISTRICT, stdout=out)
    return out.getvalue()


def log_in(site, username: str) -> None:
    """Sign out whoever is signed in, then sign in as `username` on the login page."""
    page = site.page
    site.context.clear_cookies()
    site.goto("/accounts/login/")
    page.get_by_label("用户名", exact=True).fill(username)
    page.get_by_label("密码", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page.get_by_test_id("user-menu")).to_be_visible()


def nav(page, name: str) -> None:
    """Click an entry of the left navigation (its name follows an icon)."""
    page.locator("#qm-nav").get_by_role("link", name=re.compile(f"{re.escape(name)}$")).click()
