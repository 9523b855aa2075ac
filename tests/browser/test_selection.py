"""Selection in the browser: a cadre reads why they may apply and applies, a rater scores on a
phone, and the organization department adjusts and confirms a cut, then reads the funnel.

Programs are built through the services (qingmiao.selection.tests.factories). The personas are
those of conftest.py: 张伟 (cadre_user's record, born 1995.05.12, 区商务局), 李娜 (born 1992,
综合科 under 区商务局), 王强 (born 1988, 区财政局).
"""

import datetime
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qingmiao.accounts.roles import Role
from qingmiao.accounts.tests.factories import UserFactory
from qingmiao.cadres.tests.factories import CadreFactory
from qingmiao.selection import services
from qingmiao.selection.models import (
    Application,
    RaterAssignment,
    ScoreSheet,
    StageEntry,
)
from qingmiao.selection.tests.factories import (
    first_stage,
    make_program,
    make_raters,
    open_registration,
    open_scoring,
    recommend,
    running_program,
    start,
)

from .conftest import SCREENSHOTS, Site

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
BORN_1990S = {"born_from": datetime.date(1990, 1, 1), "born_to": datetime.date(1999, 12, 31)}
TRACKS = ["数字经济", "生命健康"]
DIMENSIONS = (("市场眼光", 2, 40), ("沟通表达", 1, 30))
SCROLL_WIDTH = "() => document.documentElement.scrollWidth"


class _Phone:
    """Chromium seen as a phone: every context it opens has the phone's screen and touch."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **options):
        return self._browser.new_context(
            **{**options, "viewport": PHONE, "is_mobile": True, "has_touch": True}
        )


@pytest.fixture
def phone(browser, live_server, live_db, request):
    """Like `site`, on a 390×844 touch screen."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    current = Site(_Phone(browser), live_server.url, request.node.name)
    try:
        yield current
        current.screenshot()
        current.assert_healthy()
    finally:
        current.close()


def assert_fits_the_phone(page) -> None:
    assert page.evaluate(SCROLL_WIDTH) <= PHONE["width"], "the page scrolls sideways"


# --- 1. applying -----------------------------------------------------------------------------


def test_cadre_reads_the_rules_and_applies(site, people):
    page = site.page
    program = make_program(
        people.org_admin,
        name="火星计划训练营",
        tracks=TRACKS,
        rule=BORN_1990S,
        stages=[{"name": "入营选拔", "value": 2, "dimensions": DIMENSIONS}],
        description="面向“90后”干部的产业经济训练营，自主报名，无须单位推荐。",
    )
    open_registration(people.org_admin, program)
    public = f"/selection/p/{program.public_id}/"

    site.sign_in_as(people.cadre_user)
    site.goto(public)
    expect(page.get_by_role("heading", name="火星计划训练营")).to_be_visible()
    birth = page.get_by_test_id("eligibility").locator('[data-rule="birth_date"]')
    expect(birth).to_have_attribute("data-ok", "true")
    expect(birth.locator(".qm-rule-mark")).to_have_text("✓")
    expect(birth.locator(".fw-semibold")).to_have_text("出生日期符合")
    expect(birth.locator("div.small").nth(0)).to_have_text("要求：1990.01.01 至 1999.12.31 出生")
    expect(birth.locator("div.small").nth(1)).to_have_text("本人情况：1995.05.12")
    site.screenshot("eligible")

    page.get_by_test_id("apply").click()
    expect(page).to_have_url(site.url(f"{public}apply/"))
    expect(page.get_by_role("heading", name="自主报名")).to_be_visible()
    page.get_by_label("生命健康", exact=True).check()
    page.get_by_label("报名陈述", exact=True).fill(
        "在区商务局从事招商引资工作五年，希望在产业一线得到锻炼。"
    )
    site.screenshot("apply-form")
    page.get_by_test_id("submit").click()

    expect(page).to_have_url(site.url("/selection/my/applications/"))
    expect(page.get_by_role("alert")).to_contain_text("已报名“火星计划训练营”")
    card = page.get_by_test_id("application")
    expect(card).to_have_count(1)
    expect(card.get_by_role("heading", name="火星计划训练营")).to_be_visible()
    expect(card.get_by_test_id("status")).to_have_text("已报名")
    expect(card).to_contain_text("生命健康")
    expect(card).to_contain_text("自主报名")
    site.screenshot("my-applications")
    application = Application.objects.get(program=program)
    assert application.cadre == people.cadre_a
    assert application.status == Application.Status.SUBMITTED
    assert application.track.name == "生命健康"

    # 王强, born 1988, is told why he may not apply, and has no button to try.
    older = UserFactory(username="cadre_b", role=Role.CADRE, org_unit=people.tree.unit_b)
    people.cadre_b.user = older
    people.cadre_b.save()
    site.context.clear_cookies()
    site.sign_in_as(older)
    site.goto(public)
    birth = page.get_by_test_id("eligibility").locator('[data-rule="birth_date"]')
    expect(birth).to_have_attribute("data-ok", "false")
    expect(birth.locator(".qm-rule-mark")).to_have_text("✗")
    expect(birth.locator(".fw-semibold")).to_have_text("出生日期不符合")
    expect(birth.locator("div.small").nth(1)).to_have_text("本人情况：1988.10.09")
    expect(page.get_by_test_id("apply")).to_have_count(0)
    expect(page.get_by_test_id("apply-block")).to_have_text("您不符合资格条件：出生日期。")
    expect(page.get_by_test_id("user-menu")).to_contain_text(older.display_name)


# --- 2. scoring on a phone -------------------------------------------------------------------


def scoring_program(people, *, blind: bool, name: str):
    """A running program: 张伟 and 李娜 in a stage scored on two dimensions, both given to
    people.rater, scoring open for a week."""
    program = make_program(
        people.org_admin,
        name=name,
        tracks=TRACKS,
        stages=[
            {
                "name": "入营选拔",
                "value": 1,
                "dimensions": DIMENSIONS,
                "blind": blind,
                "scoring_closes": timezone.now() + timedelta(days=7),
            }
        ],
    )
    open_registration(people.org_admin, program)
    track = program.tracks.get(name="数字经济")
    for cadre in (people.cadre_a, people.cadre_a2):
        recommend(people.officer_a, program, cadre, track=track)
    start(people.org_admin, program)
    stage = first_stage(program)
    open_scoring(people.org_admin, stage, [people.rater], k=1)
    return stage


def test_rater_scores_on_a_phone(phone, people):
    page = phone.page
    page.on("dialog", lambda dialog: dialog.accept())
    stage = scoring_program(people, blind=False, name="火星计划训练营")
    dims = {d.name: d for d in stage.dimensions.all()}

    phone.sign_in_as(people.rater)
    phone.goto("/selection/scoring/")
    expect(page.get_by_role("heading", name="评分任务")).to_be_visible()
    tasks = page.get_by_test_id("task")
    expect(tasks).to_have_count(2)
    expect(page.get_by_test_id("progress")).to_have_text("已提交 0 / 2")
    expect(tasks.filter(has_text="张伟")).to_have_count(1)
    expect(tasks.filter(has_text="李娜")).to_have_count(1)
    assert_fits_the_phone(page)
    phone.screenshot("tasks")

    first = tasks.first
    code = first.locator(".qm-code").inner_text()
    assignment = RaterAssignment.objects.get(stage=stage, entry__code=code)
    first.tap()
    expect(page).to_have_url(phone.url(f"/selection/scoring/{assignment.pk}/"))
    expect(page.get_by_test_id("candidate")).to_contain_text(code)
    market = page.get_by_label("市场眼光", exact=True)
    speech = page.get_by_label("沟通表达", exact=True)

    # 50 is more than 市场眼光's 40: refused in Chinese, beside the field, and nothing kept.
    market.fill("50")
    page.get_by_test_id("save").tap()
    error = page.locator(f'[data-field="dim_{dims["市场眼光"].pk}"]')
    expect(error).to_have_text("“市场眼光”的得分须在 0 到 40 之间。")
    expect(error).to_be_visible()
    expect(page.get_by_test_id("form-errors")).to_have_text("请更正下列标红的内容，本次未保存。")
    expect(market).to_have_value("50")
    assert not ScoreSheet.objects.filter(assignment=assignment).exists()
    assert_fits_the_phone(page)
    phone.screenshot("out-of-range")

    market.fill("32")
    speech.fill("24")
    page.get_by_test_id("save").tap()
    expect(page.get_by_role("alert")).to_contain_text("草稿已保存。")
    expect(market).to_have_value("32")
    expect(speech).to_have_value("24")
    # (32/40 × 2 + 24/30 × 1) / 3 × 100 = 80
    expect(page.locator("form.card")).to_contain_text("加权总分（百分制） 80")
    sheet = ScoreSheet.objects.get(assignment=assignment)
    assert sheet.status == ScoreSheet.Status.DRAFT
    assert {s.dimension.name: int(s.value) for s in sheet.scores.all()} == {
        "市场眼光": 32,
        "沟通表达": 24,
    }
    assert_fits_the_phone(page)
    phone.screenshot("draft")

    # Submitting asks first (accepted above), then moves on to the other candidate.
    page.get_by_test_id("submit").tap()
    expect(page.get_by_role("alert")).to_contain_text(f"已提交 {code} 的评分。")
    expect(page.get_by_test_id("candidate")).not_to_contain_text(code)
    sheet.refresh_from_db()
    assert sheet.status == ScoreSheet.Status.SUBMITTED

    page.get_by_role("link", name="← 评分任务").tap()
    expect(page.get_by_test_id("progress")).to_have_text("已提交 1 / 2")
    done = tasks.filter(has_text=code)
    expect(done.locator(".badge")).to_have_text("已提交")
    assert_fits_the_phone(page)
    phone.screenshot("tasks-after-submit")
    done.tap()
    expect(page.get_by_test_id("locked")).to_contain_text("已提交")
    expect(page.get_by_test_id("locked")).to_contain_text("评分表已提交并锁定")
    scores = page.get_by_test_id("scores")
    expect(scores.locator(".fs-4")).to_have_text(["32", "24"])
    expect(scores).to_contain_text("80")
    expect(page.get_by_test_id("save")).to_have_count(0)
    expect(page.locator("input.qm-score-input")).to_have_count(0)
    assert_fits_the_phone(page)


def test_blind_stage_shows_the_rater_codes_only(phone, people):
    page = phone.page
    page.on("dialog", lambda dialog: dialog.accept())
    stage = scoring_program(people, blind=True, name="盲评训练营")
    hidden = ["张伟", "李娜", "区商务局", "综合科", "数字经济"]

    def assert_no_names():
        html = page.content()
        assert [word for word in hidden if word in html] == []

    phone.sign_in_as(people.rater)
    phone.goto("/selection/scoring/")
    tasks = page.get_by_test_id("task")
    expect(tasks).to_have_count(2)
    expect(page.get_by_test_id("stage-group")).to_contain_text("盲评")
    codes = sorted(stage.entries.values_list("code", flat=True))
    expect(tasks.locator(".qm-code")).to_have_text(codes)
    assert_no_names()
    assert_fits_the_phone(page)
    phone.screenshot("tasks")

    tasks.first.tap()
    expect(page.get_by_test_id("candidate")).to_have_text(re.compile(rf"^\s*{codes[0]}\s+盲评\s*$"))
    assert_no_names()
    page.get_by_label("市场眼光", exact=True).fill("30")
    page.get_by_label("沟通表达", exact=True).fill("20")
    page.get_by_test_id("submit").tap()
    expect(page.get_by_role("alert")).to_contain_text(f"已提交 {codes[0]} 的评分。")
    expect(page.get_by_test_id("candidate")).to_contain_text(codes[1])
    assert_no_names()
    assert_fits_the_phone(page)
    phone.screenshot("next-sheet")

    page.get_by_test_id("declare-link").tap()
    expect(page.get_by_role("heading", name="申报回避")).to_be_visible()
    options = page.locator("select option")
    expect(options).to_have_text(["—", *(f"考生 {code}" for code in codes)])
    assert_no_names()
    assert_fits_the_phone(page)


# --- 3. the cut and the funnel ---------------------------------------------------------------


def test_admin_adjusts_the_cut_and_reads_the_funnel(site, people):
    page = site.page
    page.on("dialog", lambda dialog: dialog.accept())
    unit_b = people.tree.unit_b
    cadres = [
        people.cadre_a,
        people.cadre_a2,
        people.cadre_b,
        CadreFactory(name="陈静", unit=people.tree.unit_a, birth_date=datetime.date(1993, 7, 2)),
        CadreFactory(name="刘洋", unit=unit_b, birth_date=datetime.date(1991, 1, 20)),
        CadreFactory(name="杨帆", unit=unit_b, birth_date=datetime.date(1996, 11, 8)),
    ]
    program = running_program(
        people.org_admin,
        cadres,
        name="青年干部训练营",
        stages=[
            {
                "name": "综合评议",
                "value": 3,
                "aggregation": "trimmed_mean",
                "k": 3,
                "dimensions": (("综合素质", 1, 100),),
            }
        ],
    )
    stage = first_stage(program)
    raters = make_raters(3)
    open_scoring(people.org_admin, stage, raters, k=3)
    # In the order of their codes the candidates score about 88, 84 … 68; the three raters
    # differ by +2, 0 and -3, so the middle mark is the base and the mean a third below it.
    entries = list(stage.entries.order_by("code"))
    dimension = stage.dimensions.get()
    for i, entry in enumerate(entries):
        for rater, shift in zip(raters, (2, 0, -3), strict=True):
            services.sheet_save(
                actor=rater,
                assignment=RaterAssignment.objects.get(rater=rater, entry=entry),
                values={dimension.pk: (88 - 4 * i + shift, "")},
                submit=True,
            )
    codes = [e.code for e in entries]

    site.sign_in_as(people.org_admin)
    ranking = f"/selection/stages/{stage.pk}/ranking/"
    site.goto(ranking)
    rows = page.get_by_test_id("rank-row")
    expect(rows).to_have_count(6)
    expect(rows.locator("td:nth-child(1)")).to_have_text(["1", "2", "3", "4", "5", "6"])
    expect(rows.locator("td:nth-child(2)")).to_have_text(codes)
    expect(page.get_by_test_id("score")).to_have_text(
        ["88.00", "84.00", "80.00", "76.00", "72.00", "68.00"]
    )
    expect(rows.filter(has_text="✓")).to_have_count(3)
    expect(page.get_by_test_id("missing")).to_have_count(0)
    expect(page.get_by_test_id("method")).to_have_value("trimmed_mean")
    site.screenshot("ranking")

    page.get_by_test_id("method").select_option("mean")
    expect(page).to_have_url(re.compile(r"\?method=mean$"))
    expect(page.get_by_test_id("score")).to_have_text(
        ["87.67", "83.67", "79.67", "75.67", "71.67", "67.67"]
    )
    expect(page.get_by_text("当前为对比查看")).to_be_visible()
    site.screenshot("ranking-mean")
    page.get_by_test_id("method").select_option("trimmed_mean")
    expect(page).to_have_url(re.compile(r"\?method=trimmed_mean$"))
    expect(page.get_by_test_id("score").first).to_have_text("88.00")
    expect(page.get_by_text("当前为对比查看")).to_have_count(0)

    page.get_by_role("link", name="确定晋级 →").click()
    expect(page).to_have_url(site.url(f"/selection/stages/{stage.pk}/advancement/"))
    expect(page.get_by_test_id("proposed-count")).to_have_text("3")
    expect(page.get_by_test_id("blocked")).to_have_count(0)
    # The third is dropped and the fourth advanced instead, each with a reason.
    third, fourth = codes[2], codes[3]
    dropped = "本人申请退出，已提交书面说明"
    added = "递补：综合素质排名第 4，领导小组研究同意"
    page.get_by_label(f"晋级 {third}", exact=True).uncheck()
    page.get_by_label(f"调整理由 {third}", exact=True).fill(dropped)
    page.get_by_label(f"晋级 {fourth}", exact=True).check()
    page.get_by_label(f"调整理由 {fourth}", exact=True).fill(added)
    expect(page.locator("tr.table-warning")).to_have_count(2)
    page.get_by_label("说明", exact=True).fill("经项目领导小组研究确定")
    site.screenshot("advancement")
    page.get_by_test_id("confirm").click()

    expect(page.get_by_role("alert")).to_contain_text("晋级结果已确定。")
    expect(page.get_by_test_id("decision")).to_contain_text("晋级 3 人")
    expect(page.get_by_test_id("decided-by")).to_have_text(people.org_admin.display_name)
    adjustments = page.get_by_test_id("adjustments")
    expect(adjustments).to_contain_text("对规则结果的调整（2 人）")
    expect(adjustments.locator("li").filter(has_text=third)).to_contain_text(
        f"规则晋级，调整为未晋级 理由：{dropped}"
    )
    expect(adjustments.locator("li").filter(has_text=fourth)).to_contain_text(
        f"规则未晋级，调整为晋级 理由：{added}"
    )
    outcome = page.get_by_test_id("results").locator("tbody tr td:last-child")
    expect(outcome).to_have_text(
        ["晋级", "晋级", "未晋级 已调整", "晋级 已调整", "未晋级", "未晋级"]
    )
    site.screenshot("decided")
    results = dict(stage.entries.values_list("code", "result"))
    advanced = StageEntry.Result.ADVANCED
    eliminated = StageEntry.Result.ELIMINATED
    assert results == {
        codes[0]: advanced,
        codes[1]: advanced,
        codes[2]: eliminated,
        codes[3]: advanced,
        codes[4]: eliminated,
        codes[5]: eliminated,
    }

    page.get_by_role("link", name="选拔漏斗").click()
    expect(page).to_have_url(site.url(f"/selection/programs/{program.pk}/funnel/"))
    expect(page.locator('.qm-chart[data-chart="funnel"] svg')).to_have_count(1)
    site.wait_for_charts()
    steps = page.get_by_test_id("funnel-table").locator("tbody tr")
    expect(steps.locator("td:nth-child(1)")).to_have_text(
        ["报名", "资格审查通过", "综合评议（参加）", "综合评议（晋级）"]
    )
    expect(page.get_by_test_id("step-count")).to_have_text(["6", "6", "6", "3"])
    expect(page.locator('.qm-chart[data-chart="funnel"]')).to_contain_text("综合评议（晋级）：3")
