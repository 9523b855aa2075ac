"""Democratic evaluation and annual appraisal in the browser: staff open an evaluation and issue
and print slips; a voter votes with a slip on a phone (and a second vote is refused); a unit
officer's appraisal entry is refused over the 优秀 quota, then saved.

Personas are those of conftest.py: 张伟 (区商务局), 李娜 (its 综合科), 王强 (区财政局).
"""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from qingmiao.supervision.models import AppraisalProposal, Ballot, BallotSlip, Evaluation
from qingmiao.supervision.tests.factories_evaluation import cadres, issue, open_evaluation

from .conftest import SCREENSHOTS, Site
from .test_selection import _Phone, assert_fits_the_phone

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser, live_server, live_db, request):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    cache.clear()
    current = Site(_Phone(browser), live_server.url, request.node.name)
    try:
        yield current
        current.screenshot()
        current.assert_healthy()
    finally:
        current.close()


def test_staff_open_an_evaluation_and_print_slips(site, people):
    page = site.page
    site.sign_in_as(people.org_admin)
    site.goto("/supervision/evaluations/")
    page.get_by_test_id("new-evaluation").click()
    page.get_by_label("测评名称").fill("区商务局 2026 年度民主测评")
    page.get_by_label("测评对象").fill("张伟、王强")
    page.get_by_label("本单位同事").check()
    page.get_by_label("服务对象或接收单位").check()
    page.get_by_label("开始时间").fill("2026-11-01T09:00")
    page.get_by_label("截止时间").fill("2030-12-31T18:00")
    site.screenshot("form")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("state")).to_have_text("进行中")
    expect(page.get_by_test_id("withheld")).to_contain_text("测评结束后才公布结果")
    site.screenshot("opened")
    page.get_by_test_id("issue-form").get_by_label("张数").fill("8")
    page.get_by_test_id("issue").click()
    expect(page.get_by_test_id("slip")).to_have_count(8)
    codes = page.get_by_test_id("slip-code").all_inner_texts()
    assert all(re.fullmatch(r"QM-[2-9A-Z]{4}-[2-9A-Z]{4}", c) for c in codes)
    ev = Evaluation.objects.get()
    assert BallotSlip.objects.filter(evaluation=ev, used=False).count() == 8
    site.screenshot("sheet")
    # The printed sheet: only the slips, two to a row.
    page.emulate_media(media="print")
    expect(page.get_by_test_id("print")).to_be_hidden()
    site.screenshot("print")
    page.emulate_media(media="screen")


def test_a_voter_votes_with_a_slip_on_a_phone(phone, people, tree):
    ev = open_evaluation(
        people.org_admin, tree.root, [people.cadre_a, people.cadre_b],
        title="驻企干部 2026 年度民主测评",
    )  # fmt: skip
    (code,) = issue(people.org_admin, ev, "served", 1)
    page = phone.page
    phone.goto("/supervision/vote/")
    page.get_by_label("测评码").fill("QM-2222-2222")
    page.get_by_test_id("open").click()
    expect(page.get_by_test_id("code-error")).to_have_text("测评码不正确，请核对测评票上的号码。")
    phone.screenshot("wrong-code")
    page.get_by_label("测评码").fill(code.lower())
    page.get_by_test_id("open").click()
    expect(page.get_by_test_id("ballot-subject")).to_have_count(2)
    assert_fits_the_phone(page)
    # Submitting with one cadre unanswered saves nothing.
    page.get_by_test_id("ballot-subject").nth(0).get_by_text("优秀", exact=True).click()
    page.get_by_test_id("cast").click()
    expect(page.get_by_test_id("answer-error")).to_have_text("请作出评价。")
    assert not Ballot.objects.exists()
    page.get_by_test_id("ballot-subject").nth(0).get_by_text("优秀", exact=True).click()
    page.get_by_test_id("ballot-subject").nth(1).get_by_text("称职", exact=True).click()
    phone.screenshot("ballot")
    page.get_by_test_id("cast").click()
    expect(page.get_by_test_id("vote-done")).to_contain_text("投票成功")
    assert Ballot.objects.count() == 1
    phone.screenshot("done")
    # The same slip again, by its QR link: refused.
    phone.goto(f"/supervision/vote/{ev.pk}/{code}/")
    expect(page.get_by_test_id("code-error")).to_have_text(
        "这张测评票已经投过票，每张票只能投一次。"
    )
    assert_fits_the_phone(page)
    assert Ballot.objects.count() == 1


def test_appraisal_entry_refused_over_the_quota(site, people, tree):
    cadres(tree.unit_a, 4)  # five of unit A's own with 张伟: 5 × 20 % = 1 place
    page = site.page
    site.sign_in_as(people.officer_a)
    site.goto(f"/supervision/appraisals/entry/?unit={tree.unit_a.pk}&year=2025")
    expect(page.get_by_test_id("rule")).to_contain_text("向下取整")
    rows = page.locator("tr[data-cadre]")
    expect(rows).to_have_count(5)
    for i in range(5):
        rows.nth(i).locator("select").select_option("excellent" if i < 2 else "competent")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("form-error")).to_have_text(
        "区商务局：优秀 2 人，超过限额 1 人（参加定等次 5 人 × 20%，向下取整）。"
    )
    assert not AppraisalProposal.objects.exists()
    site.screenshot("refused")
    rows.nth(1).locator("select").select_option("competent")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("standing")).to_contain_text("其中优秀 1 人")
    assert AppraisalProposal.objects.count() == 5
    site.screenshot("saved")
    site.sign_in_as(people.org_admin)
    site.goto("/supervision/appraisals/?year=2025")
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("proposals")).to_contain_text("已确认")
    site.screenshot("confirmed")
