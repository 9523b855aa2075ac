"""Every selection endpoint against every persona: allowed (with what it returns), forbidden
(403: the role lacks the capability) or out of scope (404), and anonymous (401).

See conftest.py for the program (`camp`) and its states. Roles and what they may do:
org_admin manages programs; officers read and recommend; the leader reads, ranks and sees the
funnel; the cadre applies; mentor, rater and leader score what they are assigned; the
inspector reads programs only; the three administrators do nothing in selection.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from qingmiao.accounts.models import AuditEntry
from qingmiao.accounts.roles import Role
from qingmiao.selection import services
from qingmiao.selection.models import (
    AdvancementDecision,
    Application,
    Program,
    ProgramStatus,
    ScoreSheet,
    Stage,
)

from .conftest import make_program, make_stage

pytestmark = pytest.mark.django_db

EVERYONE = [
    "org_admin", "officer_a", "officer_b", "leader", "cadre_user", "mentor", "rater", "host",
    "inspector", "sysadmin", "secadmin", "auditor",
]  # fmt: skip
READERS = {"org_admin", "officer_a", "officer_b", "leader", "cadre_user", "mentor", "inspector"}


def expect(persona, allowed: dict, default=403):
    """The status a persona should get: from `allowed` (persona → status), else `default`."""
    return allowed.get(persona, default)


def readers(status=200, **others):
    return {**dict.fromkeys(READERS, status), **others}


def check(response, expected):
    assert response.status_code == expected, (response.status_code, response.content[:300])
    if expected in (403, 404):
        assert response.json()["detail"]


def test_the_tables_cover_every_role(people):
    assert {getattr(people, p).role for p in EVERYONE} == set(Role.values)


# --- programs ---------------------------------------------------------------------------------

PROGRAM_LIST = {
    "org_admin": ["财政局青年成长营", "火星计划训练营"],  # the draft too: the root's subtree
    "leader": ["财政局青年成长营", "火星计划训练营"],
    "officer_a": ["火星计划训练营"],
    "officer_b": ["火星计划训练营"],
    "cadre_user": ["火星计划训练营"],
    "mentor": ["火星计划训练营"],
    "inspector": ["火星计划训练营"],
}


@pytest.mark.parametrize("persona", EVERYONE)
def test_program_list(api, people, camp, unit_b_draft, persona):
    response = api(getattr(people, persona)).get("/api/v1/programs/")
    check(response, expect(persona, dict.fromkeys(PROGRAM_LIST, 200)))
    if response.status_code == 200:
        assert [p["name"] for p in response.json()["results"]] == PROGRAM_LIST[persona]


@pytest.mark.parametrize("persona", EVERYONE)
def test_program_detail(api, people, camp, unit_b_draft, persona):
    client = api(getattr(people, persona))
    published = client.get(f"/api/v1/programs/{camp.program.pk}/")
    check(published, expect(persona, readers()))
    if published.status_code == 200:
        assert published.json()["name"] == "火星计划训练营"
        assert [t["name"] for t in published.json()["tracks"]] == ["数字经济", "人工智能"]
    draft = client.get(f"/api/v1/programs/{unit_b_draft.program.pk}/")
    check(draft, expect(persona, readers(404, org_admin=200, leader=200)))


def test_a_draft_of_another_unit_is_not_found(api, unit_b_draft, admin_a):
    client = api(admin_a)
    assert client.get("/api/v1/programs/").json()["count"] == 0
    for path in ("", "rule/", "funnel/"):
        assert client.get(f"/api/v1/programs/{unit_b_draft.program.pk}/{path}").status_code == 404


@pytest.mark.parametrize("persona", EVERYONE)
def test_program_create(api, people, persona):
    response = api(getattr(people, persona)).post(
        "/api/v1/programs/",
        {"name": "萧山成长营", "kind": "growth_camp", "organizer": people.tree.root.pk},
        format="json",
    )
    check(response, expect(persona, {"org_admin": 201}))
    assert Program.objects.filter(name="萧山成长营").exists() is (response.status_code == 201)


@pytest.mark.parametrize("persona", EVERYONE)
def test_program_update(api, people, camp, persona):
    response = api(getattr(people, persona)).patch(
        f"/api/v1/programs/{camp.program.pk}/", {"capacity": 75}, format="json"
    )
    check(response, expect(persona, {"org_admin": 200}))
    camp.program.refresh_from_db()
    assert camp.program.capacity == (75 if response.status_code == 200 else 158)


def test_program_update_outside_the_managed_units_is_not_found(api, people, camp, admin_a):
    """admin_a may read the root's published program, but not change it."""
    client = api(admin_a)
    assert client.get(f"/api/v1/programs/{camp.program.pk}/").status_code == 200
    url = f"/api/v1/programs/{camp.program.pk}/"
    assert client.patch(url, {"capacity": 1}, format="json").status_code == 404
    assert client.post(url + "transition/", {"to": "running"}, format="json").status_code == 404
    assert client.put(url + "rule/", {}, format="json").status_code == 404
    assert client.post(url + "screen/", {"by_rules": True}, format="json").status_code == 404
    camp.program.refresh_from_db()
    assert (camp.program.capacity, camp.program.status) == (158, "registration_open")
    assert not Application.objects.exclude(status="submitted").exists()


@pytest.mark.parametrize("persona", EVERYONE)
def test_program_transition(api, people, unit_b_draft, persona):
    response = api(getattr(people, persona)).post(
        f"/api/v1/programs/{unit_b_draft.program.pk}/transition/",
        {"to": "registration_open"},
        format="json",
    )
    check(response, expect(persona, {"org_admin": 200}))
    unit_b_draft.program.refresh_from_db()
    opened = unit_b_draft.program.status == ProgramStatus.REGISTRATION_OPEN
    assert opened is (response.status_code == 200)


@pytest.mark.parametrize("persona", EVERYONE)
def test_rule_read(api, people, camp, persona):
    response = api(getattr(people, persona)).get(f"/api/v1/programs/{camp.program.pk}/rule/")
    check(response, expect(persona, readers()))
    if response.status_code == 200:
        assert response.json()["born_from"] == "1990-01-01"


@pytest.mark.parametrize("persona", EVERYONE)
def test_rule_write(api, people, unit_b_draft, persona):
    response = api(getattr(people, persona)).put(
        f"/api/v1/programs/{unit_b_draft.program.pk}/rule/", {"max_age": 35}, format="json"
    )
    check(response, expect(persona, {"org_admin": 200}))
    unit_b_draft.program.rule.refresh_from_db()
    assert unit_b_draft.program.rule.max_age == (35 if response.status_code == 200 else None)


@pytest.mark.parametrize("persona", EVERYONE)
def test_eligibility_of_oneself(api, people, camp, persona):
    """Only a cadre has a record of their own to check; a recommender must name the cadre."""
    response = api(getattr(people, persona)).get(f"/api/v1/programs/{camp.program.pk}/eligibility/")
    recommenders = dict.fromkeys(["org_admin", "officer_a", "officer_b"], 400)
    check(response, expect(persona, {"cadre_user": 200, **recommenders}))
    if response.status_code == 200:
        assert (response.json()["cadre_name"], response.json()["eligible"]) == ("张伟", True)
    elif response.status_code == 400:
        assert response.json() == {"cadre": ["该字段是必填项。"]}


@pytest.mark.parametrize("persona", EVERYONE)
def test_eligibility_of_a_cadre_of_unit_b(api, people, camp, persona):
    response = api(getattr(people, persona)).get(
        f"/api/v1/programs/{camp.program.pk}/eligibility/", {"cadre": people.cadre_b.pk}
    )
    check(response, expect(persona, {"org_admin": 200, "officer_b": 200, "officer_a": 404}))
    if response.status_code == 200:
        data = response.json()
        assert (data["cadre_name"], data["eligible"]) == ("王强", False)
        assert data["rules"] == [
            {
                "key": "birth_date",
                "label": "出生日期",
                "ok": False,
                "required": "1990.01.01 及以后出生",
                "actual": "1988.10.09",
            }
        ]


@pytest.mark.parametrize("persona", EVERYONE)
def test_screening(api, people, camp, persona):
    response = api(getattr(people, persona)).post(
        f"/api/v1/programs/{camp.program.pk}/screen/",
        {"applications": [camp.apps.zhang.pk], "eligible": True},
        format="json",
    )
    check(response, expect(persona, {"org_admin": 200}))
    camp.apps.zhang.refresh_from_db()
    screened = camp.apps.zhang.status == Application.Status.ELIGIBLE
    assert screened is (response.status_code == 200)


@pytest.mark.parametrize("persona", EVERYONE)
def test_funnel(api, people, camp, persona):
    response = api(getattr(people, persona)).get(f"/api/v1/programs/{camp.program.pk}/funnel/")
    check(response, expect(persona, {"org_admin": 200, "leader": 200}))
    if response.status_code == 200:
        assert [s["count"] for s in response.json()["steps"]] == [3, 0, 0, 0]


# --- applications ---------------------------------------------------------------------------

APPLICATION_LIST = {
    "org_admin": ["张伟", "李娜", "赵敏"],
    "leader": ["张伟", "李娜", "赵敏"],
    "officer_a": ["张伟", "李娜"],
    "officer_b": ["赵敏"],
    "cadre_user": ["张伟"],
}


@pytest.mark.parametrize("persona", EVERYONE)
def test_application_list(api, people, camp, persona):
    response = api(getattr(people, persona)).get("/api/v1/applications/")
    check(response, expect(persona, dict.fromkeys(APPLICATION_LIST, 200)))
    if response.status_code == 200:
        names = [a["cadre"]["name"] for a in response.json()["results"]]
        assert names == APPLICATION_LIST[persona]


@pytest.mark.parametrize("persona", EVERYONE)
def test_application_detail(api, people, camp, persona):
    client = api(getattr(people, persona))
    own = client.get(f"/api/v1/applications/{camp.apps.zhang.pk}/")
    visible = dict.fromkeys(["org_admin", "leader", "officer_a", "cadre_user"], 200)
    check(own, expect(persona, {**visible, "officer_b": 404}))
    if own.status_code == 200:
        assert own.json()["cadre"]["name"] == "张伟"
    other = client.get(f"/api/v1/applications/{camp.apps.zhao.pk}/")
    check(
        other,
        expect(
            persona,
            {
                "org_admin": 200,
                "leader": 200,
                "officer_b": 200,
                "officer_a": 404,
                "cadre_user": 404,
            },
        ),
    )


@pytest.fixture
def second_program(people):
    """An open program without a rule or applicants, so that anyone may apply."""
    program = make_program(people.org_admin, people.tree.root, name="萧山成长营", tracks=())
    make_stage(people.org_admin, program, 1, "综合评审", value="1")
    services.program_transition(
        actor=people.org_admin, program=program, to=ProgramStatus.REGISTRATION_OPEN
    )
    return program


@pytest.mark.parametrize("persona", EVERYONE)
def test_application_create(api, people, second_program, persona):
    """A cadre applies for themselves; a recommender names 李娜, in unit A's section."""
    response = api(getattr(people, persona)).post(
        "/api/v1/applications/",
        {"program": second_program.pk, "cadre": people.cadre_a2.pk, "statement": "我想参加"},
        format="json",
    )
    allowed = {"cadre_user": 201, "org_admin": 201, "officer_a": 201, "officer_b": 400}
    check(response, expect(persona, allowed))
    created = Application.objects.filter(program=second_program)
    if response.status_code == 201:
        application = created.get()
        expected = "张伟" if persona == "cadre_user" else "李娜"
        assert application.cadre.name == response.json()["cadre"]["name"] == expected
        assert application.mode == ("self" if persona == "cadre_user" else "recommended")
        assert response["Location"] == f"/api/v1/applications/{application.pk}/"
    else:
        assert not created.exists()
    if response.status_code == 400:
        assert response.json() == {"cadre": ["只能推荐本单位及下属单位的干部。"]}


@pytest.mark.parametrize("persona", EVERYONE)
def test_withdraw_a_recommendation(api, people, camp, persona):
    """李娜 was recommended by officer A: only he may withdraw it (her record has no account)."""
    response = api(getattr(people, persona)).post(
        f"/api/v1/applications/{camp.apps.li.pk}/withdraw/"
    )
    check(response, expect(persona, {"officer_a": 200, "officer_b": 404, "cadre_user": 404}))
    camp.apps.li.refresh_from_db()
    assert (camp.apps.li.status == "withdrawn") is (response.status_code == 200)


def test_withdraw_own_application(api, people, camp):
    client = api(people.cadre_user)
    response = client.post(f"/api/v1/applications/{camp.apps.zhang.pk}/withdraw/")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["status_name"]) == ("withdrawn", "已撤回")
    assert response.json()["withdrawn_at"]
    again = client.post(f"/api/v1/applications/{camp.apps.zhang.pk}/withdraw/")
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["该报名已撤回。"]}
    # Someone else's is out of scope.
    assert client.post(f"/api/v1/applications/{camp.apps.zhao.pk}/withdraw/").status_code == 404
    camp.apps.zhao.refresh_from_db()
    assert camp.apps.zhao.status == "submitted"


# --- stages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", EVERYONE)
def test_stage_list(api, people, running, persona):
    """The rater is assigned to stage 1 only, and sees that alone."""
    response = api(getattr(people, persona)).get("/api/v1/stages/")
    check(response, expect(persona, readers(rater=200)))
    if response.status_code == 200:
        names = [s["name"] for s in response.json()["results"]]
        assert names == (["入营选拔"] if persona == "rater" else ["入营选拔", "实践闯关"])
        first = response.json()["results"][0]
        assert [d["name"] for d in first["dimensions"]] == ["市场眼光", "沟通表达"]


@pytest.mark.parametrize("persona", EVERYONE)
def test_stage_detail(api, people, running, persona):
    client = api(getattr(people, persona))
    check(client.get(f"/api/v1/stages/{running.first.pk}/"), expect(persona, readers(rater=200)))
    check(client.get(f"/api/v1/stages/{running.second.pk}/"), expect(persona, readers(rater=404)))


def test_stages_of_a_draft_are_hidden_from_readers(api, people, unit_b_draft):
    url = f"/api/v1/stages/{unit_b_draft.stage.pk}/"
    assert api(people.officer_b).get(url).status_code == 404
    assert api(people.cadre_user).get("/api/v1/stages/").json()["count"] == 0
    assert api(unit_b_draft.admin).get(url).status_code == 200


@pytest.mark.parametrize("persona", EVERYONE)
def test_stage_create(api, people, camp, persona):
    response = api(getattr(people, persona)).post(
        "/api/v1/stages/",
        {"program": camp.program.pk, "name": "结业答辩", "advancement_rule": "manual"},
        format="json",
    )
    check(response, expect(persona, {"org_admin": 201}))
    assert Stage.objects.filter(name="结业答辩").exists() is (response.status_code == 201)


def test_stage_create_in_another_units_program_is_refused(api, people, unit_b_draft, admin_a):
    response = api(admin_a).post(
        "/api/v1/stages/",
        {"program": unit_b_draft.program.pk, "name": "结业答辩", "advancement_rule": "manual"},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["program"]
    assert not Stage.objects.filter(name="结业答辩").exists()


@pytest.mark.parametrize("persona", EVERYONE)
def test_stage_update(api, people, camp, persona):
    response = api(getattr(people, persona)).patch(
        f"/api/v1/stages/{camp.second.pk}/", {"description": "企业实践"}, format="json"
    )
    check(response, expect(persona, {"org_admin": 200}))
    camp.second.refresh_from_db()
    assert (camp.second.description == "企业实践") is (response.status_code == 200)


@pytest.mark.parametrize("persona", EVERYONE)
def test_open_scoring(api, people, camp, persona):
    """Stage 2 has no candidate yet: the manager is told so; others may not even ask."""
    response = api(getattr(people, persona)).post(f"/api/v1/stages/{camp.second.pk}/open-scoring/")
    check(response, expect(persona, {"org_admin": 400}))
    if response.status_code == 400:
        assert response.json() == {"non_field_errors": ["该关卡还没有考生。"]}
    camp.second.refresh_from_db()
    assert camp.second.status == "pending"


def test_stage_actions_outside_the_managed_units_are_not_found(api, running, admin_a):
    client = api(admin_a)
    stage = running.first
    assert client.get(f"/api/v1/stages/{stage.pk}/").status_code == 200  # published: readable
    assert client.patch(f"/api/v1/stages/{stage.pk}/", {}, format="json").status_code == 404
    assert client.post(f"/api/v1/stages/{stage.pk}/open-scoring/").status_code == 404
    assert client.get(f"/api/v1/stages/{stage.pk}/assignments/").status_code == 404
    auto = client.post(
        f"/api/v1/stages/{stage.pk}/assignments/auto/", {"raters": [1]}, format="json"
    )
    assert auto.status_code == 404
    assert client.get(f"/api/v1/stages/{stage.pk}/ranking/").status_code == 404
    assert client.get(f"/api/v1/stages/{stage.pk}/advancement/").status_code == 404
    post = client.post(f"/api/v1/stages/{stage.pk}/advancement/", {}, format="json")
    assert post.status_code == 404


# --- raters -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", EVERYONE)
def test_stage_assignments(api, people, running, persona):
    response = api(getattr(people, persona)).get(f"/api/v1/stages/{running.first.pk}/assignments/")
    check(response, expect(persona, {"org_admin": 200}))
    if response.status_code == 200:
        assert response.json()["count"] == 6


@pytest.mark.parametrize("persona", EVERYONE)
def test_auto_assignment(api, people, running, persona):
    response = api(getattr(people, persona)).post(
        f"/api/v1/stages/{running.first.pk}/assignments/auto/",
        {"raters": [j.pk for j in running.judges], "k": 1},
        format="json",
    )
    check(response, expect(persona, {"org_admin": 200}))
    expected = 3 if response.status_code == 200 else 6
    assert running.first.assignments.count() == expected


@pytest.mark.parametrize("persona", EVERYONE)
def test_my_assignments(api, people, running, persona):
    response = api(getattr(people, persona)).get("/api/v1/my/assignments/")
    check(response, expect(persona, {"rater": 200, "mentor": 200, "leader": 200}))
    if response.status_code == 200:
        ids = [a["id"] for a in response.json()["results"]]
        assert ids == ([a.pk for a in running.mine] if persona == "rater" else [])


@pytest.mark.parametrize("persona", EVERYONE)
def test_an_assignment_and_its_sheet(api, people, running, persona):
    """The rater's own assignment: theirs alone. Other scorers get a 404, everyone else 403."""
    client = api(getattr(people, persona))
    mine = running.mine[0]
    expected = expect(persona, {"rater": 200, "mentor": 404, "leader": 404})
    check(client.get(f"/api/v1/assignments/{mine.pk}/"), expected)
    check(client.get(f"/api/v1/assignments/{mine.pk}/sheet/"), expected)
    dims = list(running.first.dimensions.order_by("sort"))
    saved = client.put(
        f"/api/v1/assignments/{mine.pk}/sheet/",
        {"scores": [{"dimension": dims[0].pk, "value": 30}]},
        format="json",
    )
    check(saved, expected)
    submitted = client.post(
        f"/api/v1/assignments/{mine.pk}/sheet/submit/",
        {"scores": [{"dimension": dims[1].pk, "value": 20}]},
        format="json",
    )
    check(submitted, expected)
    sheet = ScoreSheet.objects.filter(assignment=mine).first()
    if expected == 200:
        # 100 × (30/40 × 2 + 20/30 × 1) / 3 = 72.222…
        assert (sheet.status, sheet.total) == ("submitted", Decimal("72.222"))
        assert submitted.json()["status"] == "submitted"
    else:
        assert sheet is None


def test_another_raters_assignment_is_not_found(api, people, running):
    theirs = next(a for a in running.assignments if a.rater != people.rater)
    client = api(people.rater)
    for path in ("", "sheet/"):
        assert client.get(f"/api/v1/assignments/{theirs.pk}/{path}").status_code == 404
    response = client.put(f"/api/v1/assignments/{theirs.pk}/sheet/", {"scores": []}, format="json")
    assert response.status_code == 404
    assert client.post(f"/api/v1/assignments/{theirs.pk}/sheet/submit/").status_code == 404
    assert not ScoreSheet.objects.exists()


@pytest.mark.parametrize("persona", EVERYONE)
def test_sheet_reopen(api, people, scored, persona):
    sheet = ScoreSheet.objects.filter(assignment__in=scored.mine, status="submitted").first()
    response = api(getattr(people, persona)).post(
        f"/api/v1/sheets/{sheet.pk}/reopen/", {"reason": "评委误将分数填反"}, format="json"
    )
    check(response, expect(persona, {"org_admin": 200}))
    sheet.refresh_from_db()
    assert (sheet.status == "draft") is (response.status_code == 200)
    reopened = AuditEntry.objects.filter(action="selection.score.reopened")
    assert reopened.count() == (1 if response.status_code == 200 else 0)


def test_sheet_reopen_outside_the_managed_units_is_not_found(api, scored, admin_a):
    sheet = ScoreSheet.objects.filter(assignment__in=scored.mine, status="submitted").first()
    response = api(admin_a).post(
        f"/api/v1/sheets/{sheet.pk}/reopen/", {"reason": "重评"}, format="json"
    )
    assert response.status_code == 404
    sheet.refresh_from_db()
    assert sheet.status == "submitted"


# --- ranking, the cut -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", EVERYONE)
def test_ranking(api, people, scored, persona):
    response = api(getattr(people, persona)).get(f"/api/v1/stages/{scored.first.pk}/ranking/")
    check(response, expect(persona, {"org_admin": 200, "leader": 200}))
    if response.status_code == 200:
        assert [r["name"] for r in response.json()["rows"]] == ["张伟", "李娜", "赵敏"]


@pytest.mark.parametrize("persona", EVERYONE)
def test_advancement_confirm(api, people, complete, persona):
    response = api(getattr(people, persona)).post(
        f"/api/v1/stages/{complete.first.pk}/advancement/", {}, format="json"
    )
    check(response, expect(persona, {"org_admin": 201}))
    decided = AdvancementDecision.objects.filter(stage=complete.first).exists()
    assert decided is (response.status_code == 201)


@pytest.mark.parametrize("persona", EVERYONE)
def test_advancement_read(api, people, complete, persona):
    client = api(getattr(people, persona))
    url = f"/api/v1/stages/{complete.first.pk}/advancement/"
    before = client.get(url)
    check(before, expect(persona, {"org_admin": 404, "leader": 404}))
    if before.status_code == 404:
        assert before.json() == {"detail": "该关卡尚未确定晋级结果。"}
    services.advancement_confirm(actor=people.org_admin, stage=complete.first)
    after = client.get(url)
    check(after, expect(persona, {"org_admin": 200, "leader": 200}))
    if after.status_code == 200:
        assert [(r["name"], r["advanced"]) for r in after.json()["results"]] == [
            ("张伟", True),
            ("李娜", True),
            ("赵敏", False),
        ]


# --- anonymous ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/programs/"),
        ("post", "/api/v1/programs/"),
        ("get", "/api/v1/programs/{p}/"),
        ("patch", "/api/v1/programs/{p}/"),
        ("post", "/api/v1/programs/{p}/transition/"),
        ("get", "/api/v1/programs/{p}/rule/"),
        ("put", "/api/v1/programs/{p}/rule/"),
        ("get", "/api/v1/programs/{p}/eligibility/"),
        ("post", "/api/v1/programs/{p}/screen/"),
        ("get", "/api/v1/programs/{p}/funnel/"),
        ("get", "/api/v1/applications/"),
        ("post", "/api/v1/applications/"),
        ("get", "/api/v1/applications/{a}/"),
        ("post", "/api/v1/applications/{a}/withdraw/"),
        ("get", "/api/v1/stages/"),
        ("post", "/api/v1/stages/"),
        ("get", "/api/v1/stages/{s}/"),
        ("patch", "/api/v1/stages/{s}/"),
        ("post", "/api/v1/stages/{s}/open-scoring/"),
        ("get", "/api/v1/stages/{s}/assignments/"),
        ("post", "/api/v1/stages/{s}/assignments/auto/"),
        ("get", "/api/v1/stages/{s}/ranking/"),
        ("get", "/api/v1/stages/{s}/advancement/"),
        ("post", "/api/v1/stages/{s}/advancement/"),
        ("get", "/api/v1/my/assignments/"),
        ("get", "/api/v1/assignments/{r}/"),
        ("get", "/api/v1/assignments/{r}/sheet/"),
        ("put", "/api/v1/assignments/{r}/sheet/"),
        ("post", "/api/v1/assignments/{r}/sheet/submit/"),
        ("post", "/api/v1/sheets/1/reopen/"),
    ],
)
def test_anonymous_is_401(api, running, method, path):
    url = path.format(
        p=running.program.pk,
        a=running.apps.zhang.pk,
        s=running.first.pk,
        r=running.assignments[0].pk,
    )
    response = getattr(api(), method)(url, {}, format="json")
    assert response.status_code == 401
    assert response.json() == {"detail": "身份认证信息未提供。"}


def test_put_and_delete_are_not_offered(api, people, camp):
    client = api(people.org_admin)
    program = f"/api/v1/programs/{camp.program.pk}/"
    assert client.put(program, {"name": "x"}, format="json").status_code == 405
    assert client.delete(program).status_code == 405
    assert client.delete(f"/api/v1/applications/{camp.apps.zhang.pk}/").status_code == 405
    assert client.delete(f"/api/v1/stages/{camp.first.pk}/").status_code == 405
    assert Program.objects.get(pk=camp.program.pk).name == "火星计划训练营"


def test_registration_deadline_in_the_past_refuses_applications(api, people, second_program):
    """(Covers the window as the API reports it; the rule itself is the service's.)"""
    Program.objects.filter(pk=second_program.pk).update(
        registration_closes=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = api(people.cadre_user).post(
        "/api/v1/applications/",
        {"program": second_program.pk, "statement": "我想参加"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["报名已截止。"]}
    assert not Application.objects.filter(program=second_program).exists()


@pytest.mark.parametrize("persona", EVERYONE)
def test_eligibility_with_ones_own_cadre_id(api, people, camp, persona):
    """A cadre naming their own record gets the answer; for recommenders it is a cadre of
    their scope or not, as for any other id."""
    response = api(getattr(people, persona)).get(
        f"/api/v1/programs/{camp.program.pk}/eligibility/", {"cadre": people.cadre_a.pk}
    )
    check(
        response,
        expect(persona, {"cadre_user": 200, "org_admin": 200, "officer_a": 200, "officer_b": 404}),
    )
    if response.status_code == 200:
        assert (response.json()["cadre_name"], response.json()["eligible"]) == ("张伟", True)
