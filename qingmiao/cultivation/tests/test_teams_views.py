"""Team pages per persona: the staff list (sizes, 未满员, export, constant queries), a team's
page and its changes, forming and settings; the cadre's 我的调研组 on a phone."""

from io import BytesIO

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ..models import Team, TeamInvitation, TeamMember
from ..sections_teams import cadre_team, mentor_teams
from .factories_teams import cadre_with_account, enrol, program_with, sizes, team_of

LIST = reverse("cultivation:team_list")


@pytest.fixture
def camp(people, tree):
    c1 = cadre_with_account(tree.unit_a, "c1", "赵一")
    c2 = cadre_with_account(tree.unit_b, "c2", "钱二")
    c3 = cadre_with_account(tree.unit_b, "c3", "孙三")
    program = program_with(tree.root, [people.cadre_a, c1, c2, c3, people.cadre_a2])
    sizes(program, 2, 3)
    full = team_of(program, "甲组", [c2, c3])
    full.mentors.add(people.mentor)
    lone = team_of(program, "乙组", [people.cadre_a2])
    return type(
        "C", (), {"program": program, "c1": c1, "c2": c2, "c3": c3, "full": full, "lone": lone}
    )


def _names(response):
    return sorted(t.name for t in response.context["page"].object_list)


@pytest.mark.parametrize(
    "who, expected",
    [
        ("org_admin", ["乙组", "甲组"]),
        ("leader", ["乙组", "甲组"]),
        ("officer_a", ["乙组"]),
        ("officer_b", ["甲组"]),
        ("mentor", ["甲组"]),
    ],
)
def test_list_in_scope(people, login, camp, who, expected):
    response = login(getattr(people, who)).get(LIST)
    assert response.status_code == 200
    assert _names(response) == expected


@pytest.mark.parametrize("who", ["cadre_user", "host", "rater", "sysadmin"])
def test_list_forbidden(people, login, camp, who):
    assert login(getattr(people, who)).get(LIST).status_code == 403


def test_list_marks_understaffed_and_filters(people, login, camp):
    client = login(people.org_admin)
    response = client.get(LIST, {"program": camp.program.pk})
    states = {t.name: t.size_state for t in response.context["page"].object_list}
    assert states == {"甲组": "可再加入", "乙组": "未满员"}
    assert "未满员" in response.content.decode()
    assert response.context["rollup"]["understaffed"] == 1
    assert _names(client.get(LIST, {"size": "under"})) == ["乙组"]
    assert _names(client.get(LIST, {"q": "孙三"})) == ["甲组"]


def test_list_queries_do_not_grow(people, login, camp, tree):
    client = login(people.org_admin)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for i in range(25):
        cadre = cadre_with_account(tree.unit_a, f"x{i}", f"组员{i}")
        enrol(camp.program, cadre)
        team_of(camp.program, f"组{i:02d}", [cadre]).mentors.add(people.mentor)
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)
    assert len(response.context["page"].object_list) == 20
    assert len(few) == len(many)


def test_export(people, login, camp):
    response = login(people.org_admin).post(reverse("cultivation:team_export"))
    rows = list(
        openpyxl.load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert rows[0][:3] == ("培养项目", "组名", "调研课题")
    by_name = {r[1]: r for r in rows[1:]}
    assert by_name["甲组"][4] == "钱二、孙三" and by_name["甲组"][7] == people.mentor.full_name
    assert by_name["乙组"][6] == "未满员"
    assert login(people.cadre_user).post(reverse("cultivation:team_export")).status_code == 403


@pytest.mark.parametrize(
    "who, status",
    [("org_admin", 200), ("mentor", 200), ("officer_b", 200), ("officer_a", 404), ("host", 403),
     ("cadre_user", 403)],
)  # fmt: skip
def test_detail(people, login, camp, who, status):
    url = reverse("cultivation:team_detail", args=[camp.full.pk])
    assert login(getattr(people, who)).get(url).status_code == status


def test_staff_adjust_on_the_team_page(people, login, camp):
    client = login(people.org_admin)
    url = reverse("cultivation:team_change", args=[camp.lone.pk])
    client.post(url, {"action": "add", "cadre": camp.c1.pk})
    assert set(camp.lone.members.values_list("cadre", flat=True)) == {
        people.cadre_a2.pk,
        camp.c1.pk,
    }
    # c2 is in 甲组: not offered, so refused as an invalid choice; nothing changes.
    response = client.post(url, {"action": "add", "cadre": camp.c2.pk}, follow=True)
    assert "选择一个有效的选项" in response.content.decode() or response.status_code == 200
    assert camp.lone.members.count() == 2
    client.post(url, {"action": "task", "title": "走访园区", "due_date": "2026-12-20"})
    assert camp.lone.tasks.get().title == "走访园区"
    client.post(
        url,
        {
            "action": "edit",
            "name": "乙组",
            "topic": "低空经济",
            "mentors": [people.mentor.pk],
            "leader": camp.c1.pk,
        },
    )
    camp.lone.refresh_from_db()
    assert camp.lone.topic == "低空经济" and camp.lone.leader == camp.c1
    client.post(url, {"action": "remove", "cadre": camp.c1.pk})
    assert camp.lone.members.count() == 1
    assert login(people.officer_a).post(url, {"action": "task", "title": "x"}).status_code == 403
    assert login(people.mentor).post(url, {"action": "task", "title": "x"}).status_code == 403


def test_staff_form_and_settings(people, login, camp):
    client = login(people.org_admin)
    url = reverse("cultivation:team_create", args=[camp.program.pk])
    form = client.get(url).context["form"]
    offered = {c.pk for c in form.fields["members"].queryset}
    assert offered == {people.cadre_a.pk, camp.c1.pk}  # those in no team yet
    response = client.post(url, {"name": "丙组", "members": [people.cadre_a.pk, camp.c1.pk]})
    team = Team.objects.get(name="丙组")
    assert response.url == reverse("cultivation:team_detail", args=[team.pk])
    settings_url = reverse("cultivation:team_settings", args=[camp.program.pk])
    refused = client.post(settings_url, {"team_min_size": 4, "team_max_size": 2})
    assert refused.context["form"].errors["team_max_size"] == ["每组最多人数不能少于最少人数。"]
    client.post(settings_url, {"team_min_size": 3, "team_max_size": 3, "teams_self_formed": "on"})
    listed = client.get(LIST, {"program": camp.program.pk})
    assert {t.name: t.size_state for t in listed.context["page"].object_list}["丙组"] == "未满员"
    for who in ("officer_a", "leader", "mentor", "cadre_user"):
        assert login(getattr(people, who)).get(url).status_code == 403


def test_cadre_forms_a_team_on_the_phone(people, login, camp):
    client = login(people.cadre_user)
    page = client.get(reverse("cultivation:my_team"))
    assert [p.pk for p in page.context["programs"]] == [camp.program.pk]
    create = reverse("cultivation:my_team_create", args=[camp.program.pk])
    p = f"p{camp.program.pk}"
    refused = client.post(create, {f"{p}-name": "甲组"})
    assert refused.context["programs"][0].form.errors["name"] == ["本项目已有同名的调研组。"]
    client.post(create, {f"{p}-name": "丙组", f"{p}-topic": "数字经济"})
    team = Team.objects.get(name="丙组")
    page = client.get(reverse("cultivation:my_team"))
    offered = {c.pk for c in page.context["teams"][0].invite_form.fields["cadre"].queryset}
    assert offered == {camp.c1.pk}
    t = f"t{team.pk}"
    client.post(reverse("cultivation:my_team_invite", args=[team.pk]), {f"{t}-cadre": camp.c1.pk})
    again = client.post(
        reverse("cultivation:my_team_invite", args=[team.pk]), {f"{t}-cadre": camp.c1.pk}
    )
    assert "已经邀请过赵一" in again.content.decode()
    invitation = TeamInvitation.objects.get()
    # The invitee accepts on their phone; nobody else may answer (someone else's team: 404).
    assert (
        login(camp.c2.user)
        .post(
            reverse("cultivation:my_invitation_answer", args=[invitation.pk]), {"answer": "accept"}
        )
        .status_code
        == 404
    )
    invitee = login(camp.c1.user)
    assert [i.pk for i in invitee.get(reverse("cultivation:my_team")).context["invitations"]] == [
        invitation.pk
    ]
    invitee.post(
        reverse("cultivation:my_invitation_answer", args=[invitation.pk]), {"answer": "accept"}
    )
    assert TeamMember.objects.filter(team=team, cadre=camp.c1).exists()
    # A member of another team cannot invite into this one (not their team: 404).
    stranger = login(camp.c2.user)
    assert (
        stranger.post(reverse("cultivation:my_team_invite", args=[team.pk]), {}).status_code == 404
    )
    assert login(people.org_admin).get(reverse("cultivation:my_team")).status_code == 403


def test_sections(people, camp):
    assert cadre_team(people.cadre_user)["can_form"] is True
    assert cadre_team(camp.c2.user)["teams"][0].name == "甲组"
    assert cadre_team(people.org_admin) is None
    assert [t.name for t in mentor_teams(people.mentor)["teams"]] == ["甲组"]
    assert mentor_teams(people.host) is None
