"""A whole selection through the API alone, every number worked out by hand.

火星计划训练营 (root unit, tracks 数字经济 and 人工智能, born 1990 or later), stage 1 入营选拔 (the
top 2 by the mean; 市场眼光 max 40 weight 2, 沟通表达 max 30 weight 1; 2 raters per candidate),
stage 2 实践闯关. A sheet's total is 100 × Σ(points / max × weight) / Σ weight, so 36 and 27
give 100 × (0.9 × 2 + 0.9 × 1) / 3 = 90, 32 and 24 give 80, 28 and 21 give 70.

张伟 applies himself; officer A recommends 李娜 and 钱多多 (who is then withdrawn); officer B's
王强 (born 1988) is refused, 赵敏 recommended. Three raters each score two candidates: 张伟 90
and 李娜 80 from both of theirs, 赵敏 70 from one and 80 from the other, so the means are 90, 80
and 75. The top 2 (张伟, 李娜) are proposed; the administrator holds 李娜 back with a reason.
"""

import datetime

import pytest
from django.utils import timezone

from qingmiao.accounts.models import AuditEntry
from qingmiao.accounts.roles import Role
from qingmiao.accounts.tests.factories import UserFactory
from qingmiao.cadres.tests.factories import CadreFactory
from qingmiao.selection.models import (
    AdvancementDecision,
    Application,
    Program,
    ScoreSheet,
    Stage,
    StageEntry,
)

pytestmark = pytest.mark.django_db

# The points for each total; some are sent as strings, as a form would send them.
POINTS = {90: ("36", 27), 80: (32, "24"), 70: (28, 21)}


def ok(response, status=200):
    assert response.status_code == status, response.json()
    return response.json()


def test_a_whole_selection_through_the_api(api, people):
    admin, cadre, officer_a, officer_b = (
        api(people.org_admin),
        api(people.cadre_user),
        api(people.officer_a),
        api(people.officer_b),
    )
    closes = timezone.now() + datetime.timedelta(days=10)

    # 1. The program, a draft with its tracks.
    program = ok(
        admin.post(
            "/api/v1/programs/",
            {
                "name": "火星计划训练营",
                "kind": "training_camp",
                "organizer": people.tree.root.pk,
                "registration_closes": closes.isoformat(),
                "capacity": 2,
                "entry_mode": "both",
                "tracks": ["数字经济", " 人工智能 ", ""],
            },
            format="json",
        ),
        201,
    )
    pid = program["id"]
    assert (program["status"], program["status_name"], program["kind_name"]) == (
        "draft",
        "草稿",
        "训练营",
    )
    assert [t["name"] for t in program["tracks"]] == ["数字经济", "人工智能"]
    digital, ai = (t["id"] for t in program["tracks"])

    # 2. Its eligibility rule.
    rule = ok(
        admin.put(f"/api/v1/programs/{pid}/rule/", {"born_from": "1990-01-01"}, format="json")
    )
    assert rule["editable"] is True
    assert rule["requirements"] == [
        {"key": "birth_date", "label": "出生日期", "required": "1990.01.01 及以后出生"}
    ]

    # 3. Two stages, the first with its scoring scheme.
    first = ok(
        admin.post(
            "/api/v1/stages/",
            {
                "program": pid,
                "name": "入营选拔",
                "advancement_rule": "top_n",
                "rule_value": "2",
                "aggregation": "mean",
                "raters_per_candidate": 2,
                "dimensions": [
                    {"name": "市场眼光", "weight": "2", "max_score": "40"},
                    {"name": "沟通表达", "weight": 1, "max_score": 30},
                ],
            },
            format="json",
        ),
        201,
    )
    assert first["order"] == 1
    assert first["rater_roles"] == ["rater"]
    assert [(d["name"], d["weight"], d["max_score"]) for d in first["dimensions"]] == [
        ("市场眼光", "2.00", "40.00"),
        ("沟通表达", "1.00", "30.00"),
    ]
    market, talk = (d["id"] for d in first["dimensions"])
    second = ok(
        admin.post(
            "/api/v1/stages/",
            {"program": pid, "name": "实践闯关", "advancement_rule": "manual"},
            format="json",
        ),
        201,
    )
    assert second["order"] == 2

    # 4. Registration opens; the rule is frozen from now on.
    opened = ok(
        admin.post(
            f"/api/v1/programs/{pid}/transition/", {"to": "registration_open"}, format="json"
        )
    )
    assert opened["status"] == "registration_open"
    assert admin.get(f"/api/v1/programs/{pid}/rule/").json()["editable"] is False

    # 5. 张伟 checks his eligibility, then applies.
    check = ok(cadre.get(f"/api/v1/programs/{pid}/eligibility/"))
    assert check == {
        "program": pid,
        "cadre": people.cadre_a.pk,
        "cadre_name": "张伟",
        "eligible": True,
        "rules": [
            {
                "key": "birth_date",
                "label": "出生日期",
                "ok": True,
                "required": "1990.01.01 及以后出生",
                "actual": "1995.05.12",
            }
        ],
    }
    zhang = ok(
        cadre.post(
            "/api/v1/applications/",
            {"program": pid, "track": digital, "statement": "对产业经济感兴趣"},
            format="json",
        ),
        201,
    )
    assert (zhang["mode"], zhang["status"], zhang["cadre"]["name"]) == ("self", "submitted", "张伟")
    assert zhang["eligibility"][0]["ok"] is True

    # 6. The officers recommend; 王强 (born 1988) is refused.
    li = ok(
        officer_a.post(
            "/api/v1/applications/",
            {"program": pid, "cadre": people.cadre_a2.pk, "track": ai, "statement": "业务骨干"},
            format="json",
        ),
        201,
    )
    assert (li["mode"], li["recommended_by"]) == ("recommended", people.officer_a.pk)
    qian = CadreFactory(
        name="钱多多", unit=people.tree.unit_a, birth_date=datetime.date(1994, 1, 1)
    )
    withdrawn = ok(
        officer_a.post(
            "/api/v1/applications/",
            {"program": pid, "cadre": qian.pk, "track": ai, "statement": "推荐"},
            format="json",
        ),
        201,
    )
    assert (
        ok(officer_a.post(f"/api/v1/applications/{withdrawn['id']}/withdraw/"))["status"]
        == "withdrawn"
    )
    refused = officer_b.post(
        "/api/v1/applications/",
        {"program": pid, "cadre": people.cadre_b.pk, "track": digital, "statement": "推荐"},
        format="json",
    )
    assert refused.status_code == 400
    assert refused.json() == {"non_field_errors": ["不符合资格条件：出生日期。"]}
    zhao_cadre = CadreFactory(
        name="赵敏", unit=people.tree.unit_b, birth_date=datetime.date(1996, 2, 3)
    )
    zhao = ok(
        officer_b.post(
            "/api/v1/applications/",
            {"program": pid, "cadre": zhao_cadre.pk, "track": digital, "statement": "综合素质好"},
            format="json",
        ),
        201,
    )

    # 7. Screening by the rule: the three submitted ones pass (the withdrawn one is left).
    assert ok(admin.post(f"/api/v1/programs/{pid}/screen/", {"by_rules": True}, format="json")) == {
        "screened": 3,
        "eligible": 3,
        "ineligible": 0,
    }
    listing = ok(admin.get("/api/v1/applications/", {"program": pid, "status": "eligible"}))
    assert sorted(a["cadre"]["name"] for a in listing["results"]) == ["张伟", "李娜", "赵敏"]

    # 8. Start: the eligible enter stage 1 under codes.
    running = ok(
        admin.post(f"/api/v1/programs/{pid}/transition/", {"to": "running"}, format="json")
    )
    assert running["status"] == "running"
    entries = {
        e.application.cadre.name: e
        for e in StageEntry.objects.filter(stage_id=first["id"]).select_related(
            "application__cadre"
        )
    }
    assert sorted(entries) == ["张伟", "李娜", "赵敏"]
    assert sorted(e.code for e in entries.values()) == ["10001", "10002", "10003"]

    # 9. Three raters, two per candidate.
    raters = [
        UserFactory(username=f"judge{i}", full_name=name, role=Role.RATER)
        for i, name in enumerate(["林志远", "陈思雨", "赵宏伟"])
    ]
    assigned = ok(
        admin.post(
            f"/api/v1/stages/{first['id']}/assignments/auto/",
            {"raters": [r.pk for r in raters], "k": 2},
            format="json",
        )
    )
    assert assigned == {"assignments": 6, "loads": {"林志远": 2, "陈思雨": 2, "赵宏伟": 2}}
    plan = ok(admin.get(f"/api/v1/stages/{first['id']}/assignments/"))
    assert plan["count"] == 6
    panel = {}
    for row in plan["results"]:
        panel.setdefault(row["candidate_name"], []).append(row["rater"])
        assert row["sheet_status"] == ""
    assert {name: len(ids) for name, ids in panel.items()} == {"张伟": 2, "李娜": 2, "赵敏": 2}
    scoring = ok(admin.post(f"/api/v1/stages/{first['id']}/open-scoring/"))
    assert scoring["status"] == "scoring"

    # 10. The raters score: a draft first, then the submission. 赵敏's second rater (by id)
    # gives her 80, everyone else the marks above.
    zhao_harsh, zhao_kind = sorted(panel["赵敏"])
    for rater in raters:
        client = api(rater)
        tasks = ok(client.get("/api/v1/my/assignments/"))
        assert tasks["count"] == 2
        for task in tasks["results"]:
            name = task["candidate"]["name"]
            total = (
                80
                if (name == "赵敏" and rater.pk == zhao_kind)
                else {
                    "张伟": 90,
                    "李娜": 80,
                    "赵敏": 70,
                }[name]
            )
            a, b = POINTS[total]
            url = f"/api/v1/assignments/{task['id']}/sheet/"
            draft = ok(
                client.put(url, {"scores": [{"dimension": market, "value": a}]}, format="json")
            )
            assert (draft["status"], draft["total"]) == ("draft", None)
            if name == "赵敏" and rater.pk == zhao_harsh:
                continue  # this one is submitted later
            sheet = ok(
                client.post(
                    url + "submit/",
                    {"scores": [{"dimension": talk, "value": b, "comment": "表达清楚"}]},
                    format="json",
                )
            )
            assert sheet["status"] == "submitted"
            assert sheet["total"] == f"{total}.000"

    # 11. One sheet is missing: the cut is refused and nothing changes.
    refused = admin.post(
        f"/api/v1/stages/{first['id']}/advancement/", {"overrides": {}}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json() == {"non_field_errors": ["还有 1 份评分表未提交，不能确定晋级。"]}
    assert Stage.objects.get(pk=first["id"]).status == "scoring"
    assert not AdvancementDecision.objects.exists()
    assert set(StageEntry.objects.values_list("result", flat=True)) == {"pending"}
    last = next(
        t
        for t in api(raters[[r.pk for r in raters].index(zhao_harsh)])
        .get("/api/v1/my/assignments/")
        .json()["results"]
        if t["candidate"]["name"] == "赵敏"
    )
    ok(
        api(next(r for r in raters if r.pk == zhao_harsh)).post(
            f"/api/v1/assignments/{last['id']}/sheet/submit/",
            {"scores": [{"dimension": talk, "value": 21}]},
            format="json",
        )
    )

    # 12. The ranking: means 90, 80, 75; the top 2 proposed.
    ranking = ok(admin.get(f"/api/v1/stages/{first['id']}/ranking/"))
    assert ranking["method"] == "mean"
    assert ranking["missing_sheets"] == 0
    rows = [
        (r["rank"], r["name"], r["score"], r["proposed"], r["tied"], r["submitted"])
        for r in ranking["rows"]
    ]
    assert rows == [
        (1, "张伟", 90.0, True, False, 2),
        (2, "李娜", 80.0, True, False, 2),
        (3, "赵敏", 75.0, False, False, 2),
    ]
    zhao_row = ranking["rows"][2]
    assert sorted((d["rater"], d["raw"], d["adjusted"]) for d in zhao_row["details"]) == [
        (zhao_harsh, 70.0, 70.0),
        (zhao_kind, 80.0, 80.0),
    ]
    # Each rater scored two candidates: fewer than three, which the ranking points out.
    assert sorted(w["code"] for w in ranking["warnings"]) == ["sparse_rater"] * 3
    assert {w["rater"] for w in ranking["warnings"]} == {r.pk for r in raters}

    # 13. The cut, holding 李娜 back with a reason.
    li_entry = entries["李娜"].pk
    decision = ok(
        admin.post(
            f"/api/v1/stages/{first['id']}/advancement/",
            {
                "overrides": {str(li_entry): {"advanced": False, "reason": "借调外地，无法参加"}},
                "note": "第一关结果",
            },
            format="json",
        ),
        201,
    )
    assert (decision["method"], decision["rule"], decision["note"]) == (
        "mean",
        "top_n",
        "第一关结果",
    )
    assert decision["advanced_count"] == 1
    assert [
        (r["rank"], r["name"], r["score"], r["proposed"], r["advanced"], r["reason"])
        for r in decision["results"]
    ] == [
        (1, "张伟", "90.00", True, True, ""),
        (2, "李娜", "80.00", True, False, "借调外地，无法参加"),
        (3, "赵敏", "75.00", False, False, ""),
    ]
    assert admin.get(f"/api/v1/stages/{first['id']}/advancement/").json() == decision
    assert Stage.objects.get(pk=first["id"]).status == "decided"
    outcomes = dict(Application.objects.values_list("cadre__name", "outcome"))
    assert outcomes == {
        "张伟": "in_progress",
        "李娜": "eliminated",
        "赵敏": "eliminated",
        "钱多多": "pending",
    }
    assert list(
        StageEntry.objects.filter(stage_id=second["id"]).values_list(
            "application__cadre__name", flat=True
        )
    ) == ["张伟"]
    confirmed = AuditEntry.objects.get(action="selection.advancement.confirmed")
    assert confirmed.extra["adjusted"] == [
        {"code": entries["李娜"].code, "advanced": False, "reason": "借调外地，无法参加"}
    ]

    # 14. The funnel: 4 applied (one withdrawn), 3 eligible, 3 in stage 1, 1 advanced.
    funnel = ok(admin.get(f"/api/v1/programs/{pid}/funnel/"))
    assert [(s["key"], s["label"], s["count"]) for s in funnel["steps"]] == [
        ("applied", "报名", 4),
        ("eligible", "资格审查通过", 3),
        ("stage1", "入营选拔（参加）", 3),
        ("stage1_advanced", "入营选拔（晋级）", 1),
        ("stage2", "实践闯关（参加）", 1),
    ]
    # 李娜 (1992) and 钱多多 (1994) are 90后, 张伟 (1995) and 赵敏 (1996) 95后.
    assert funnel["steps"][0]["structure"]["generation"] == [
        {"label": "90后", "n": 2},
        {"label": "95后", "n": 2},
    ]
    assert funnel["steps"][3]["structure"]["generation"] == [{"label": "95后", "n": 1}]
    assert Program.objects.get(pk=pid).status == "running"
    assert ScoreSheet.objects.filter(status="submitted").count() == 6
    # The application ids the API handed out are the records'.
    assert Application.objects.get(pk=zhao["id"]).cadre == zhao_cadre
