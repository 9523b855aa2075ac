"""Attendance in the browser: a cadre signs in on a phone by typing the code the room's screen
shows; staff take a roster; the advancement page shows who is short of the stage's hours.

Personas are those of conftest.py: 张伟 (cadre_user's record, 区商务局), 李娜 (综合科 under
区商务局), 王强 (区财政局)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qingmiao.cultivation.models import Attendance
from qingmiao.cultivation.services import attendance as cultivation
from qingmiao.cultivation.tests.factories_attendance import enrol, make_program, make_session
from qingmiao.selection.models import StageEntry
from qingmiao.selection.tests.factories import (
    make_raters,
    open_scoring,
    running_program,
    submit,
)

from .test_selection import assert_fits_the_phone, phone  # noqa: F401  (the phone fixture)

pytestmark = pytest.mark.browser


def test_cadre_signs_in_on_a_phone_with_the_code_on_the_screen(site, phone, people, tree):  # noqa: F811
    program = make_program(tree.root, name="火星计划训练营")
    enrol(program, people.cadre_a, people.cadre_a2)
    session = make_session(
        tree.root,
        program,
        starts_at=timezone.now() - timedelta(minutes=12, seconds=5),
        title="招商引资实务",
        place="区委党校报告厅",
    )

    # The room: the staff's screen shows the QR code and the six-digit code.
    site.sign_in_as(people.org_admin)
    site.goto(f"/cultivation/attendance/sessions/{session.pk}/screen/")
    expect(site.page.get_by_test_id("qr").locator("svg")).to_be_visible()
    code = site.page.get_by_test_id("signin-code").inner_text().strip()
    assert len(code) == 6 and code.isdigit()
    site.screenshot("screen")

    # The cadre, on a phone: 我的培养 → type the code → signed in, late by 12 minutes.
    page = phone.page
    phone.sign_in_as(people.cadre_user)
    phone.goto("/cultivation/my/")
    expect(page.get_by_role("heading", name="我的培养")).to_be_visible()
    today = page.get_by_test_id("section-today")
    expect(today.get_by_text("招商引资实务")).to_be_visible()
    assert_fits_the_phone(page)
    phone.screenshot("before")
    page.get_by_test_id("code-input").first.fill(code)
    page.get_by_test_id("sign-in").first.click()
    expect(page.get_by_text("签到成功：招商引资实务")).to_be_visible()
    expect(page.get_by_test_id("my-status")).to_have_text("迟到 12 分钟")
    assert_fits_the_phone(page)
    phone.screenshot("signed-in")
    a = Attendance.objects.get(session=session, cadre=people.cadre_a)
    assert (a.status, a.minutes_late, a.method) == ("late", 12, "code")

    # Twice: refused, in words, nothing added.
    page.get_by_test_id("code-input").first.fill(code)
    page.get_by_test_id("sign-in").first.click()
    expect(page.get_by_test_id("code-error")).to_have_text("您已签到，无须重复签到。")
    assert Attendance.objects.filter(session=session).count() == 1

    # The screen counts the sign-in on its next refresh.
    expect(site.page.get_by_test_id("signed-in")).to_have_text("已签到 1 人", timeout=8_000)


def test_staff_take_a_roster(site, people, tree):
    program = make_program(tree.root, name="火星计划训练营")
    enrol(program, people.cadre_a, people.cadre_a2, people.cadre_b)
    make_session(tree.root, program, hours="3", minutes=180, title="产业政策研读")
    page = site.page
    site.sign_in_as(people.org_admin)
    site.goto("/cultivation/attendance/")
    expect(page.get_by_test_id("sessions").get_by_text("产业政策研读")).to_be_visible()
    page.get_by_test_id("roster-link").first.click()
    expect(page.get_by_role("heading", name="产业政策研读")).to_be_visible()

    row = {
        c.name: page.locator(f'tr[data-cadre="{c.pk}"]')
        for c in (people.cadre_a, people.cadre_a2, people.cadre_b)
    }
    row["张伟"].get_by_test_id("status").select_option("present")
    row["李娜"].get_by_test_id("status").select_option("late")
    row["王强"].get_by_test_id("status").select_option("excused")
    page.get_by_test_id("save-roster").click()
    # Late without the minutes: refused, on the row, nothing saved.
    expect(row["李娜"].get_by_test_id("row-error")).to_have_text("迟到须填写迟到分钟数。")
    assert not Attendance.objects.exists()
    row["李娜"].get_by_label("迟到分钟 李娜").fill("40")
    page.get_by_test_id("save-roster").click()
    expect(page.get_by_text("点名已保存：新记录 3 人，修改 0 人。")).to_be_visible()
    # 140 of 180 minutes × 3 hours = 2.33 → 2 (the half hour below)
    expect(row["李娜"].locator("td").last).to_have_text("2")
    expect(row["张伟"].locator("td").last).to_have_text("3")
    expect(row["王强"].locator("td").last).to_have_text("0")
    expect(page.get_by_test_id("attended-count")).to_have_text("已出席 2 / 3 人")


def test_advancement_page_shows_who_is_short_of_hours(site, people, tree):
    admin = people.org_admin
    c1, c2, c3 = people.cadre_a, people.cadre_a2, people.cadre_b
    program = running_program(
        admin,
        [c1, c2, c3],
        name="火星计划训练营",
        stages=({"name": "通识培训", "rule": "top_n", "value": 2, "min_credit_hours": 6},),
    )
    stage = program.stages.get()
    rater = make_raters(1)[0]
    open_scoring(admin, stage, [rater], k=1)
    dim = stage.dimensions.get()
    for cadre, points in ((c1, 90), (c2, 80), (c3, 70)):
        submit(rater, StageEntry.objects.get(stage=stage, application__cadre=cadre), {dim: points})
    for title, hours in (("数字经济与产业变革", "4"), ("招商引资实务", "3")):
        s = make_session(tree.root, program, hours=hours, minutes=int(hours) * 60, title=title)
        cultivation.roster_save(
            actor=admin,
            session=s,
            rows=[
                {"cadre": c1.pk, "status": "absent" if hours == "4" else "present"},
                {"cadre": c2.pk, "status": "present"},
                {"cadre": c3.pk, "status": "present"},
            ],
        )
    page = site.page
    site.sign_in_as(admin)
    site.goto(f"/selection/stages/{stage.pk}/advancement/")
    expect(page.get_by_test_id("shortfall")).to_have_text("已修 3 学时，须达 6 学时，差 3 学时")
    expect(page.get_by_test_id("short-count")).to_contain_text("1 名考生未满足本关卡的晋级条件")
    expect(page.get_by_test_id("proposed-count")).to_have_text("2")
    # The first by marks is not ticked: the cut goes to the next two.
    expect(
        page.get_by_label(f"晋级 {StageEntry.objects.get(application__cadre=c1).code}")
    ).not_to_be_checked()
