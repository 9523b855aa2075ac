"""The program overview's hours figures open the hours-progress list, filtered: staff follow a
band from the chart's table to the cadres in it, then see the whole list.

The program is the overview tests' camp: 张伟 10 hours (met), 李娜 3 (short by 7), 王强 none,
against a first stage requiring 10 hours.
"""

import re

import pytest
from playwright.sync_api import expect

from qingmiao.cultivation.tests.test_overview import camp  # noqa: F401

pytestmark = pytest.mark.browser


def test_staff_follow_an_hours_band_to_the_cadres_in_it(site, people, camp):  # noqa: F811
    site.sign_in_as(people.org_admin)
    site.goto(f"/cultivation/overview/{camp.pk}/")
    page = site.page
    bands = page.get_by_test_id("hours-table")
    expect(bands).to_contain_text("差 10 学时以内")
    bands.get_by_role("row").filter(has_text="差 10 学时以内").get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/cultivation/attendance/hours/\d+/\?band=short_10"))
    expect(page.get_by_role("heading", name=re.compile("学时进度"))).to_be_visible()
    expect(page.get_by_test_id("requirement")).to_contain_text("应修 10 学时")
    rows = page.get_by_test_id("hours-progress").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("李娜")
    expect(page.get_by_test_id("count")).to_have_text("共 1 人")
    site.screenshot("band")
    page.get_by_role("link", name="全部").click()
    expect(page.get_by_test_id("count")).to_have_text("共 3 人")
    expect(page.get_by_test_id("band-met")).to_contain_text("1 人")
