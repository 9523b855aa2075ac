"""The team endpoints per persona: found, invite, accept and decline on the API; staff form
and adjust; scope (outsider 404, forbidden 403); refusals in the services' words; schema."""

import pytest

from qingmiao.cultivation.models import Team, TeamInvitation, TeamMember
from qingmiao.cultivation.tests.factories_teams import (
    cadre_with_account,
    program_with,
    sizes,
    team_of,
)

TEAMS = "/api/v1/teams/"
INVITES = "/api/v1/team-invitations/"


@pytest.fixture
def camp(people, tree):
    c1 = cadre_with_account(tree.unit_a, "c1", "赵一")
    c2 = cadre_with_account(tree.unit_b, "c2", "钱二")
    program = program_with(tree.root, [people.cadre_a, c1, c2, people.cadre_a2])
    sizes(program, 2, 2)
    lone = team_of(program, "乙组", [people.cadre_a2])
    lone.mentors.add(people.mentor)
    other = program_with(tree.root, [people.cadre_b], name="成长营")
    far = team_of(other, "丙组", [people.cadre_b])
    return type("C", (), {"program": program, "c1": c1, "c2": c2, "lone": lone, "far": far})


def _names(response):
    return sorted(row["name"] for row in response.json()["results"])


@pytest.mark.parametrize(
    "who, expected",
    [("org_admin", ["丙组", "乙组"]), ("leader", ["丙组", "乙组"]), ("officer_a", ["乙组"]),
     ("officer_b", ["丙组"]), ("mentor", ["乙组"]), ("cadre_user", ["乙组"])],
)  # fmt: skip
def test_list_per_persona(api, people, camp, who, expected):
    response = api(getattr(people, who)).get(TEAMS)
    assert response.status_code == 200
    assert _names(response) == expected


def test_forbidden_and_out_of_scope(api, people, camp):
    for who in ("host", "rater", "sysadmin", "auditor"):
        assert api(getattr(people, who)).get(TEAMS).status_code == 403
    assert api(people.cadre_user).get(f"{TEAMS}{camp.far.pk}/").status_code == 404
    assert api(people.mentor).get(f"{TEAMS}{camp.far.pk}/").status_code == 404
    row = api(people.org_admin).get(f"{TEAMS}{camp.lone.pk}/").json()
    assert row["understaffed"] is True and row["size_state"] == "未满员"
    assert row["members"][0]["name"] == "李娜"


def test_found_invite_accept_decline(api, people, camp):
    cadre = api(people.cadre_user)
    founded = cadre.post(TEAMS, {"program": camp.program.pk, "name": "甲组"}, format="json")
    assert founded.status_code == 201 and founded.json()["leader_name"] == "张伟"
    team_id = founded.json()["id"]
    sent = cadre.post(INVITES, {"team": team_id, "cadre": camp.c1.pk}, format="json")
    assert sent.status_code == 201
    twice = cadre.post(INVITES, {"team": team_id, "cadre": camp.c1.pk}, format="json")
    assert twice.status_code == 400 and twice.json()["cadre"] == [
        "已经邀请过赵一，请等待对方回复。"
    ]
    outsider = cadre.post(INVITES, {"team": team_id, "cadre": people.cadre_b.pk}, format="json")
    assert outsider.status_code == 400  # not a fellow participant: not even a valid choice
    member = cadre.post(INVITES, {"team": team_id, "cadre": people.cadre_a2.pk}, format="json")
    assert member.json()["cadre"] == ["李娜已在“乙组”中，每人在一个项目中只能加入一个调研组。"]
    invitation = sent.json()["id"]
    # Only the invitee answers: someone else 403; an invitation they cannot see 404.
    assert api(camp.c2.user).post(f"{INVITES}{invitation}/accept/").status_code == 404
    assert cadre.post(f"{INVITES}{invitation}/accept/").status_code == 403
    accepted = api(camp.c1.user).post(f"{INVITES}{invitation}/accept/")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert TeamMember.objects.filter(team_id=team_id).count() == 2
    # The team is full (2 of 2): a further invitation is refused.
    full = cadre.post(INVITES, {"team": team_id, "cadre": camp.c2.pk}, format="json")
    assert full.status_code == 400 and full.json()["cadre"] == ["“甲组”已满员（每组最多 2 人）。"]
    # 李娜 leaves 乙组 and 钱二, founding 丁组, invites her: only she and 钱二 see it.
    second = api(camp.c2.user).post(
        TEAMS, {"program": camp.program.pk, "name": "丁组"}, format="json"
    )
    TeamMember.objects.filter(team=camp.lone).delete()
    asked = api(camp.c2.user).post(
        INVITES, {"team": second.json()["id"], "cadre": people.cadre_a2.pk}, format="json"
    )
    assert asked.status_code == 201
    assert api(camp.c2.user).get(INVITES).json()["count"] == 1
    assert api(people.cadre_user).get(f"{INVITES}{asked.json()['id']}/").status_code == 404
    assert api(people.org_admin).post(f"{INVITES}{asked.json()['id']}/decline/").status_code == 403


def test_staff_form_and_adjust(api, people, camp):
    client = api(people.org_admin)
    formed = client.post(
        TEAMS,
        {"program": camp.program.pk, "name": "甲组", "members": [camp.c1.pk, camp.c2.pk],
         "mentors": [people.mentor.pk]},
        format="json",
    )  # fmt: skip
    assert formed.status_code == 201 and formed.json()["formation"] == "staff"
    team_id = formed.json()["id"]
    over = client.post(f"{TEAMS}{team_id}/members/", {"cadre": people.cadre_a.pk}, format="json")
    assert over.status_code == 400 and over.json()["cadre"] == ["“甲组”已满员（每组最多 2 人）。"]
    removed = client.post(f"{TEAMS}{team_id}/members/remove/", {"cadre": camp.c2.pk}, format="json")
    assert removed.status_code == 200 and removed.json()["size"] == 1
    assert removed.json()["understaffed"] is True
    patched = client.patch(f"{TEAMS}{team_id}/", {"topic": "人工智能产业"}, format="json")
    assert patched.json()["topic"] == "人工智能产业"
    task = client.post(f"{TEAMS}{team_id}/tasks/", {"title": "走访 20 家企业"}, format="json")
    assert task.status_code == 201
    assert api(people.officer_a).post(f"{TEAMS}{team_id}/tasks/", {"title": "x"}).status_code == 403
    done = api(camp.c1.user).post(f"/api/v1/team-tasks/{task.json()['id']}/done/")
    assert done.status_code == 200 and done.json()["done_at"]
    assert api(camp.c1.user).get(f"{TEAMS}{team_id}/tasks/").json()[0]["done_at"]
    # A cadre cannot form a team for others; a mentor cannot change one.
    assert api(people.mentor).patch(f"{TEAMS}{team_id}/", {"topic": "x"}).status_code == 403
    assert Team.objects.count() == 3
    assert TeamInvitation.objects.count() == 0


def test_withdraw_an_invitation_and_hand_over_the_leadership(api, people, camp):
    cadre = api(people.cadre_user)
    team_id = cadre.post(TEAMS, {"program": camp.program.pk, "name": "甲组"}, format="json").json()[
        "id"
    ]
    sent = cadre.post(INVITES, {"team": team_id, "cadre": camp.c1.pk}, format="json").json()["id"]
    # The invitee cannot withdraw it (403: not the inviter); an outsider does not see it (404).
    assert api(camp.c1.user).post(f"{INVITES}{sent}/withdraw/").status_code == 403
    assert api(camp.c2.user).post(f"{INVITES}{sent}/withdraw/").status_code == 404
    assert api(people.host).post(f"{INVITES}{sent}/withdraw/").status_code == 403
    withdrawn = cadre.post(f"{INVITES}{sent}/withdraw/")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    again = cadre.post(f"{INVITES}{sent}/withdraw/")
    assert again.status_code == 400 and "这份邀请已撤回，不能撤回。" in str(again.json())
    # invited again, accepted; the leader hands over to 赵一
    sent = cadre.post(INVITES, {"team": team_id, "cadre": camp.c1.pk}, format="json").json()["id"]
    api(camp.c1.user).post(f"{INVITES}{sent}/accept/")
    refused = cadre.post(f"{TEAMS}{team_id}/leader/", {"cadre": camp.c2.pk}, format="json")
    assert refused.status_code == 400 and refused.json()["cadre"] == ["钱二不在本组。"]
    assert (
        api(camp.c1.user)
        .post(f"{TEAMS}{team_id}/leader/", {"cadre": camp.c1.pk}, format="json")
        .status_code
        == 403
    )  # a member, not the leader
    assert (
        api(people.host)
        .post(f"{TEAMS}{team_id}/leader/", {"cadre": camp.c1.pk}, format="json")
        .status_code
        == 403
    )  # no capability
    handed = cadre.post(f"{TEAMS}{team_id}/leader/", {"cadre": camp.c1.pk}, format="json")
    assert handed.status_code == 200 and handed.json()["leader_name"] == "赵一"
    assert (
        api(people.cadre_user).post(f"{TEAMS}{camp.far.pk}/leader/", {"cadre": 1}).status_code
        == 404
    )


def test_in_schema(api, people):
    import yaml

    from .schema_paths_practice_teams import PRACTICE_TEAMS_PATHS

    paths = yaml.safe_load(api(people.leader).get("/api/schema/").content)["paths"]
    for path, operations in PRACTICE_TEAMS_PATHS.items():
        assert set(paths[path]) == operations, path
