"""Care in the browser: a care follow-up falls past its due date, the daily reminder tells its
owner (the bell), who finds it flagged in the ledger, reads the notes with a reason and records
the outcome; the organization department records a case from the cadre's record (refused
without a due date first) and reads the ledger's counts."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from qingmiao.accounts.models import AuditEntry
from qingmiao.supervision.models import CareCase
from qingmiao.supervision.services import care as services
from qingmiao.supervision.tests.factories_care import open_case

pytestmark = pytest.mark.browser


def test_care_follow_up_becomes_overdue(site, people):
    today = timezone.localdate()
    case = open_case(
        people.org_admin,
        people.cadre_a,
        owner=people.officer_a,
        opened_on=today - timedelta(days=30),
        due_on=today + timedelta(days=3),
    )
    site.sign_in_as(people.officer_a)
    site.goto("/supervision/care/")
    due = site.page.get_by_test_id("care-due")
    expect(due).to_contain_text("我负责的关爱跟进")
    expect(due).to_contain_text("张伟 · 解决两地分居")
    expect(site.page.get_by_test_id("overdue")).to_have_count(0)
    site.screenshot("due")

    # Three days pass: the step falls due yesterday; the nightly reminder runs.
    case.follow_ups.update(due_on=today - timedelta(days=1))
    CareCase.objects.filter(pk=case.pk).update(next_due=today - timedelta(days=1))
    call_command("supervision_care_reminders")
    site.goto("/")
    bell = site.page.get_by_test_id("notification-bell")
    expect(bell.get_by_test_id("unread-count")).to_have_text("2")  # assigned + overdue
    bell.click()
    item = site.page.get_by_test_id("notification").first
    expect(item).to_contain_text("您负责的 1 项关爱跟进事项已超过跟进期限，请及时跟进。")
    site.screenshot("bell")
    item.get_by_test_id("notification-link").click()
    expect(site.page).to_have_url(site.url("/supervision/care/?mine=1&overdue=1"))
    rows = site.page.get_by_test_id("care-row")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_test_id("overdue")).to_have_text("已逾期")
    site.screenshot("ledger-overdue")

    rows.first.get_by_role("link", name="配偶在兰州工作，协调调动").click()
    notes = site.page.get_by_test_id("case-notes")
    expect(notes).to_contain_text("情况说明和跟进情况已隐藏。")
    site.page.get_by_test_id("unmask").click()
    expect(site.page.locator("[data-field=reason]")).to_have_text("请写明查看详细情况的理由。")
    site.page.get_by_label("查看理由").fill("研究调动方案")
    site.page.get_by_test_id("unmask").click()
    expect(notes).to_contain_text("配偶在兰州市某医院工作")
    assert AuditEntry.objects.filter(action="supervision.care.unmasked").count() == 1
    site.screenshot("unmasked")

    form = site.page.get_by_test_id("outcome-form")
    form.get_by_label("跟进结果").select_option("solved")
    form.get_by_label("跟进情况").fill("配偶已调入新区人民医院")
    form.get_by_test_id("record-outcome").click()
    expect(site.page.get_by_test_id("case-status")).to_have_text("已解决")
    expect(site.page.get_by_test_id("overdue")).to_have_count(0)
    site.screenshot("solved")


def test_org_admin_records_a_case_and_reads_the_ledger(site, people):
    for cadre, kind, summary in [
        (people.cadre_a2, "talk", "入职谈心谈话"),
        (people.cadre_b, "housing", "协调周转住房"),
        (people.cadre_b, "separation", "夫妻两地分居，协调配偶调动"),
    ]:
        case = open_case(people.org_admin, cadre, kind=kind, summary=summary)
        if kind != "talk":
            services.care_follow_up_record(
                actor=people.org_admin,
                follow_up=case.follow_ups.get(),
                data={"outcome": "solved", "result": "已落实"},
            )
    site.sign_in_as(people.org_admin)
    site.goto(f"/cadres/{people.cadre_a.pk}/")
    site.page.get_by_test_id("panel-tab-care").click()
    panel = site.page.get_by_test_id("panel-care")
    expect(panel).to_contain_text("暂无关爱措施。")
    expect(panel).to_have_class(re.compile(r"\bshow\b"))
    site.page.wait_for_timeout(300)  # the tab's fade
    site.screenshot("record-tab")
    site.page.get_by_test_id("care-new").click()
    form = site.page.get_by_test_id("case-form")
    form.get_by_label("关爱措施").select_option("counseling")
    form.get_by_label("事项").fill("驻村期间情绪低落，安排心理疏导")
    form.get_by_label("情况说明").fill("连续驻村八个月，与家人联系较少。")
    form.get_by_label("第一步跟进内容").fill("联系心理咨询师开展一对一疏导")
    site.page.get_by_test_id("save").click()
    expect(site.page.locator("[data-field=due_on]")).to_have_text("请填写跟进期限。")
    site.screenshot("refused")
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    site.page.get_by_test_id("case-form").get_by_label("跟进期限").fill(due)
    site.page.get_by_test_id("save").click()
    expect(site.page.get_by_test_id("case-summary")).to_have_text("驻村期间情绪低落，安排心理疏导")
    site.screenshot("case")

    site.page.get_by_role("link", name="关爱台账").first.click()
    expect(site.page.get_by_test_id("count-separation-solved")).to_have_text("1")
    expect(site.page.get_by_test_id("count-all-ongoing")).to_have_text("2")
    site.screenshot("ledger")
    site.page.get_by_test_id("count-all-ongoing").click()
    expect(site.page.get_by_test_id("care-row")).to_have_count(2)
