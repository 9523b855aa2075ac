"""Mentoring in the browser: a mentor logs a session on a phone and the mentee confirms it on
theirs; staff run the matching suggestion, adjust a pair and confirm it.

Personas of conftest.py: the `mentor` persona, 张伟 (the cadre persona, 区商务局), 李娜 (综合科
under 区商务局), 王强 (区财政局).
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qingmiao.accounts.roles import Role
from qingmiao.accounts.tests.factories import UserFactory
from qingmiao.cultivation.models import MentoringLog, MentorPair
from qingmiao.cultivation.tests.factories_mentoring import make_mentor, make_pair, make_program

from .conftest import SCREENSHOTS, Site
from .test_selection import PHONE, _Phone, assert_fits_the_phone

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser, live_server, live_db, request):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    current = Site(_Phone(browser), live_server.url, request.node.name)
    try:
        yield current
        current.screenshot()
        current.assert_healthy()
    finally:
        current.close()


def test_mentor_logs_a_session_on_a_phone_and_the_mentee_confirms(phone, people):
    people.mentor.full_name = "孙导师"
    people.mentor.save()
    program = make_program(people.tree.root, name="干部素质提升年", cadres=[people.cadre_a])
    make_mentor(people.mentor, unit=people.tree.unit_b)
    pair = make_pair(program, people.mentor, people.cadre_a, started_on=datetime.date(2026, 9, 1))
    page = phone.page
    today = timezone.localdate()

    phone.sign_in_as(people.mentor)
    phone.goto("/cultivation/my/mentees/")
    mentee = page.get_by_test_id("mentee")
    expect(mentee).to_contain_text("张伟")
    expect(mentee.get_by_test_id("quiet-flag")).to_be_visible()  # no session since 9 月 1 日
    assert_fits_the_phone(page)
    phone.screenshot("my-mentees")

    mentee.get_by_test_id("log-new").click()
    page.get_by_label("时长（分钟）").fill("90")
    page.get_by_label("方式").select_option(label="现场指导")
    page.get_by_label("主题").fill("重点企业走访现场指导")
    page.get_by_label("内容").fill("一起走访两家商贸企业，示范如何梳理企业诉求。")
    rows = page.get_by_test_id("follow-up-row")
    rows.nth(0).get_by_label("跟进事项").fill("整理企业诉求清单")
    # A due date before the session is refused on the field, and nothing is saved.
    rows.nth(0).get_by_label("完成期限").fill((today - datetime.timedelta(days=3)).isoformat())
    page.get_by_test_id("log-save").click()
    expect(page.get_by_text("完成期限不能早于帮带日期。")).to_be_visible()
    assert MentoringLog.objects.count() == 0
    assert_fits_the_phone(page)
    phone.screenshot("refused")
    page.get_by_test_id("follow-up-row").nth(0).get_by_label("完成期限").fill(
        (today + datetime.timedelta(days=7)).isoformat()
    )
    page.get_by_test_id("log-save").click()
    expect(page.get_by_test_id("confirm-state")).to_contain_text("待对方确认")
    expect(page.get_by_test_id("follow-up")).to_contain_text("整理企业诉求清单")
    phone.screenshot("saved")

    # The mentee, on their phone: the log waits for them; they confirm it.
    phone.context.clear_cookies()
    phone.sign_in_as(people.cadre_user)
    phone.goto("/cultivation/my/mentoring/")
    waiting = page.get_by_test_id("to-confirm")
    expect(waiting).to_contain_text("重点企业走访现场指导")
    expect(page.get_by_test_id("mentor")).to_contain_text("孙导师")
    assert_fits_the_phone(page)
    phone.screenshot("mentee")
    waiting.get_by_test_id("confirm-log").click()
    expect(page.get_by_text("已确认这条帮带记录。")).to_be_visible()
    expect(page.get_by_test_id("to-confirm")).to_have_count(0)
    expect(page.get_by_test_id("my-log").first).to_contain_text("已确认")
    pair.refresh_from_db()
    assert pair.last_log_on == today
    assert page.viewport_size == PHONE


def test_staff_run_adjust_and_confirm_a_matching(site, people):
    program = make_program(
        people.tree.root,
        name="新苗培优计划",
        cadres=[people.cadre_a, people.cadre_a2, people.cadre_b],
    )
    people.cadre_a.expertise = "招商引资"
    people.cadre_a.save()
    make_mentor(username="qld", full_name="刘区长", unit=people.tree.root, capacity=3,
                specialties="招商引资 党建")  # fmt: skip
    make_mentor(username="sj", full_name="陈局长", unit=people.tree.unit_b, capacity=2,
                specialties="财政")  # fmt: skip
    make_mentor(username="kz", full_name="赵科长", unit=people.tree.unit_a, capacity=2,
                specialties="商务")  # fmt: skip
    busy = UserFactory(username="busy", role=Role.MENTOR, full_name="吴满员")
    make_mentor(busy, capacity=1)
    other = make_program(people.tree.root, name="其他项目", cadres=[])
    make_pair(other, busy, people.cadre_b)
    page = site.page

    site.sign_in_as(people.org_admin)
    site.goto("/cultivation/mentoring/")
    page.get_by_test_id("program-link").filter(has_text="导师设置与匹配").first.click()
    expect(page.get_by_test_id("role-row")).to_have_count(2)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("run-matching").click()
    expect(page.get_by_text("已生成匹配方案，请审核后确认。")).to_be_visible()
    rows = page.get_by_test_id("pair-row")
    expect(rows.first).to_be_visible()
    pairs = MentorPair.objects.filter(status="proposed", program=program)
    proposed = pairs.count()
    assert proposed == 6  # three mentees, two roles
    expect(page.get_by_test_id("result-count")).to_contain_text(f"共 {proposed} 个结对")
    expect(page.get_by_test_id("loads")).to_contain_text("刘区长")
    # 赵科长 leads 区商务局: never proposed to 张伟 or 李娜.
    assert not pairs.filter(mentor__username="kz", mentee__in=[people.cadre_a, people.cadre_a2])
    expect(rows.filter(has_text="张伟").first.get_by_test_id("reason")).to_contain_text("负荷")
    site.screenshot("proposal")

    # Adjust one pair: the full mentor is refused with the numbers, a newly registered one
    # accepted.
    make_mentor(UserFactory(username="spare", role=Role.MENTOR, full_name="周主任"), capacity=1)
    rows.filter(has_text="王强").first.get_by_test_id("reassign-link").click()
    page.get_by_label("改为导师").select_option(label="吴满员（1/1）")
    page.get_by_test_id("reassign-save").click()
    expect(page.get_by_text("导师 吴满员 已满员（1/1）。")).to_be_visible()
    site.screenshot("full")
    page.get_by_label("改为导师").select_option(label="周主任（0/1）")
    page.get_by_test_id("reassign-save").click()
    expect(page.get_by_text("已调整导师。")).to_be_visible()
    expect(page.get_by_test_id("pair-row").filter(has_text="周主任")).to_have_count(1)

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("confirm-run").click()
    expect(page.get_by_test_id("run-confirmed")).to_be_visible()
    assert MentorPair.objects.filter(program=program, status="active").count() == proposed
    assert not MentorPair.objects.filter(program=program, status="proposed").exists()
    site.screenshot()
