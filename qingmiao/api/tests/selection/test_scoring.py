"""Stages, rater assignments, score sheets, the ranking and the cut through the API.

In `scored` every rater gives 张伟 90 (36/40 and 27/30), 李娜 80 and 赵敏 70, and one of 赵敏's
two sheets is still missing. See conftest.py.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from qingmiao.accounts.models import AuditEntry
from qingmiao.accounts.roles import Role
from qingmiao.accounts.tests.factories import UserFactory
from qingmiao.selection import services
from qingmiao.selection.models import (
    AdvancementDecision,
    Dimension,
    RaterAssignment,
    Score,
    ScoreSheet,
    Stage,
    StageEntry,
)

from .conftest import make_program, make_stage, submit_sheet

pytestmark = pytest.mark.django_db


def dims(stage):
    return list(stage.dimensions.order_by("sort", "id"))


# --- stages -------------------------------------------------------------------------------


def test_stage_create_with_everything(api, people, camp):
    closes = timezone.now() + datetime.timedelta(days=3)
    response = api(people.org_admin).post(
        "/api/v1/stages/",
        {
            "program": camp.program.pk,
            "order": 5,
            "name": "结业答辩",
            "description": "现场答辩",
            "advancement_rule": "cut_line",
            "rule_value": "75.5",
            "aggregation": "trimmed_mean",
            "tie_breaks": ["younger", "raw_mean"],
            "rater_roles": ["rater", "leader"],
            "raters_per_candidate": 5,
            "blind": True,
            "min_credit_hours": "100",
            "scoring_closes": closes.isoformat(),
            "dimensions": [{"name": "答辩表现", "max_score": 50}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    stage = Stage.objects.get(name="结业答辩")
    assert response["Location"] == f"/api/v1/stages/{stage.pk}/"
    data = response.json()
    assert (data["order"], data["advancement_rule_name"], data["aggregation_name"]) == (
        5,
        "达到分数线晋级",
        "去掉一个最高分和一个最低分",
    )
    assert (stage.tie_breaks, stage.rater_roles, stage.blind) == (
        ["younger", "raw_mean"],
        ["rater", "leader"],
        True,
    )
    assert [(d["name"], d["weight"], d["max_score"], d["sort"]) for d in data["dimensions"]] == [
        ("答辩表现", "1.00", "50.00", 0)
    ]
    assert AuditEntry.objects.filter(action="selection.stage.saved", object_id=stage.pk).exists()


def test_stage_bad_input_saves_nothing(api, people, camp):
    client = api(people.org_admin)
    cases = [
        (
            {"name": "", "advancement_rule": "top_x", "raters_per_candidate": 0, "order": 0},
            {
                "program": ["该字段是必填项。"],
                "name": ["该字段不能为空。"],
                "advancement_rule": ["“top_x” 不是合法选项。"],
                "raters_per_candidate": ["请确保该值大于或者等于 1。"],
                "order": ["请确保该值大于或者等于 1。"],
            },
        ),
        (
            {"program": camp.program.pk, "name": "第三关", "rule_value": "1.5"},
            {"rule_value": ["晋级人数须为正整数。"]},
        ),
        (
            {"program": camp.program.pk, "name": "第三关", "order": 2, "rule_value": 3},
            {"order": ["该项目已有顺序为 2 的关卡。"]},
        ),
        (
            {
                "program": camp.program.pk,
                "name": "第三关",
                "rule_value": 3,
                "dimensions": [{"name": "表达", "weight": 0}, {"max_score": 0}],
            },
            {
                "dimensions": {
                    "0": {"weight": ["请确保该值大于或者等于 0.01。"]},
                    "1": {
                        "name": ["该字段是必填项。"],
                        "max_score": ["请确保该值大于或者等于 1。"],
                    },
                }
            },
        ),
        (
            {
                "program": camp.program.pk,
                "name": "第三关",
                "rule_value": 3,
                "dimensions": [{"name": "表达"}, {"name": "表达"}],
            },
            {"dimensions": ["评分维度“表达”重复。"]},
        ),
        (
            {"program": camp.program.pk, "name": "第三关", "rule_value": 3, "rater_roles": []},
            {"rater_roles": ["列表不能为空。"]},
        ),
    ]
    for body, errors in cases:
        response = client.post("/api/v1/stages/", body, format="json")
        assert response.status_code == 400, body
        assert response.json() == errors
    assert camp.program.stages.count() == 2
    assert Dimension.objects.count() == 3


def test_stage_update_replaces_the_dimensions(api, people, camp):
    market, talk = dims(camp.first)
    response = api(people.org_admin).patch(
        f"/api/v1/stages/{camp.first.pk}/",
        {
            "rule_value": 1,
            "dimensions": [
                {"id": talk.pk, "name": "沟通表达", "weight": "1.5", "max_score": 30},
                {"name": "团队协作", "weight": 1, "max_score": 20},
            ],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    stage = Stage.objects.get(pk=camp.first.pk)
    assert (stage.rule_value, stage.name) == (1, "入营选拔")
    assert [(d.pk, d.name, str(d.weight), d.sort) for d in dims(stage)] == [
        (talk.pk, "沟通表达", "1.50", 0),
        (dims(stage)[1].pk, "团队协作", "1.00", 1),
    ]
    assert not Dimension.objects.filter(pk=market.pk).exists()
    assert [d["name"] for d in response.json()["dimensions"]] == ["沟通表达", "团队协作"]
    # Without `dimensions` the scheme stays as it is.
    api(people.org_admin).patch(f"/api/v1/stages/{camp.first.pk}/", {"blind": True}, format="json")
    assert len(dims(stage)) == 2


def test_stage_update_with_a_foreign_dimension_changes_nothing(api, people, camp):
    foreign = dims(camp.second)[0]
    market, talk = dims(camp.first)
    response = api(people.org_admin).patch(
        f"/api/v1/stages/{camp.first.pk}/",
        {
            "name": "改名",
            "dimensions": [
                {"id": market.pk, "name": "市场眼光"},
                {"id": foreign.pk, "name": "综合"},
                {"id": market.pk, "name": "市场"},
            ],
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "dimensions": {
            "1": {"id": ["评分维度不属于该关卡。"]},
            "2": {"id": ["评分维度“市场眼光”重复。"]},
        }
    }
    assert Stage.objects.get(pk=camp.first.pk).name == "入营选拔"
    assert dims(camp.first) == [market, talk]


def test_stage_is_frozen_once_scoring_began(api, people, running):
    response = api(people.org_admin).patch(
        f"/api/v1/stages/{running.first.pk}/", {"rule_value": 1}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["评分开始后不能修改关卡设置。"]}
    assert Stage.objects.get(pk=running.first.pk).rule_value == 2


def test_stage_list_filter_and_queries(api, people, running, unit_b_draft):
    client = api(people.org_admin)
    listing = client.get("/api/v1/stages/", {"program": running.program.pk})
    assert [s["name"] for s in listing.json()["results"]] == ["入营选拔", "实践闯关"]
    assert client.get("/api/v1/stages/").json()["count"] == 3
    bad = client.get("/api/v1/stages/", {"program": "x"})
    assert bad.status_code == 400
    counts = []
    for size in (1, 3):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/stages/", {"page_size": size})
        assert len(response.json()["results"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_stage_representation(api, people, running):
    data = api(people.cadre_user).get(f"/api/v1/stages/{running.first.pk}/").json()
    assert data["program"] == running.program.pk
    assert (data["status"], data["status_name"]) == ("scoring", "评分中")
    assert (data["advancement_rule"], data["rule_value"], data["aggregation"]) == (
        "top_n",
        "2.00",
        "mean",
    )
    assert [(d["name"], d["weight"], d["max_score"]) for d in data["dimensions"]] == [
        ("市场眼光", "2.00", "40.00"),
        ("沟通表达", "1.00", "30.00"),
    ]


# --- raters -------------------------------------------------------------------------------


def test_auto_assignment_refusals(api, people, running):
    client = api(people.org_admin)
    url = f"/api/v1/stages/{running.first.pk}/assignments/auto/"
    few = client.post(url, {"raters": [running.judges[0].pk], "k": 2}, format="json")
    assert few.status_code == 400
    assert few.json() == {"raters": ["评委人数少于每名考生所需的 2 人。"]}
    # A cadre's account is no rater: not among those who may be asked.
    wrong = client.post(url, {"raters": [people.cadre_user.pk], "k": 1}, format="json")
    assert wrong.status_code == 400
    assert list(wrong.json()) == ["raters"]
    empty = client.post(url, {"raters": [], "k": 0}, format="json")
    assert empty.json() == {
        "raters": ["列表不能为空。"],
        "k": ["请确保该值大于或者等于 1。"],
    }
    submit_sheet(running.assignments[0])
    started = client.post(url, {"raters": [j.pk for j in running.judges]}, format="json")
    assert started.json() == {"non_field_errors": ["已有评委开始评分，不能重新自动分配。"]}
    assert RaterAssignment.objects.filter(stage=running.first).count() == 6


def test_stage_assignments_list(api, people, scored):
    data = api(people.org_admin).get(f"/api/v1/stages/{scored.first.pk}/assignments/").json()
    assert data["count"] == 6
    rows = data["results"]
    assert [r["code"] for r in rows] == sorted(r["code"] for r in rows)
    missing = [r for r in rows if r["sheet_status"] != "submitted"]
    assert [(r["candidate_name"], r["rater"], r["sheet"]) for r in missing] == [
        ("赵敏", scored.left_out.rater_id, None)
    ]
    zhang = next(r for r in rows if r["candidate_name"] == "张伟")
    assert (zhang["sheet_status"], zhang["total"]) == ("submitted", "90.000")


# --- what a rater sees ----------------------------------------------------------------------


def test_rater_sees_names_when_not_blind(api, people, running):
    data = api(people.rater).get("/api/v1/my/assignments/").json()
    assert data["count"] == 2
    row = data["results"][0]
    entry = running.mine[0].entry
    assert row["candidate"] == {
        "code": entry.code,
        "name": entry.application.cadre.name,
        "unit_name": entry.application.cadre.unit.name,
        "track_name": entry.application.track.name,
    }
    assert row["stage"]["name"] == "入营选拔"
    assert row["stage"]["blind"] is False
    assert (row["sheet"], row["sheet_status"]) == (None, "")


def test_blind_review_shows_the_code_only(api, people, running):
    Stage.objects.filter(pk=running.first.pk).update(blind=True)
    client = api(people.rater)
    listing = client.get("/api/v1/my/assignments/")
    sheet = client.get(f"/api/v1/assignments/{running.mine[0].pk}/sheet/")
    detail = client.get(f"/api/v1/assignments/{running.mine[0].pk}/")
    codes = sorted(a.entry.code for a in running.mine)
    assert sorted(r["candidate"]["code"] for r in listing.json()["results"]) == codes
    assert all(set(r["candidate"]) == {"code"} for r in listing.json()["results"])
    assert sheet.json()["candidate"] == {"code": running.mine[0].entry.code}
    assert detail.json()["candidate"] == {"code": running.mine[0].entry.code}
    for response in (listing, sheet, detail):
        body = response.content.decode()
        for secret in (
            "张伟",
            "李娜",
            "赵敏",
            "区商务局",
            "综合科",
            "区财政局",
            "数字经济",
            "人工智能",
        ):
            assert secret not in body


def test_sheet_shows_every_dimension(api, people, running):
    assignment = running.mine[0]
    market, talk = dims(running.first)
    client = api(people.rater)
    empty = client.get(f"/api/v1/assignments/{assignment.pk}/sheet/").json()
    assert (empty["sheet"], empty["status"], empty["total"]) == (None, "", None)
    assert empty["scores"] == [
        {
            "dimension": market.pk,
            "name": "市场眼光",
            "weight": "2.00",
            "max_score": "40.00",
            "value": None,
            "comment": "",
        },
        {
            "dimension": talk.pk,
            "name": "沟通表达",
            "weight": "1.00",
            "max_score": "30.00",
            "value": None,
            "comment": "",
        },
    ]
    saved = client.put(
        f"/api/v1/assignments/{assignment.pk}/sheet/",
        {
            "scores": [{"dimension": market.pk, "value": "36.5", "comment": "视野开阔"}],
            "comment": "好",
        },
        format="json",
    ).json()
    assert saved["status"] == "draft"
    assert [(s["value"], s["comment"]) for s in saved["scores"]] == [
        ("36.50", "视野开阔"),
        (None, ""),
    ]
    assert saved["comment"] == "好"
    # Values read can be sent back unchanged; an empty value keeps what was saved.
    saved["scores"][1]["value"] = 27
    resent = client.put(
        f"/api/v1/assignments/{assignment.pk}/sheet/", {"scores": saved["scores"]}, format="json"
    ).json()
    assert [s["value"] for s in resent["scores"]] == ["36.50", "27.00"]
    assert resent["comment"] == "好"
    # 100 × (36.5/40 × 2 + 27/30 × 1) / 3 = 90.833…
    assert resent["total"] == "90.833"


def test_out_of_range_and_not_a_number_are_refused_and_nothing_is_saved(api, people, running):
    assignment = running.mine[0]
    market, talk = dims(running.first)
    response = api(people.rater).put(
        f"/api/v1/assignments/{assignment.pk}/sheet/",
        {
            "scores": [
                {"dimension": market.pk, "value": 41},
                {"dimension": talk.pk, "value": "九十"},
            ]
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "scores": {
            str(market.pk): ["“市场眼光”的得分须在 0 到 40 之间。"],
            str(talk.pk): ["请输入数字。"],
        }
    }
    negative = api(people.rater).put(
        f"/api/v1/assignments/{assignment.pk}/sheet/",
        {"scores": [{"dimension": talk.pk, "value": -1}]},
        format="json",
    )
    assert negative.json() == {"scores": {str(talk.pk): ["“沟通表达”的得分须在 0 到 30 之间。"]}}
    assert not Score.objects.exists()


def test_a_dimension_of_another_stage_is_refused(api, people, running):
    foreign = dims(running.second)[0]
    response = api(people.rater).put(
        f"/api/v1/assignments/{running.mine[0].pk}/sheet/",
        {"scores": [{"dimension": foreign.pk, "value": 50}]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["评分维度不属于该关卡。"]}
    assert not ScoreSheet.objects.filter(scores__isnull=False).exists()


def test_submission_needs_every_dimension(api, people, running):
    market, talk = dims(running.first)
    url = f"/api/v1/assignments/{running.mine[0].pk}/sheet/submit/"
    response = api(people.rater).post(
        url, {"scores": [{"dimension": market.pk, "value": 30}]}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"scores": {str(talk.pk): ["提交前请为“沟通表达”打分。"]}}
    assert not ScoreSheet.objects.filter(status="submitted").exists()


def test_a_submitted_sheet_is_locked_until_reopened(api, people, running):
    assignment = running.mine[0]
    market, talk = dims(running.first)
    rater, admin = api(people.rater), api(people.org_admin)
    url = f"/api/v1/assignments/{assignment.pk}/sheet/"
    body = {"scores": [{"dimension": market.pk, "value": 20}, {"dimension": talk.pk, "value": 15}]}
    submitted = rater.post(url + "submit/", body, format="json")
    assert submitted.status_code == 200
    assert (submitted.json()["status"], submitted.json()["total"]) == ("submitted", "50.000")
    assert submitted.json()["submitted_at"]
    locked = (rater.put(url, body, format="json"), rater.post(url + "submit/", body, format="json"))
    for attempt in locked:
        assert attempt.status_code == 400
        assert attempt.json() == {
            "non_field_errors": ["评分表已提交并锁定，如需修改请联系管理员。"]
        }
    sheet = ScoreSheet.objects.get(assignment=assignment)
    no_reason = admin.post(f"/api/v1/sheets/{sheet.pk}/reopen/", {}, format="json")
    assert no_reason.status_code == 400
    assert no_reason.json() == {"reason": ["请填写重新开放的理由。"]}
    reopened = admin.post(
        f"/api/v1/sheets/{sheet.pk}/reopen/", {"reason": "分数填反"}, format="json"
    )
    assert reopened.status_code == 200
    assert reopened.json() == {
        "id": sheet.pk,
        "assignment": assignment.pk,
        "status": "draft",
        "status_name": "草稿",
        "total": "50.000",
        "submitted_at": None,
    }
    entry = AuditEntry.objects.get(action="selection.score.reopened")
    assert entry.extra == {"reason": "分数填反", "rater": "rater"}
    twice = admin.post(f"/api/v1/sheets/{sheet.pk}/reopen/", {"reason": "再开"}, format="json")
    assert twice.json() == {"non_field_errors": ["该评分表尚未提交，无需重新开放。"]}
    # The rater corrects one value and submits again; the other is kept from before.
    again = rater.post(
        url + "submit/", {"scores": [{"dimension": talk.pk, "value": 20}]}, format="json"
    )
    assert again.status_code == 200
    # 100 × (20/40 × 2 + 20/30 × 1) / 3 = 55.556
    assert (again.json()["status"], again.json()["total"]) == ("submitted", "55.556")


def test_scoring_after_the_deadline_is_refused(api, people, running):
    market, _talk = dims(running.first)
    Stage.objects.filter(pk=running.first.pk).update(
        scoring_closes=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = api(people.rater).put(
        f"/api/v1/assignments/{running.mine[0].pk}/sheet/",
        {"scores": [{"dimension": market.pk, "value": 30}]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["评分已截止。"]}
    assert not ScoreSheet.objects.exists()


def test_scoring_before_it_opens_is_refused(api, people, camp, judges):
    services.applications_screen(
        actor=people.org_admin,
        program=camp.program,
        applications=list(camp.program.applications.all()),
        eligible=True,
        reason="",
    )
    services.program_transition(actor=people.org_admin, program=camp.program, to="running")
    services.assignments_auto(actor=people.org_admin, stage=camp.first, raters=judges, k=2)
    mine = RaterAssignment.objects.filter(rater=people.rater).first()
    response = api(people.rater).put(f"/api/v1/assignments/{mine.pk}/sheet/", {}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["该关卡当前不在评分期。"]}


def test_sheet_input_shape_errors(api, people, running):
    response = api(people.rater).put(
        f"/api/v1/assignments/{running.mine[0].pk}/sheet/",
        {"scores": [{"value": 1}, {"dimension": "x", "value": [1]}], "comment": "好" * 2001},
        format="json",
    )
    assert response.status_code == 400
    data = response.json()
    assert data["scores"]["0"] == {"dimension": ["该字段是必填项。"]}
    assert data["scores"]["1"]["dimension"] == ["请填写合法的整数值。"]
    assert data["scores"]["1"]["value"] == ["不是有效的字符串。"]
    assert data["comment"] == ["请确保这个字段不能超过 2000 个字符。"]


def test_my_assignments_queries_do_not_grow(api, people, running):
    extra = [UserFactory(username=f"extra{i}", role=Role.RATER) for i in range(2)]
    # Five more programs with one candidate each, all three raters on them: 7 tasks in all.
    for i in range(5):
        program = make_program(people.org_admin, people.tree.root, name=f"项目{i}", tracks=())
        stage = make_stage(people.org_admin, program, 1, "评审", value="1", k=1)
        services.program_transition(actor=people.org_admin, program=program, to="registration_open")
        program.refresh_from_db()
        services.application_recommend(
            actor=people.org_admin, program=program, cadre=people.cadre_b, track=None, statement=""
        )
        services.applications_screen(
            actor=people.org_admin,
            program=program,
            applications=list(program.applications.all()),
            eligible=True,
            reason="",
        )
        services.program_transition(actor=people.org_admin, program=program, to="running")
        services.assignments_auto(
            actor=people.org_admin, stage=stage, raters=[people.rater, *extra], k=3
        )
    client = api(people.rater)
    counts = []
    for size in (2, 7):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/my/assignments/", {"page_size": size})
        assert len(response.json()["results"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- ranking --------------------------------------------------------------------------------


def test_ranking_by_the_stage_method_and_by_another(api, people, scored):
    client = api(people.leader)
    url = f"/api/v1/stages/{scored.first.pk}/ranking/"
    data = client.get(url).json()
    assert (data["method"], data["method_name"]) == ("mean", "平均分")
    assert (data["advancement_rule"], data["rule_value"]) == ("top_n", "2.00")
    assert (data["missing_sheets"], data["proposed_count"]) == (1, 2)
    rows = [(r["rank"], r["name"], r["score"], r["proposed"], r["submitted"]) for r in data["rows"]]
    assert rows == [
        (1, "张伟", 90.0, True, 2),
        (2, "李娜", 80.0, True, 2),
        (3, "赵敏", 70.0, False, 1),
    ]
    assert data["rows"][0]["unit_name"] == "区商务局"
    assert data["rows"][0]["track_name"] == "数字经济"
    assert data["rows"][0]["assigned"] == 2
    zhang_raters = {d["rater_name"] for d in data["rows"][0]["details"]}
    assert zhang_raters <= {"林志远", "陈思雨", "赵宏伟"} and len(zhang_raters) == 2
    assert data["rater_effects"] == []
    # Each rater has two marks at most: fewer than three.
    sparse = [w for w in data["warnings"] if w["code"] == "sparse_rater"]
    assert len(sparse) == 3
    assert sparse[0]["message"].startswith("评委") and "校正可能不可靠" in sparse[0]["message"]
    assert all(w["entry"] is None and w["rater"] for w in sparse)
    severity = client.get(url, {"method": "severity"}).json()
    assert severity["method"] == "severity"
    # Every rater gives the same marks: no one is harsher, and the levels are the marks.
    assert [r["score"] for r in severity["rows"]] == [90.0, 80.0, 70.0]
    assert {e["effect"] for e in severity["rater_effects"]} == {0.0}
    assert sorted(e["rater_name"] for e in severity["rater_effects"]) == [
        "林志远",
        "赵宏伟",
        "陈思雨",
    ]


def test_ranking_warns_of_unscored_candidates(api, people, running):
    for a in running.assignments:
        if a.entry.application.cadre.name != "赵敏":
            submit_sheet(a)
    data = api(people.org_admin).get(f"/api/v1/stages/{running.first.pk}/ranking/").json()
    unscored = [w for w in data["warnings"] if w["code"] == "unscored_candidate"]
    zhao = running.entries["赵敏"]
    assert unscored == [
        {
            "code": "unscored_candidate",
            "rater": None,
            "entry": zhao.pk,
            "detail": {},
            "message": f"1 名考生还没有任何已提交的评分，暂不参与排名：{zhao.code}。",
        }
    ]
    assert data["rows"][2] | {"details": []} == {
        "entry": zhao.pk,
        "code": zhao.code,
        "name": "赵敏",
        "unit_name": "区财政局",
        "track_name": "数字经济",
        "rank": None,
        "score": None,
        "tied": False,
        "proposed": False,
        "shortfall": "",
        "submitted": 0,
        "assigned": 2,
        "details": [],
    }


def test_ranking_with_an_unknown_method_is_400(api, people, scored):
    response = api(people.org_admin).get(
        f"/api/v1/stages/{scored.first.pk}/ranking/", {"method": "average"}
    )
    assert response.status_code == 400
    assert response.json() == {"method": ["“average” 不是合法选项。"]}


# --- the cut --------------------------------------------------------------------------------


def test_the_cut_is_refused_while_a_sheet_is_missing(api, people, scored):
    response = api(people.org_admin).post(
        f"/api/v1/stages/{scored.first.pk}/advancement/",
        {"overrides": {str(scored.entries["赵敏"].pk): {"advanced": True, "reason": "表现好"}}},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["还有 1 份评分表未提交，不能确定晋级。"]}
    assert not AdvancementDecision.objects.exists()
    assert Stage.objects.get(pk=scored.first.pk).status == "scoring"
    assert not StageEntry.objects.filter(stage=scored.second).exists()


def test_an_adjustment_needs_a_reason(api, people, complete):
    li, zhao = complete.entries["李娜"], complete.entries["赵敏"]
    url = f"/api/v1/stages/{complete.first.pk}/advancement/"
    client = api(people.org_admin)
    response = client.post(
        url,
        {
            "overrides": {
                str(li.pk): {"advanced": False, "reason": " "},
                str(zhao.pk): {"advanced": False},  # the same as the rule: no reason needed
            }
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "overrides": {str(li.pk): {"reason": [f"考生 {li.code} 的调整须填写理由。"]}}
    }
    for overrides, errors in (
        ({"abc": {"advanced": True}}, {"overrides": ["调整的考生不属于该关卡。"]}),
        (
            {"999999": {"advanced": True, "reason": "x"}},
            {"non_field_errors": ["调整的考生不属于该关卡。"]},
        ),
        (
            {str(li.pk): {"reason": "x"}},
            {"overrides": {str(li.pk): {"advanced": ["该字段是必填项。"]}}},
        ),
    ):
        refused = client.post(url, {"overrides": overrides}, format="json")
        assert refused.status_code == 400
        assert refused.json() == errors
    assert not AdvancementDecision.objects.exists()
    assert set(StageEntry.objects.values_list("result", flat=True)) == {"pending"}


def test_the_cut_by_the_rule_and_once_only(api, people, complete):
    client = api(people.org_admin)
    url = f"/api/v1/stages/{complete.first.pk}/advancement/"
    decision = client.post(url, {"note": "按规则"}, format="json")
    assert decision.status_code == 201
    data = decision.json()
    assert (data["decided_by"], data["decided_by_name"]) == (
        people.org_admin.pk,
        people.org_admin.display_name,
    )
    assert (data["method_name"], data["rule_name"], data["rule_value"]) == (
        "平均分",
        "前 N 名晋级",
        "2.00",
    )
    assert [(r["code"], r["advanced"], r["adjusted"]) for r in data["results"]] == [
        (complete.entries["张伟"].code, True, False),
        (complete.entries["李娜"].code, True, False),
        (complete.entries["赵敏"].code, False, False),
    ]
    assert [w["code"] for w in data["warnings"]] == ["sparse_rater"] * 3
    again = client.post(url, {}, format="json")
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["该关卡的晋级结果已经确定。"]}
    assert AdvancementDecision.objects.count() == 1
    entered = StageEntry.objects.filter(stage=complete.second)
    assert sorted(entered.values_list("application__cadre__name", flat=True)) == ["张伟", "李娜"]
    # A sheet of a decided stage can no longer be reopened.
    sheet = ScoreSheet.objects.first()
    reopen = client.post(f"/api/v1/sheets/{sheet.pk}/reopen/", {"reason": "重评"}, format="json")
    assert reopen.json() == {"non_field_errors": ["该关卡已确定晋级结果，评分表不能再开放。"]}
