"""Withdrawing a team invitation and handing the team's leadership over: who may, what is
refused (in plain Chinese, nothing changed), the audit and the notices."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qingmiao.accounts.models import AuditEntry
from qingmiao.core.models.notifications import Notification

from ..notifications_teams import INVITED, LEADER
from ..services import teams as services
from .test_teams_services import camp  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(people, camp):  # noqa: F811
    program, (c1, _c2, _c3) = camp
    team = services.team_create(actor=people.cadre_user, program=program, name="第一组")
    invitation = services.invitation_create(actor=people.cadre_user, team=team, cadre=c1)
    services.invitation_accept(actor=c1.user, invitation=invitation)
    return team


def test_the_inviter_withdraws_and_the_invitees_notice_becomes_void(people, camp, team):  # noqa: F811
    _program, (_c1, c2, _c3) = camp
    invitation = services.invitation_create(actor=people.cadre_user, team=team, cadre=c2)
    notice = Notification.objects.get(recipient=c2.user, event=INVITED)
    assert notice.read_at is None and notice.link
    services.invitation_withdraw(actor=people.cadre_user, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.status == "withdrawn" and invitation.answered_at is not None
    notice.refresh_from_db()
    assert notice.text.endswith("（邀请已撤回）")
    assert notice.link == "" and notice.read_at is not None
    entry = AuditEntry.objects.get(action="cultivation.team_invitation.withdrawn")
    assert entry.actor == people.cadre_user
    # Answering it afterwards is refused in words; the team is unchanged.
    with pytest.raises(ValidationError) as exc:
        services.invitation_accept(actor=c2.user, invitation=invitation)
    assert exc.value.messages == ["这份邀请已撤回，不能再回复。"]
    assert team.members.count() == 2
    # … and so is withdrawing it twice.
    with pytest.raises(ValidationError) as exc:
        services.invitation_withdraw(actor=people.cadre_user, invitation=invitation)
    assert exc.value.messages == ["这份邀请已撤回，不能撤回。"]


def test_only_the_inviter_or_staff_withdraw(people, camp, team):  # noqa: F811
    _program, (c1, c2, _c3) = camp
    invitation = services.invitation_create(actor=people.cadre_user, team=team, cadre=c2)
    for other in (c1.user, c2.user, people.officer_a, people.mentor):
        with pytest.raises(PermissionDenied):
            services.invitation_withdraw(actor=other, invitation=invitation)
    services.invitation_withdraw(actor=people.org_admin, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.status == "withdrawn"


def test_the_leader_hands_over_to_a_member(people, camp, team):  # noqa: F811
    _program, (c1, _c2, _c3) = camp
    services.team_leader_hand_over(actor=people.cadre_user, team=team, cadre=c1)
    team.refresh_from_db()
    assert team.leader == c1
    entry = AuditEntry.objects.get(action="cultivation.team.leader_changed")
    assert entry.changes == {"leader": {"before": "张伟", "after": "赵一"}}
    # both the new leader and the former one hear of it
    notices = Notification.objects.filter(event=LEADER)
    assert {n.recipient for n in notices} == {c1.user, people.cadre_user}
    assert notices.first().text == "“第一组”的组长由张伟移交给赵一。"
    # The former leader is no longer the one who may hand it on.
    with pytest.raises(PermissionDenied):
        services.team_leader_hand_over(actor=people.cadre_user, team=team, cadre=people.cadre_a)


def test_hand_over_refusals(people, camp, team):  # noqa: F811
    _program, (c1, c2, _c3) = camp
    with pytest.raises(ValidationError) as exc:
        services.team_leader_hand_over(actor=people.cadre_user, team=team, cadre=c2)
    assert exc.value.message_dict == {"cadre": ["钱二不在本组。"]}
    with pytest.raises(ValidationError) as exc:
        services.team_leader_hand_over(actor=people.cadre_user, team=team, cadre=people.cadre_a)
    assert exc.value.message_dict == {"cadre": ["张伟已经是组长。"]}
    with pytest.raises(PermissionDenied):  # a member who is not the leader
        services.team_leader_hand_over(actor=c1.user, team=team, cadre=c1)
    team.refresh_from_db()
    assert team.leader == people.cadre_a
    assert not AuditEntry.objects.filter(action="cultivation.team.leader_changed").exists()
    # staff who manage the program may do it for the team
    services.team_leader_hand_over(actor=people.org_admin, team=team, cadre=c1)
    team.refresh_from_db()
    assert team.leader == c1


def test_the_phone_page_withdraws_and_hands_over(people, camp, team, login):  # noqa: F811
    from django.urls import reverse

    _program, (c1, c2, _c3) = camp
    invitation = services.invitation_create(actor=people.cadre_user, team=team, cadre=c2)
    client = login(people.cadre_user)
    html = client.get(reverse("cultivation:my_team")).content.decode()
    assert 'data-testid="withdraw"' in html and 'data-testid="hand-over"' in html
    # the invitee cannot withdraw it: refused in words, nothing changed
    response = login(c2.user).post(
        reverse("cultivation:my_invitation_withdraw", args=[invitation.pk]), follow=True
    )
    assert response.status_code == 403
    client = login(people.cadre_user)  # one test client, signed in again
    response = client.post(
        reverse("cultivation:my_invitation_withdraw", args=[invitation.pk]), follow=True
    )
    assert "已撤回对钱二的邀请。" in response.content.decode()
    url = reverse("cultivation:my_team_leader", args=[team.pk])
    response = client.post(url, {"cadre": "abc"}, follow=True)
    assert "请选择接任组长的组员。" in response.content.decode()
    response = client.post(url, {"cadre": c1.pk}, follow=True)
    assert "已将组长移交给赵一。" in response.content.decode()
    team.refresh_from_db()
    assert team.leader == c1
    # Another cadre's team, or one that does not exist: 404.
    client = login(people.cadre_user)
    assert client.post(reverse("cultivation:my_team_leader", args=[99999])).status_code == 404
    assert login(c2.user).post(url, {"cadre": c2.pk}).status_code == 404
    assert login(people.org_admin).post(url, {"cadre": c1.pk}).status_code == 403


def test_staff_withdraw_on_the_team_page(people, camp, team, login):  # noqa: F811
    from django.urls import reverse

    _program, (_c1, c2, _c3) = camp
    invitation = services.invitation_create(actor=people.cadre_user, team=team, cadre=c2)
    client = login(people.org_admin)
    page = client.get(reverse("cultivation:team_detail", args=[team.pk])).content.decode()
    assert 'data-testid="withdraw"' in page
    url = reverse("cultivation:team_change", args=[team.pk])
    response = client.post(url, {"action": "withdraw", "invitation": "x"}, follow=True)
    assert "请选择要撤回的邀请。" in response.content.decode()
    client.post(url, {"action": "withdraw", "invitation": invitation.pk})
    invitation.refresh_from_db()
    assert invitation.status == "withdrawn"
    assert login(people.officer_a).post(url, {"action": "withdraw"}).status_code in (403, 404)
