"""Teams: founding, inviting, accepting and declining, staff forming and adjusting; every rule
refuses in plain Chinese and changes nothing; the roll-up against hand counts."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qingmiao.accounts.models import AuditEntry
from qingmiao.core.models.notifications import Notification

from ..models import Team, TeamInvitation, TeamMember, TeamTask
from ..selectors import teams as selectors
from ..services import teams as services
from .factories_teams import cadre_with_account, program_with, sizes, team_of


@pytest.fixture
def camp(people, tree):
    """火星计划 with cadre_a (the `cadre` login) and three more participants with accounts;
    cadre_b takes part in another program only."""
    others = [
        cadre_with_account(tree.unit_a, "c1", "赵一"),
        cadre_with_account(tree.unit_a, "c2", "钱二"),
        cadre_with_account(tree.unit_b, "c3", "孙三"),
    ]
    program = program_with(tree.root, [people.cadre_a, *others])
    sizes(program, 2, 3)
    program_with(tree.root, [people.cadre_b], name="成长营")
    return program, others


def test_found_invite_accept(people, camp):
    program, (c1, _c2, _c3) = camp
    team = services.team_create(
        actor=people.cadre_user, program=program, name="第一组", topic="营商环境"
    )
    assert team.leader == people.cadre_a and team.formation == Team.Formation.SELF
    assert list(team.members.values_list("cadre", flat=True)) == [people.cadre_a.pk]
    invitation = services.invitation_create(actor=people.cadre_user, team=team, cadre=c1)
    assert Notification.objects.filter(recipient=c1.user).count() == 1
    services.invitation_accept(actor=c1.user, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.status == "accepted" and invitation.answered_at is not None
    assert set(team.members.values_list("cadre", flat=True)) == {people.cadre_a.pk, c1.pk}
    assert Notification.objects.filter(recipient=people.cadre_user).count() == 1
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == [
        "cultivation.team.created",
        "cultivation.team_invitation.sent",
        "cultivation.team_invitation.accepted",
    ]


def test_decline(people, camp):
    program, (c1, _c2, _c3) = camp
    team = services.team_create(actor=people.cadre_user, program=program, name="第一组")
    invitation = services.invitation_create(actor=people.cadre_user, team=team, cadre=c1)
    services.invitation_decline(actor=c1.user, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.status == "declined"
    with pytest.raises(ValidationError) as exc:
        services.invitation_accept(actor=c1.user, invitation=invitation)
    assert exc.value.messages == ["这份邀请已谢绝，不能再回复。"]
    assert team.members.count() == 1


def test_only_the_invitee_answers(people, camp):
    program, (c1, c2, _c3) = camp
    team = services.team_create(actor=people.cadre_user, program=program, name="第一组")
    invitation = services.invitation_create(actor=people.cadre_user, team=team, cadre=c1)
    for other in (c2.user, people.cadre_user):
        with pytest.raises(PermissionDenied):
            services.invitation_accept(actor=other, invitation=invitation)


def test_invite_refusals(people, camp):
    program, (c1, c2, c3) = camp
    team = services.team_create(actor=people.cadre_user, program=program, name="第一组")
    services.invitation_create(actor=people.cadre_user, team=team, cadre=c1)

    def refused(cadre):
        with pytest.raises(ValidationError) as exc:
            services.invitation_create(actor=people.cadre_user, team=team, cadre=cadre)
        return exc.value.message_dict["cadre"][0]

    assert refused(c1) == "已经邀请过赵一，请等待对方回复。"
    assert refused(people.cadre_b) == "王强不是本项目的学员，不能邀请。"
    assert refused(people.cadre_a) == "不能邀请自己。"
    other = services.team_create(actor=c2.user, program=program, name="第二组")
    assert refused(c2) == "钱二已在“第二组”中，每人在一个项目中只能加入一个调研组。"
    # Only a member invites.
    with pytest.raises(PermissionDenied):
        services.invitation_create(actor=c3.user, team=other, cadre=c1)
    assert TeamInvitation.objects.count() == 1


def test_accepting_a_full_team_or_a_second_team_is_refused(people, camp):
    program, (c1, c2, c3) = camp
    sizes(program, 1, 2)
    team = services.team_create(actor=people.cadre_user, program=program, name="第一组")
    to_c1 = services.invitation_create(actor=people.cadre_user, team=team, cadre=c1)
    to_c2 = services.invitation_create(actor=people.cadre_user, team=team, cadre=c2)
    services.invitation_accept(actor=c1.user, invitation=to_c1)
    with pytest.raises(ValidationError) as exc:
        services.invitation_accept(actor=c2.user, invitation=to_c2)
    assert exc.value.messages == ["“第一组”已满员（每组最多 2 人）。"]
    assert team.members.count() == 2
    to_c2.refresh_from_db()
    assert to_c2.status == "pending"
    # Invited by two teams: accepting one declines the other; a member is never in two.
    second = services.team_create(actor=c3.user, program=program, name="第二组")
    third_inv = services.invitation_create(actor=c3.user, team=second, cadre=c2)
    services.invitation_accept(actor=c2.user, invitation=third_inv)
    to_c2.refresh_from_db()
    assert to_c2.status == "declined"
    assert TeamMember.objects.filter(program=program, cadre=c2).count() == 1
    # And a member cannot found a second team.
    with pytest.raises(ValidationError) as exc:
        services.team_create(actor=c2.user, program=program, name="第三组")
    assert "已在“第二组”中" in exc.value.messages[0]


def test_founding_needs_participation_and_self_formation(people, camp, tree):
    program, (c1, _c2, _c3) = camp
    with pytest.raises(ValidationError) as exc:
        services.team_create(actor=people.cadre_user, program=program, name=" ")
    assert exc.value.message_dict["name"] == ["请填写组名。"]
    growth = program_with(tree.root, [people.cadre_b], name="另一个项目")
    with pytest.raises(ValidationError) as exc:
        services.team_create(actor=people.cadre_user, program=growth, name="甲组")
    assert exc.value.messages == ["您不是这个培养项目的学员，不能在其中组队。"]
    sizes(program, 3, 3, self_formed=False)
    with pytest.raises(ValidationError) as exc:
        services.team_create(actor=c1.user, program=program, name="甲组")
    assert exc.value.messages == ["本项目由组织统一分组，学员不能自行组队。"]
    assert not Team.objects.exists()
    with pytest.raises(PermissionDenied):
        services.team_create(actor=people.org_admin, program=program, name="甲组")


def test_staff_form_and_adjust(people, camp):
    program, (c1, c2, c3) = camp
    team = services.team_form(
        actor=people.org_admin, program=program, name="一组", members=[c1, c2],
        mentors=[people.mentor], topic="产业链",
    )  # fmt: skip
    assert team.formation == Team.Formation.STAFF and team.leader == c1
    assert list(team.mentors.all()) == [people.mentor]
    with pytest.raises(ValidationError) as exc:
        services.team_form(actor=people.org_admin, program=program, name="二组", members=[c2, c3])
    assert exc.value.message_dict["members"] == [
        "钱二已在“一组”中，每人在一个项目中只能加入一个调研组。"
    ]
    with pytest.raises(ValidationError) as exc:
        services.team_form(
            actor=people.org_admin,
            program=program,
            name="二组",
            members=[c3],
            mentors=[people.host],
        )
    assert exc.value.message_dict["mentors"] == ["指导导师须为启用的导师账号。"]
    with pytest.raises(ValidationError) as exc:
        services.team_member_add(actor=people.org_admin, team=team, cadre=people.cadre_b)
    assert exc.value.message_dict["cadre"] == ["王强不是本项目的学员。"]
    services.team_member_add(actor=people.org_admin, team=team, cadre=c3)
    with pytest.raises(ValidationError) as exc:
        services.team_member_add(actor=people.org_admin, team=team, cadre=people.cadre_a)
    assert exc.value.message_dict["cadre"] == ["“一组”已满员（每组最多 3 人）。"]
    services.team_member_remove(actor=people.org_admin, team=team, cadre=c1)
    team.refresh_from_db()
    assert team.leader == c2  # the leader left: the longest-standing member leads
    services.team_update(actor=people.org_admin, team=team, data={"topic": "招商", "mentors": []})
    team.refresh_from_db()
    assert team.topic == "招商" and not team.mentors.exists()
    task = services.task_create(actor=people.org_admin, team=team, title="走访 10 家企业")
    services.task_done(actor=c2.user, task=task)
    with pytest.raises(ValidationError):
        services.task_done(actor=c2.user, task=task)
    other_task = TeamTask.objects.create(team=team, title="写报告")
    with pytest.raises(PermissionDenied):  # not a member, not staff
        services.task_done(actor=people.cadre_user, task=other_task)
    for user in (people.officer_a, people.leader, people.cadre_user, people.mentor):
        with pytest.raises(PermissionDenied):
            services.team_form(actor=user, program=program, name="x", members=[people.cadre_a])


def test_settings(people, camp):
    program, _ = camp
    with pytest.raises(ValidationError) as exc:
        services.settings_save(
            actor=people.org_admin, program=program,
            data={"team_min_size": 4, "team_max_size": 3, "teams_self_formed": True},
        )  # fmt: skip
    assert exc.value.message_dict["team_max_size"] == ["每组最多人数不能少于最少人数。"]
    services.settings_save(
        actor=people.org_admin, program=program,
        data={"team_min_size": 3, "team_max_size": 4, "teams_self_formed": False},
    )  # fmt: skip
    s = services.settings_of(program)
    assert (s.team_min_size, s.team_max_size, s.teams_self_formed) == (3, 4, False)


def test_rollup_against_hand_counts(people, camp, tree):
    program, (c1, c2, c3) = camp
    sizes(program, 2, 3)
    team_of(program, "甲", [people.cadre_a, c1, c2])
    team_of(program, "乙", [c3])  # below the minimum of 2
    other = program_with(tree.root, [people.cadre_b], name="成长营二期")
    team_of(other, "丙", [people.cadre_b])  # default settings: 3 to 3
    r = selectors.teams_rollup(people.org_admin)
    assert (r["teams"], r["members"], r["understaffed"]) == (3, 5, 2)
    assert r["by_program"][program.pk] == {
        "teams": 2, "members": 4, "understaffed": 1, "sizes": {3: 1, 1: 1},
    }  # fmt: skip
    assert selectors.teams_rollup(people.org_admin, program=program)["teams"] == 2
    assert selectors.teams_rollup(people.org_admin, unit=tree.unit_b)["teams"] == 2  # 乙, 丙
    # Officer B sees the teams with a member in unit B.
    assert selectors.teams_rollup(people.officer_b)["teams"] == 2
    # A mentor sees only the teams they mentor (none here); a host none at all.
    assert selectors.teams_rollup(people.mentor)["teams"] == 0
    assert selectors.teams_rollup(people.host)["teams"] == 0
    # Understaffed teams on the list filter.
    listed = selectors.team_queryset(people.org_admin).filter(understaffed=True)
    assert sorted(t.name for t in listed) == ["丙", "乙"]
