"""Teams in the browser: two cadres form a team by invitation on their phones — 张伟 founds it
and invites 赵一, who accepts on his own phone — and staff read the team list with its size
state."""

import pytest
from playwright.sync_api import expect

from qingmiao.cultivation.models import Team, TeamInvitation, TeamMember
from qingmiao.cultivation.tests.factories_teams import cadre_with_account, program_with, sizes

from .conftest import SCREENSHOTS, Site
from .test_cultivation_practice import PHONE, SCROLL_WIDTH, _Phone

pytestmark = pytest.mark.browser


@pytest.fixture
def phones(browser, live_server, live_db, request):
    """Two phones: the inviter's and the invitee's."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    made = []

    def make(suffix):
        current = Site(_Phone(browser), live_server.url, f"{request.node.name}-{suffix}")
        made.append(current)
        return current

    try:
        yield make
        for current in made:
            current.screenshot()
            current.assert_healthy()
    finally:
        for current in made:
            current.close()


def _fits(page) -> None:
    assert page.evaluate(SCROLL_WIDTH) <= PHONE["width"], "the page scrolls sideways"


def test_cadres_form_a_team_by_invitation_on_phones(phones, people, tree, site):
    zhao = cadre_with_account(tree.unit_a, "zhaoyi", "赵一")
    qian = cadre_with_account(tree.unit_b, "qianer", "钱二")
    program = program_with(tree.root, [people.cadre_a, zhao, qian], name="火星计划训练营")
    sizes(program, 3, 3)

    inviter = phones("inviter")
    page = inviter.page
    inviter.sign_in_as(people.cadre_user)
    inviter.goto("/cultivation/my/")
    own = page.get_by_test_id("my-page-my_team")
    expect(own).to_contain_text("尚未加入调研组")
    own.tap()
    expect(page.get_by_role("heading", name="我的调研组")).to_be_visible()
    found = page.get_by_test_id("found-team")
    expect(found).to_contain_text("在“火星计划训练营”中组队")
    found.get_by_label("组名").fill("星火组")
    found.get_by_label("调研课题").fill("低空经济应用场景")
    found.get_by_test_id("create-team").tap()
    expect(page.get_by_role("alert")).to_contain_text("已成立“星火组”，您是组长。")
    team = page.get_by_test_id("team")
    expect(team.get_by_test_id("team-size")).to_have_text("1/3 人")
    team.get_by_label("邀请学员").select_option(label="赵一（区商务局）")
    team.get_by_test_id("invite").tap()
    expect(page.get_by_role("alert")).to_contain_text("已向赵一发出邀请。")
    expect(page.get_by_test_id("team")).to_contain_text("等待回复：赵一")
    _fits(page)
    inviter.screenshot("invited")

    invitee = phones("invitee")
    other = invitee.page
    invitee.sign_in_as(zhao.user)
    invitee.goto("/cultivation/my/team/")
    card = other.get_by_test_id("invitation")
    expect(card).to_contain_text("张伟邀请您加入“星火组”")
    expect(card).to_contain_text("低空经济应用场景")
    _fits(other)
    invitee.screenshot("invitation")
    card.get_by_test_id("accept").tap()
    expect(other.get_by_role("alert")).to_contain_text("已加入“星火组”。")
    members = other.get_by_test_id("team-members")
    expect(members).to_contain_text("张伟")
    expect(members).to_contain_text("赵一")
    expect(other.get_by_test_id("team-size")).to_have_text("2/3 人")

    made = Team.objects.get(name="星火组")
    assert set(TeamMember.objects.filter(team=made).values_list("cadre__name", flat=True)) == {
        "张伟", "赵一",
    }  # fmt: skip
    assert TeamInvitation.objects.get().status == "accepted"

    # The inviter sees the new member, invites 钱二 and thinks better of it: the invitation is
    # withdrawn; then hands the leadership to 赵一.
    inviter.goto("/cultivation/my/team/")
    expect(page.get_by_test_id("team-members")).to_contain_text("赵一")
    page.get_by_test_id("team").get_by_label("邀请学员").select_option(label="钱二（区财政局）")
    page.get_by_test_id("invite").tap()
    expect(page.get_by_test_id("withdraw-form")).to_contain_text("对钱二的邀请尚未回复")
    page.get_by_test_id("withdraw").tap()
    expect(page.get_by_role("alert")).to_contain_text("已撤回对钱二的邀请。")
    assert TeamInvitation.objects.get(cadre=qian).status == "withdrawn"
    page.get_by_label("移交组长给").select_option(label="赵一")
    page.get_by_test_id("hand-over").tap()
    expect(page.get_by_role("alert")).to_contain_text("已将组长移交给赵一。")
    expect(page.get_by_test_id("leader-form")).to_have_count(0)
    _fits(page)
    inviter.screenshot("handed-over")
    site.sign_in_as(people.org_admin)
    site.goto(f"/cultivation/teams/?program={program.pk}")
    row = site.page.get_by_test_id("team-row")
    expect(row).to_contain_text("星火组")
    expect(row.get_by_test_id("size-state")).to_have_text("未满员")
