"""Each role's user guide, opened from the top bar's help menu, and its walk-through followed
as written on the demo district (the 组织部管理员's walk-through is the README's, in
test_walkthrough.py)."""

import re

import pytest
from playwright.sync_api import expect

from qingmiao.accounts.models import User
from qingmiao.selection import services
from qingmiao.selection.models import Program

from .demo import log_in, nav, seed_small_demo

pytestmark = pytest.mark.browser

DRAFT = "火星计划训练营（2027）"


def open_own_guide(site, username: str, title: str) -> None:
    """Sign in, then 帮助 → the own guide, shown inside the product's shell."""
    seed_small_demo()
    log_in(site, username)
    page = site.page
    page.get_by_test_id("help-menu").click()
    page.get_by_test_id("help-own").click()
    expect(page.get_by_test_id("guide").get_by_role("heading", level=1)).to_have_text(title)
    site.screenshot("guide")


def publish_draft() -> None:
    """What the 组织部管理员 does first in the README walk-through."""
    admin = User.objects.get(username="orgadmin")
    program = Program.objects.get(name=DRAFT)
    services.program_transition(actor=admin, program=program, to="registration_open")


def open_program_card(page, name: str) -> None:
    nav(page, "报名项目")
    page.get_by_test_id("program-card").filter(has_text=name).get_by_role("link", name=name).click()


def test_unit_officer_guide(site):
    page = site.page
    open_own_guide(site, "officer", "单位干部专员使用指南")
    publish_draft()
    officer = User.objects.get(username="officer")
    colleague = (
        officer.org_unit.cadres.filter(user__isnull=True, birth_date__year__range=(1990, 1999))
        .order_by("pk")
        .first()
    )
    open_program_card(page, DRAFT)
    page.get_by_test_id("recommend").click()
    page.get_by_label("查找本单位及下属单位的干部", exact=True).fill(colleague.name)
    page.get_by_test_id("candidates").get_by_role("link").filter(
        has_text=colleague.name
    ).first.click()
    page.get_by_label("数字经济", exact=True).check()
    page.get_by_label("推荐理由", exact=True).fill("该同志熟悉产业政策，推荐参加训练营。")
    page.get_by_role("button", name=f"推荐 {colleague.name} 报名").click()
    expect(page.get_by_role("alert")).to_contain_text(f"已推荐 {colleague.name} 报名")


def test_cadre_guide(site):
    page = site.page
    open_own_guide(site, "cadre", "干部使用指南")
    publish_draft()
    nav(page, "首页")
    expect(page.locator("h1")).to_contain_text(User.objects.get(username="cadre").cadre.name)
    open_program_card(page, DRAFT)
    expect(page.get_by_test_id("my-eligibility")).to_contain_text("我的报名资格")
    expect(
        page.get_by_test_id("eligibility").locator('[data-rule="birth_date"]')
    ).to_have_attribute("data-ok", "true")
    page.get_by_test_id("apply").click()
    page.get_by_label("数字经济", exact=True).check()
    page.get_by_label("报名陈述", exact=True).fill("希望到产业一线锻炼。")
    page.get_by_role("button", name="提交报名").click()
    expect(page).to_have_url(site.url("/selection/my/applications/"))
    mine = page.get_by_test_id("application").filter(has_text=DRAFT)
    expect(mine.get_by_test_id("status")).to_have_text("已报名")
    # 我的培养 is the one entry of a cadre's own pages: 我的导师 opens from it, and the
    # navigation keeps 我的培养 marked there.
    nav(page, "我的培养")
    expect(page.get_by_test_id("my-pages")).to_contain_text("我的实践锻炼")
    page.get_by_test_id("my-page-my_mentoring").click()
    expect(page).to_have_url(site.url("/cultivation/my/mentoring/"))
    expect(page.get_by_test_id("nav-my-cultivation")).to_have_class(re.compile(r"\bactive\b"))
    site.screenshot("my-mentors")


def test_mentor_guide(site):
    page = site.page
    open_own_guide(site, "mentor", "导师使用指南")
    nav(page, "首页")
    expect(page.get_by_role("heading", name="我的待办")).to_be_visible()
    # 确认和记录帮带: the cadre's log waits for the mentor.
    nav(page, "我的学员")
    # (The quiet-pair flag itself is proven in test_cultivation_mentoring, on its own data:
    # here earlier walk-throughs of the shared demo may already have logged with a pair.)
    expect(page.get_by_test_id("mentee").first).to_be_visible()
    waiting = page.get_by_test_id("to-confirm").filter(has_text="梳理商贸企业诉求清单")
    waiting.get_by_test_id("confirm-log").click()
    expect(page.get_by_text("已确认这条帮带记录。")).to_be_visible()
    page.get_by_test_id("mentee").first.get_by_test_id("log-new").click()
    page.get_by_label("时长（分钟）").fill("60")
    page.get_by_label("方式").select_option(label="谈心谈话")
    page.get_by_label("主题").fill("年底工作谈心")
    page.get_by_test_id("log-save").click()
    expect(page.get_by_test_id("confirm-state")).to_contain_text("待对方确认")
    site.screenshot("mentoring")
    open_program_card(page, "火星计划训练营（2026）")
    expect(page.get_by_role("heading", name="火星计划训练营（2026）")).to_be_visible()
    expect(page.get_by_test_id("stages")).to_contain_text("入营选拔")


def test_rater_guide(site):
    page = site.page
    page.on("dialog", lambda dialog: dialog.accept())
    open_own_guide(site, "rater", "评委使用指南")
    nav(page, "评分任务")
    group = page.get_by_test_id("stage-group").filter(has_text="经济型专业干部成长营（2026）")
    progress = group.get_by_test_id("progress")
    done, total = map(int, re.findall(r"\d+", progress.inner_text()))
    task = group.get_by_test_id("task").filter(has_not_text="已提交").first
    code = task.locator(".qm-code").inner_text().strip()
    task.click()
    for label, value in (("经济思维", "30"), ("产业理解", "24"), ("实干作风", "22")):
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_test_id("save").click()
    expect(page.get_by_role("alert")).to_contain_text("草稿已保存。")
    page.get_by_test_id("submit").click()
    expect(page.get_by_role("alert")).to_contain_text(f"已提交 {code} 的评分。")
    page.get_by_role("link", name="← 评分任务").click()
    expect(progress).to_have_text(f"已提交 {done + 1} / {total}")


def test_leader_guide(site):
    page = site.page
    open_own_guide(site, "leader", "领导使用指南")
    nav(page, "培养项目")
    page.get_by_role("link", name="火星计划训练营（2026）", exact=True).click()
    page.get_by_role("link", name="选拔漏斗").click()
    site.wait_for_charts()
    expect(page.get_by_test_id("funnel-table")).to_contain_text("入营选拔（晋级）")


def test_system_admin_guide(site):
    page = site.page
    open_own_guide(site, "sysadmin", "系统管理员使用指南")
    nav(page, "单位树")
    expect(page.locator("body")).to_contain_text("中共青禾区委组织部")
    expect(page.locator("body")).to_contain_text("区商务局")


def test_security_admin_guide(site):
    page = site.page
    open_own_guide(site, "secadmin", "安全管理员使用指南")
    nav(page, "用户与角色")
    row = page.locator('[data-testid="user-row"][data-username="officer"]')
    expect(row).to_contain_text("单位干部专员")
    row.get_by_role("link", name="修改").click()
    expect(page.locator("body")).to_contain_text("区商务局")


def test_audit_admin_guide(site):
    page = site.page
    open_own_guide(site, "auditor", "安全审计员使用指南")
    nav(page, "审计日志")
    expect(page.get_by_text("seed_demo").first).to_be_visible()


def test_inspector_guide(site):
    """On the demo: 我的考察任务 → November's round → the first cadre left → six scores and the
    ledger → saved, the next cadre opens, one fewer left."""
    page = site.page
    open_own_guide(site, "inspector", "考察组使用指南")
    nav(page, "我的考察任务")
    page.get_by_test_id("inspect-round").filter(has_text="11月一线干部考察").click()
    left = page.get_by_test_id("left-count")
    before = int(re.findall(r"\d+", left.inner_text())[0])
    page.get_by_test_id("to-score").first.click()
    expect(page.get_by_test_id("evidence-figures")).to_be_visible()
    dims = page.get_by_test_id("dimension")
    expect(dims).to_have_count(6)
    for i, value in enumerate(("9", "8.5", "8", "9", "8", "9.5")):
        dims.nth(i).locator("input[type=number]").fill(value)
    page.locator("#id_ledger_score").fill("8.5")
    page.locator("#id_task_note").fill("项目节点按期完成，企业评价良好。")
    site.screenshot("scoring")
    page.get_by_test_id("save-score").click()
    expect(page.get_by_role("alert")).to_contain_text("的评分")
    page.get_by_role("link", name="← 11月一线干部考察").click()
    expect(left).to_contain_text(f"还有 {before - 1} 人未评")
