"""The README walk-through, step by step as written there, on the demo district: the draft
火星计划训练营（2027） is published and run end to end through the real pages.

Each step signs in on the login page as the person named in the README and clicks what the
README says; a screenshot is saved after each step (test-artifacts/screenshots/
test_readme_walkthrough-<step>.png).
"""

import re

import pytest
from playwright.sync_api import expect

from qingmiao.accounts.models import User
from qingmiao.cadres.models import Cadre
from qingmiao.selection import eligibility
from qingmiao.selection.models import Application, Program, RaterAssignment, StageEntry

from .demo import log_in, nav, seed_small_demo

pytestmark = pytest.mark.browser

PROGRAM = "火星计划训练营（2027）"
# Marks each rater gives (市场眼光 of 40, 专业素养 of 30, 沟通表达 of 30): the cadre's
# statement convinces more than the recommended colleague's.
MARKS = {"cadre": ("34", "26", "25"), "colleague": ("30", "22", "21")}


def _colleague(officer) -> Cadre:
    """The commerce bureau's first cadre the 2027 rules admit, other than the demo cadre."""
    program = Program.objects.get(name=PROGRAM)
    for cadre in (
        Cadre.objects.filter(unit=officer.org_unit, user__isnull=True)
        .select_related("unit")
        .order_by("pk")
    ):
        if eligibility.is_eligible(eligibility.check(program.rule, cadre)):
            return cadre
    raise AssertionError("the demo has no colleague for the officer to recommend")


def test_readme_walkthrough(site):
    page = site.page
    page.on("dialog", lambda dialog: dialog.accept())
    summary = seed_small_demo()
    assert f"  {PROGRAM}　草稿" in summary
    own = User.objects.get(username="cadre").cadre
    officer = User.objects.get(username="officer")
    colleague = _colleague(officer)

    # 1. orgadmin: 培养项目 → 火星计划训练营（2027） → 发布并开始报名.
    log_in(site, "orgadmin")
    nav(page, "培养项目")
    page.get_by_role("link", name=PROGRAM, exact=True).click()
    expect(page.get_by_test_id("program-status")).to_have_text("草稿")
    expect(page.get_by_test_id("rule-summary")).to_contain_text("1990.01.01 至 1999.12.31 出生")
    page.get_by_test_id("transition").click()
    expect(page.get_by_test_id("program-status")).to_have_text("报名中")
    site.screenshot("1-published")

    # 2. cadre: 报名项目 → 火星计划训练营（2027）: reads each rule against their own record,
    #    then 我要报名, picks a track, writes a statement and submits.
    log_in(site, "cadre")
    nav(page, "报名项目")
    card = page.get_by_test_id("program-card").filter(has_text=PROGRAM)
    expect(card.get_by_test_id("badge-eligible")).to_be_visible()
    card.get_by_role("link", name=PROGRAM).click()
    birth = page.get_by_test_id("eligibility").locator('[data-rule="birth_date"]')
    expect(birth).to_have_attribute("data-ok", "true")
    expect(birth.locator("div.small").nth(1)).to_have_text(f"本人情况：{own.birth_date:%Y.%m.%d}")
    site.screenshot("2-eligibility")
    page.get_by_test_id("apply").click()
    page.get_by_label("数字经济", exact=True).check()
    page.get_by_label("报名陈述", exact=True).fill(
        "在区商务局从事招商引资工作，希望到产业一线锻炼，为数字经济发展出力。"
    )
    page.get_by_test_id("submit").click()
    expect(page).to_have_url(site.url("/selection/my/applications/"))
    expect(page.get_by_role("alert")).to_contain_text(f"已报名“{PROGRAM}”")
    site.screenshot("3-applied")

    # 3. officer: 报名项目 → 火星计划训练营（2027） → 推荐本单位干部报名: finds a colleague by
    #    name, reads the eligibility check, picks a track, writes the reason and recommends.
    log_in(site, "officer")
    nav(page, "报名项目")
    page.get_by_test_id("program-card").filter(has_text=PROGRAM).get_by_role(
        "link", name=PROGRAM
    ).click()
    page.get_by_test_id("recommend").click()
    page.get_by_label("查找本单位及下属单位的干部", exact=True).fill(colleague.name)
    page.get_by_test_id("candidates").get_by_role("link").filter(
        has_text=colleague.name
    ).first.click()
    expect(page.get_by_test_id("candidate")).to_contain_text(colleague.name)
    expect(page.get_by_test_id("recommend-block")).to_have_count(0)
    page.get_by_label("人工智能", exact=True).check()
    page.get_by_label("推荐理由", exact=True).fill("该同志熟悉产业政策，工作扎实，推荐参加训练营。")
    page.get_by_test_id("submit").click()
    expect(page.get_by_role("alert")).to_contain_text(colleague.name)
    site.screenshot("4-recommended")
    modes = dict(Application.objects.filter(program__name=PROGRAM).values_list("cadre_id", "mode"))
    assert modes == {own.pk: "self", colleague.pk: "recommended"}

    # 4. orgadmin: 报名名单 → 按资格条件自动审查; then 项目概况 → 截止报名，开始闯关.
    log_in(site, "orgadmin")
    nav(page, "培养项目")
    page.get_by_role("link", name=PROGRAM, exact=True).click()
    page.get_by_role("link", name="报名名单").click()
    expect(page.get_by_test_id("application-row")).to_have_count(2)
    page.get_by_test_id("auto-screen").click()
    expect(page.get_by_role("alert")).to_contain_text("2")
    site.screenshot("5-screened")
    page.get_by_role("link", name="项目概况").click()
    expect(page.get_by_test_id("count-eligible")).to_have_text("2")
    page.get_by_test_id("transition").click()
    expect(page.get_by_test_id("program-status")).to_have_text("进行中")
    site.screenshot("6-started")

    # 5. orgadmin: 关卡 入营选拔 → 评委分配: filters the list with "ent", ticks 全选
    #    (ent01…ent12), 3 raters per candidate, 分配; back on the stage, 开始评分.
    page.get_by_test_id("stages").get_by_role("link", name="入营选拔").first.click()
    page.get_by_test_id("raters").click()
    page.get_by_label("筛选评委").fill("ent")
    page.get_by_label("全选").check()
    expect(page.locator('#rater-list input[name="raters"]:checked')).to_have_count(12)
    page.get_by_test_id("assign").click()
    expect(page.get_by_test_id("loads").locator("tbody tr")).to_have_count(6)
    site.screenshot("7-raters")
    page.get_by_role("link", name="入营选拔").click()
    page.get_by_test_id("open").click()
    expect(page.get_by_test_id("stage-status")).to_have_text("评分中")
    site.screenshot("8-scoring-open")

    # 6. Each assigned entrepreneur (entNN): 评分任务 → each candidate → marks → 提交.
    program = Program.objects.get(name=PROGRAM)
    stage = program.stages.get(order=1)
    codes = dict(stage.entries.values_list("application__cadre_id", "code"))
    marks_by_code = {codes[own.pk]: MARKS["cadre"], codes[colleague.pk]: MARKS["colleague"]}
    raters = sorted(
        set(RaterAssignment.objects.filter(stage=stage).values_list("rater__username", flat=True))
    )
    assert len(raters) == 6 and all(re.fullmatch(r"ent\d\d", r) for r in raters)
    for username in raters:
        log_in(site, username)
        nav(page, "评分任务")
        group = page.get_by_test_id("stage-group").filter(has_text=PROGRAM)
        tasks = group.get_by_test_id("task")
        # Wait for the page to list this rater's tasks before counting them: a count taken
        # while the previous page is still showing would be zero.
        assigned = RaterAssignment.objects.filter(stage=stage, rater__username=username).count()
        expect(tasks).to_have_count(assigned)
        for i in range(assigned):
            task = tasks.nth(i)
            code = task.locator(".qm-code").inner_text().strip()
            task.click()
            for label, value in zip(
                ("市场眼光", "专业素养", "沟通表达"), marks_by_code[code], strict=True
            ):
                page.get_by_label(label, exact=True).fill(value)
            page.get_by_test_id("submit").click()
            expect(page.get_by_role("alert")).to_contain_text(f"已提交 {code} 的评分。")
            nav(page, "评分任务")
        expect(group.get_by_test_id("progress")).to_have_text(f"已提交 {assigned} / {assigned}")
    site.screenshot("9-scored")

    # 7. orgadmin: 入营选拔 → 排名; 确定晋级 → 确定; then 选拔漏斗.
    log_in(site, "orgadmin")
    nav(page, "培养项目")
    page.get_by_role("link", name=PROGRAM, exact=True).click()
    page.get_by_test_id("stages").get_by_role("link", name="入营选拔").first.click()
    page.get_by_test_id("ranking").click()
    rows = page.get_by_test_id("rank-row")
    expect(rows).to_have_count(2)
    expect(rows.locator("td:nth-child(2)")).to_have_text([codes[own.pk], codes[colleague.pk]])
    expect(page.get_by_test_id("missing")).to_have_count(0)
    site.screenshot("10-ranking")
    page.get_by_role("link", name="确定晋级 →").click()
    expect(page.get_by_test_id("proposed-count")).to_have_text("2")
    page.get_by_test_id("confirm").click()
    expect(page.get_by_role("alert")).to_contain_text("晋级结果已确定。")
    site.screenshot("11-cut")
    assert set(stage.entries.values_list("result", flat=True)) == {StageEntry.Result.ADVANCED}
    page.get_by_role("link", name="选拔漏斗").click()
    site.wait_for_charts()
    expect(page.get_by_test_id("step-count")).to_have_text(["2", "2", "2", "2", "2"])
    site.screenshot("12-funnel")
