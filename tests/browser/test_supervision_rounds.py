"""Monthly inspection in the browser: an inspector scores a round on a phone (a score outside
the scale refused on the field, then saved, the next cadre opened); a host contact evaluates on
a phone; the performance list after a round shows the movement and the cumulative rule; the
cadre's portrait with its radar and trend."""

from datetime import date

import pytest
from playwright.sync_api import expect

from qingmiao.supervision.models import RoundMember
from qingmiao.supervision.tests.factories_rounds import (
    assignment,
    make_round,
    make_scheme,
    member_of,
    year,  # noqa: F401  (a fixture)
)

from .test_selection import assert_fits_the_phone, phone  # noqa: F401  (the phone fixture)

pytestmark = pytest.mark.browser


@pytest.fixture
def june(people):
    p = people
    assignment(p.cadre_a, host_contact=p.host, host_name="曾都经济开发区管委会",
               start_date=date(2026, 1, 1))  # fmt: skip
    return make_round(p.org_admin, make_scheme(p.org_admin), [p.cadre_a, p.cadre_a2],
                      [p.inspector], month=date(2026, 6, 1), title="6月一线干部考察")  # fmt: skip


def test_inspector_scores_a_round_on_a_phone(phone, people, june):  # noqa: F811
    page = phone.page
    phone.sign_in_as(people.inspector)
    phone.goto("/supervision/inspect/")
    page.get_by_test_id("inspect-round").first.click()
    expect(page.get_by_test_id("left-count")).to_contain_text("还有 2 人未评")
    page.get_by_test_id("to-score").first.click()
    first_name = page.get_by_test_id("cadre-name").inner_text()
    expect(page.get_by_test_id("evidence-figures")).to_be_visible()
    dims = page.get_by_test_id("dimension")
    dims.nth(0).locator("input[type=number]").fill("11")
    dims.nth(1).locator("input[type=number]").fill("8.5")
    page.locator("#id_ledger_score").fill("9")
    page.get_by_test_id("save-score").click()
    expect(page.locator("[data-field^=score_]").first).to_contain_text("分数须在 0 至 10 分之间")
    assert_fits_the_phone(page)
    phone.screenshot("refused")
    page.get_by_test_id("dimension").nth(0).locator("input[type=number]").fill("9.5")
    page.get_by_test_id("dimension").nth(0).locator("input[type=text]").fill(
        "重点项目提前 10 天完工"
    )
    page.locator("#id_task_note").fill("现场查看项目进度，企业反映服务及时。")
    page.get_by_test_id("save-score").click()
    # Saved; the next cadre still to score opens.
    expect(page.get_by_test_id("cadre-name")).not_to_have_text(first_name)
    scored = RoundMember.objects.get(round=june, cadre__name=first_name)
    assert scored.scored_by_id == people.inspector.pk
    assert [str(s.value) for s in scored.scores.order_by("dimension__order")] == ["9.50", "8.50"]
    assert_fits_the_phone(page)


def test_host_evaluates_on_a_phone(phone, people, june):  # noqa: F811
    page = phone.page
    phone.sign_in_as(people.host)
    phone.goto("/supervision/host/")
    page.get_by_test_id("host-member").first.click()
    page.locator("#id_host_score").fill("9")
    page.locator("#id_host_note").fill("服务企业主动靠前，协调用电增容一周办结。")
    assert_fits_the_phone(page)
    phone.screenshot("form")
    page.get_by_test_id("submit-host").click()
    expect(page.get_by_test_id("host-member").first).to_contain_text("已评价")
    assert member_of(june, people.cadre_a).host_score == 9


def test_performance_list_after_a_round_shows_movement(site, people, year):  # noqa: F811
    page = site.page
    site.sign_in_as(people.org_admin)
    site.goto(f"/supervision/rounds/{year['april'].pk}/")
    rows = page.get_by_test_id("rank-row")
    expect(rows.first).to_contain_text("王强")
    expect(rows.first.get_by_test_id("movement")).to_have_text("↑1")
    expect(rows.nth(1).get_by_test_id("movement")).to_have_text("↓1")
    expect(page.get_by_test_id("rule")).to_contain_text("按方案规定的权重加权平均")
    site.screenshot("month")
    page.get_by_test_id("tab-cumulative").click()
    expect(page.get_by_test_id("rule")).to_contain_text("乘以 0.8")
    expect(page.get_by_test_id("rank-row").last).to_contain_text("李娜")
    site.screenshot("cumulative")
    page.get_by_test_id("rank-row").first.locator("a").first.click()
    expect(page.get_by_test_id("dimension-scores")).to_contain_text("攻坚能力")
    # 考察概况: the distribution and the movement counts (王强 up, 张伟 down, 李娜 unranked).
    site.goto(f"/supervision/rounds/{year['april'].pk}/overview/")
    counts = page.get_by_test_id("movement-counts")
    expect(counts.locator("tr").nth(0)).to_contain_text("1")
    expect(counts.locator("tr").nth(1)).to_contain_text("1")
    site.wait_for_charts()
    site.screenshot("overview")


def test_cadre_portrait(site, people, year):  # noqa: F811
    page = site.page
    site.sign_in_as(people.org_admin)
    site.goto(f"/cadres/{people.cadre_a.pk}/")
    page.get_by_test_id("panel-tab-portrait").click()
    portrait = page.get_by_test_id("portrait")
    expect(portrait.get_by_test_id("radar-table")).to_contain_text("攻坚能力")
    expect(portrait.get_by_test_id("trend-table")).to_contain_text("2026.04")
    site.wait_for_charts()
    site.screenshot("portrait")
    portrait.locator("[data-figure=hours]").click()
    expect(page.get_by_test_id("evidence-items")).to_be_visible()
