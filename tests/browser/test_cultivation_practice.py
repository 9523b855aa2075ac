"""Practice in the browser: a host contact evaluates an assignee on a phone, and a cadre
reports on their assignment on a phone.

The personas are those of conftest.py: 张伟 (cadre_user's record, 区商务局) is hosted by the
`host` contact, his assignment ends in ten days; 王强 is hosted by another host.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qingmiao.cultivation.models import HostEvaluation, PracticeReport
from qingmiao.cultivation.tests.factories_practice import assignment, host_user

from .conftest import SCREENSHOTS, Site

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SCROLL_WIDTH = "() => document.documentElement.scrollWidth"


class _Phone:
    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **options):
        return self._browser.new_context(
            **{**options, "viewport": PHONE, "is_mobile": True, "has_touch": True}
        )


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


def _fits(page) -> None:
    assert page.evaluate(SCROLL_WIDTH) <= PHONE["width"], "the page scrolls sideways"


@pytest.fixture
def hosted(people):
    today = timezone.localdate()
    ours = assignment(
        people.cadre_a, host_contact=people.host, host_name="随州曾都智能装备产业园",
        post="项目服务专员", kind="frontline_project", goals="推动 3 个重点项目开工。",
        start_date=today - timedelta(days=270), end_date=today + timedelta(days=10),
    )  # fmt: skip
    PracticeReport.objects.create(
        assignment=ours, period=f"{today - timedelta(days=35):%Y-%m}", content="协调项目用地 2 宗。"
    )
    theirs = assignment(people.cadre_b, host_contact=host_user(), host_name="另一家企业")
    return ours, theirs


def test_host_evaluates_an_assignee_on_a_phone(phone, people, hosted):
    ours, theirs = hosted
    page = phone.page
    page.on("dialog", lambda dialog: dialog.accept())
    phone.sign_in_as(people.host)
    phone.goto("/cultivation/my/hosted/")
    expect(page.get_by_role("heading", name="我的挂职人员")).to_be_visible()
    cards = page.get_by_test_id("assignee")
    expect(cards).to_have_count(1)  # only their own: not 王强
    expect(cards.first).to_contain_text("张伟")
    expect(page.get_by_test_id("awaiting")).to_contain_text("有 1 名挂职人员等待您的评价")
    _fits(page)
    phone.screenshot("assignees")

    cards.first.get_by_test_id("evaluate").tap()
    expect(page.get_by_role("heading", name="张伟")).to_be_visible()
    expect(page.get_by_text("协调项目用地 2 宗。")).to_be_visible()
    # Submitting without a grade: refused beside the field, nothing saved.
    page.get_by_test_id("submit-evaluation").tap()
    expect(page.locator('[data-field="grade"]')).to_be_visible()
    assert not HostEvaluation.objects.exists()
    page.get_by_text("优秀", exact=True).tap()
    page.get_by_label("主要表现").fill("统筹协调能力强，推动项目提前两个月开工。")
    page.get_by_label("不足与建议").fill("加强政策学习。")
    _fits(page)
    phone.screenshot("form")
    page.get_by_test_id("submit-evaluation").tap()
    expect(page.get_by_role("alert")).to_contain_text("已提交对张伟的评价。")
    expect(page.get_by_test_id("assignee").first).to_contain_text("已评价")
    evaluation = HostEvaluation.objects.get()
    assert (evaluation.assignment, evaluation.grade, evaluation.evaluator) == (
        ours, "excellent", people.host,
    )  # fmt: skip
    # Another host's assignee is not found.
    response = phone.goto(f"/cultivation/my/hosted/{theirs.pk}/evaluate/")
    assert response.status == 404
    phone.goto("/cultivation/my/hosted/")


def test_cadre_reports_on_a_phone(phone, people, hosted):
    ours, _ = hosted
    page = phone.page
    phone.sign_in_as(people.cadre_user)
    phone.goto("/cultivation/my/practice/")
    card = page.get_by_test_id("assignment")
    expect(card).to_contain_text("随州曾都智能装备产业园")
    page.get_by_label("工作情况").fill("本月走访企业 8 家，协调解决用电问题 1 个。")
    page.get_by_test_id("submit-report").tap()
    expect(page.get_by_role("alert")).to_contain_text("锻炼报告")
    expect(page.get_by_test_id("my-reports")).to_contain_text("本月走访企业 8 家")
    assert PracticeReport.objects.filter(assignment=ours).count() == 2
    _fits(page)
