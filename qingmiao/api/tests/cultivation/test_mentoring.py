"""Mentoring endpoints per persona: what each lists, 404 out of scope, 403 without the
capability, the services' refusals as 400s in the pages' words, the flows end to end."""

import datetime

import pytest
from django.utils import timezone

from qingmiao.accounts.roles import Role
from qingmiao.accounts.tests.factories import UserFactory
from qingmiao.cultivation.models import MentoringLog, MentorPair
from qingmiao.cultivation.tests.factories_mentoring import (
    enrol,
    make_log,
    make_mentor,
    make_pair,
    make_program,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
BASE = "/api/v1/"


@pytest.fixture
def world(people):
    program = make_program(people.tree.root, cadres=[people.cadre_a, people.cadre_b])
    make_mentor(people.mentor, unit=people.tree.unit_b, capacity=4)
    mentor_b = UserFactory(username="mentor_b", role=Role.MENTOR, full_name="钱导师")
    profile_b = make_mentor(mentor_b, capacity=1)
    mine = make_pair(program, people.mentor, people.cadre_a)
    theirs = make_pair(program, mentor_b, people.cadre_b)
    log_a = make_log(mine, writer=people.cadre_user)
    log_b = make_log(theirs, writer=mentor_b)
    return type("W", (), locals())


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize(
    ("persona", "pairs", "logs"),
    [
        ("org_admin", {"mine", "theirs"}, {"log_a", "log_b"}),
        ("officer_a", {"mine"}, {"log_a"}),
        ("officer_b", {"theirs"}, {"log_b"}),
        ("leader", {"mine", "theirs"}, {"log_a", "log_b"}),
        ("mentor", {"mine"}, {"log_a"}),
        ("cadre_user", {"mine"}, {"log_a"}),
    ],
)
def test_lists_per_persona(api, people, world, persona, pairs, logs):
    client = api(getattr(people, persona))
    assert ids(client.get(BASE + "mentor-pairs/")) == {getattr(world, p).pk for p in pairs}
    assert ids(client.get(BASE + "mentoring-logs/")) == {getattr(world, g).pk for g in logs}


@pytest.mark.parametrize("persona", ["rater", "host", "inspector", "sysadmin", "auditor"])
def test_outsiders_are_refused(api, people, world, persona):
    client = api(getattr(people, persona))
    for path in ("mentor-pairs/", "mentoring-logs/", "mentors/", "matching-runs/", "follow-ups/"):
        assert client.get(BASE + path).status_code == 403, path


def test_mentor_a_gets_404_on_mentor_b_s_pair_log_and_mentee(api, people, world):
    client = api(people.mentor)
    assert client.get(f"{BASE}mentor-pairs/{world.theirs.pk}/").status_code == 404
    assert client.get(f"{BASE}mentoring-logs/{world.log_b.pk}/").status_code == 404
    assert client.get(f"{BASE}cadres/{people.cadre_b.pk}/").status_code == 404
    assert client.post(f"{BASE}mentoring-logs/{world.log_b.pk}/confirm/").status_code == 404
    body = {"pair": world.theirs.pk, "date": str(TODAY), "mode": "talk", "topic": "谈心",
            "duration_minutes": 30}  # fmt: skip
    assert client.post(BASE + "mentoring-logs/", body, format="json").status_code == 404
    assert client.get(f"{BASE}mentor-pairs/{world.mine.pk}/").status_code == 200


def test_log_create_confirm_and_follow_up(api, people, world):
    body = {
        "pair": world.mine.pk,
        "date": str(TODAY - datetime.timedelta(days=1)),
        "mode": "review",
        "topic": "月度工作复盘",
        "duration_minutes": 45,
        "follow_ups": [{"text": "提交小结", "due_date": str(TODAY + datetime.timedelta(days=3))}],
    }
    response = api(people.mentor).post(BASE + "mentoring-logs/", body, format="json")
    assert response.status_code == 201, response.json()
    log_id = response.json()["id"]
    assert response.json()["follow_ups"][0]["text"] == "提交小结"
    refused = api(people.mentor).post(f"{BASE}mentoring-logs/{log_id}/confirm/")
    assert refused.status_code == 400
    assert refused.json() == {
        "non_field_errors": ["帮带记录须由另一方确认，不能确认自己填写的记录。"]
    }
    ok = api(people.cadre_user).post(f"{BASE}mentoring-logs/{log_id}/confirm/")
    assert ok.status_code == 200 and ok.json()["confirmed_by"] == people.cadre_user.pk
    follow = response.json()["follow_ups"][0]["id"]
    done = api(people.cadre_user).post(f"{BASE}follow-ups/{follow}/done/")
    assert done.status_code == 200 and done.json()["done_at"]
    # Staff read but do not write logs.
    assert (
        api(people.org_admin).post(BASE + "mentoring-logs/", body, format="json").status_code == 403
    )


def test_log_refusals_speak_the_pages_words(api, people, world):
    body = {"pair": world.mine.pk, "date": str(TODAY + datetime.timedelta(days=1)),
            "mode": "talk", "topic": "", "duration_minutes": 0,
            "follow_ups": [{"text": "交材料", "due_date": None}]}  # fmt: skip
    response = api(people.mentor).post(BASE + "mentoring-logs/", body, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert errors["date"] == ["帮带日期不能晚于今天。"]
    assert errors["topic"] == ["请填写帮带主题。"]
    assert errors["duration_minutes"] == ["时长须在 1 到 600 分钟之间。"]
    assert errors["follow_ups"]["0"]["due_date"] == ["请填写完成期限。"]
    assert MentoringLog.objects.count() == 2


def test_matching_run_and_confirm(api, people, world):
    enrol(world.program, [people.cadre_a2])
    client = api(people.org_admin)
    response = client.post(BASE + "matching-runs/", {"program": world.program.pk}, format="json")
    assert response.status_code == 201, response.json()
    run = response.json()["run"]
    # Mentor B is full (1/1). First role: only 李娜 lacks one → mentor A. Second role: 张伟
    # (mentor A is already his first mentor), 王强 (mentor A leads his unit) and 李娜 (mentor A
    # again) cannot be placed — reported, not dropped.
    assert (run["stats"]["pairs"], run["stats"]["unplaced"]) == (1, 3)
    names = {u["name"] for u in run["stats"]["roles"][1]["unplaced"]}
    assert names == {"张伟", "王强", "李娜"}
    pairs = client.get(BASE + "mentor-pairs/", {"run": run["id"]}).json()["results"]
    assert {p["status"] for p in pairs} == {"proposed"} and all(p["reason"] for p in pairs)
    # The mentor never sees the proposal.
    assert api(people.mentor).get(f"{BASE}mentor-pairs/{pairs[0]['id']}/").status_code == 404
    full = client.post(
        f"{BASE}mentor-pairs/{pairs[0]['id']}/reassign/", {"mentor": world.mentor_b.pk},
        format="json",
    )  # fmt: skip
    assert full.status_code == 400
    assert full.json() == {"mentor": ["导师 钱导师 已满员（1/1）。"]}
    confirmed = client.post(f"{BASE}matching-runs/{run['id']}/confirm/")
    assert confirmed.status_code == 200 and confirmed.json() == {"pairs": 1}
    assert MentorPair.objects.filter(run_id=run["id"], status="active").count() == 1
    for persona in ("officer_a", "leader", "mentor", "cadre_user"):
        user_client = api(getattr(people, persona))
        assert user_client.post(BASE + "matching-runs/", {"program": world.program.pk},
                                format="json").status_code == 403  # fmt: skip
        assert user_client.post(f"{BASE}matching-runs/{run['id']}/confirm/").status_code == 403


def test_roles_and_mentors(api, people, world):
    client = api(people.org_admin)
    created = client.post(
        BASE + "mentor-roles/", {"program": world.program.pk, "name": "导师三"}, format="json"
    )
    assert created.status_code == 201
    dup = client.post(
        BASE + "mentor-roles/", {"program": world.program.pk, "name": "政治导师"}, format="json"
    )
    assert dup.json() == {"name": ["本项目已有名为“政治导师”的导师类别。"]}
    profile = client.patch(f"{BASE}mentors/{world.profile_b.pk}/", {"capacity": 0}, format="json")
    assert profile.json() == {"capacity": ["可带学员数须在 1 到 50 之间。"]}
    ok = client.patch(f"{BASE}mentors/{world.profile_b.pk}/", {"capacity": 3}, format="json")
    assert ok.status_code == 200 and ok.json()["capacity"] == 3 and ok.json()["load"] == 1
    assert (
        api(people.officer_a)
        .patch(f"{BASE}mentors/{world.profile_b.pk}/", {"capacity": 3}, format="json")
        .status_code
        == 403
    )
    mentors = api(people.mentor).get(BASE + "mentors/").json()["results"]
    assert [m["user"] for m in mentors] == [people.mentor.pk]  # a mentor sees their own only


def test_pair_filters(api, people, world):
    MentorPair.objects.filter(pk=world.theirs.pk).update(last_log_on=TODAY)
    client = api(people.org_admin)
    assert ids(client.get(BASE + "mentor-pairs/", {"quiet": "1"})) == {world.mine.pk}
    assert ids(client.get(BASE + "mentor-pairs/", {"mentor": "钱"})) == {world.theirs.pk}
    assert client.get(BASE + "mentor-pairs/", {"program": 99999}).status_code == 400
