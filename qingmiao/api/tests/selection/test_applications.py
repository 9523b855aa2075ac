"""Applications through the API: applying and recommending, the list and its filters,
screening; refusals are 400 with the Chinese message and change nothing."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qingmiao.accounts.models import AuditEntry
from qingmiao.cadres.tests.factories import CadreFactory
from qingmiao.selection import services
from qingmiao.selection.models import Application

from .conftest import make_program, make_stage

pytestmark = pytest.mark.django_db


def apply(client, **body):
    return client.post("/api/v1/applications/", body, format="json")


# --- applying and recommending ----------------------------------------------------------------


def test_applying_needs_a_statement_and_a_track(api, people, camp):
    Application.objects.filter(pk=camp.apps.zhang.pk).delete()
    client = api(people.cadre_user)
    response = apply(client, program=camp.program.pk, statement="")
    assert response.status_code == 400
    assert response.json() == {"statement": ["请填写报名陈述。"]}
    no_track = apply(client, program=camp.program.pk, statement="我想参加")
    assert no_track.status_code == 400
    assert no_track.json() == {"track": ["请选择赛道。"]}
    assert not Application.objects.filter(cadre=people.cadre_a).exists()


def test_a_track_of_another_program_is_refused(api, people, camp, unit_b_draft):
    other = make_program(people.org_admin, people.tree.root, name="萧山成长营", tracks=("乡村",))
    track = other.tracks.get().pk
    body = {"program": camp.program.pk, "cadre": people.cadre_a2.pk, "statement": "推荐"}
    # The administrator sees the other program's track, the officer does not (a draft's):
    # both are told the same.
    for user in (people.org_admin, people.officer_a):
        response = apply(api(user), **body, track=track)
        assert response.status_code == 400
        assert response.json() == {"track": ["所选赛道不属于该项目。"]}
    assert Application.objects.count() == 3


def test_applying_twice_is_refused(api, people, camp):
    response = apply(
        api(people.cadre_user), program=camp.program.pk, track=camp.ai.pk, statement="再报一次"
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["已报名该项目，不能重复报名。"]}
    assert Application.objects.filter(cadre=people.cadre_a).count() == 1


def test_a_draft_cannot_be_applied_to(api, people, unit_b_draft):
    response = apply(api(people.cadre_user), program=unit_b_draft.program.pk, statement="报名")
    assert response.status_code == 400
    assert list(response.json()) == ["program"]
    assert not Application.objects.exists()


def test_recommending_needs_a_cadre_in_scope_and_a_reason(api, people, camp):
    officer = api(people.officer_a)
    missing = apply(officer, program=camp.program.pk, track=camp.ai.pk)
    assert missing.status_code == 400
    assert missing.json() == {"cadre": ["请选择要推荐的干部。"], "statement": ["请填写推荐理由。"]}
    outside = apply(
        officer, program=camp.program.pk, cadre=camp.zhao.pk, track=camp.ai.pk, statement="推荐"
    )
    assert outside.status_code == 400
    assert outside.json() == {"cadre": ["只能推荐本单位及下属单位的干部。"]}
    inactive = CadreFactory(name="孙离", unit=people.tree.unit_a, is_active=False)
    response = apply(
        officer, program=camp.program.pk, cadre=inactive.pk, track=camp.ai.pk, statement="推荐"
    )
    assert response.json() == {"cadre": ["只能推荐本单位及下属单位的干部。"]}
    assert Application.objects.count() == 3


def test_a_self_application_only_program_refuses_recommendations(api, people):
    program = make_program(people.org_admin, people.tree.root, tracks=())
    program.entry_mode = "self"
    program.save()
    make_stage(people.org_admin, program, 1, "评审", value="1")
    services.program_transition(actor=people.org_admin, program=program, to="registration_open")
    response = apply(
        api(people.officer_a), program=program.pk, cadre=people.cadre_a.pk, statement="推荐"
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["该项目只接受干部自主报名。"]}
    ok = apply(api(people.cadre_user), program=program.pk, statement="我想参加")
    assert ok.status_code == 201
    assert ok.json()["mode_name"] == "自主报名"


def test_application_representation(api, people, camp):
    data = api(people.cadre_user).get(f"/api/v1/applications/{camp.apps.zhang.pk}/").json()
    assert data["program"] == camp.program.pk
    assert data["program_name"] == "火星计划训练营"
    assert data["cadre"] == {
        "id": people.cadre_a.pk,
        "name": "张伟",
        "gender_name": "男",
        "birth_date": "1995-05-12",
        "unit": people.tree.unit_a.pk,
        "unit_name": "区商务局",
        "fulltime_education_name": people.cadre_a.fulltime_education.name,
        "political_status_name": "中国共产党党员",
    }
    assert (data["track"], data["track_name"]) == (camp.digital.pk, "数字经济")
    assert (data["mode"], data["status_name"], data["outcome"]) == ("self", "已报名", "pending")
    assert data["statement"] == "对产业经济感兴趣"
    assert data["eligibility"] == [
        {
            "key": "birth_date",
            "label": "出生日期",
            "ok": True,
            "required": "1990.01.01 及以后出生",
            "actual": "1995.05.12",
        }
    ]
    assert data["current_stage"] is None
    assert "id_number" not in str(data)


# --- the list -------------------------------------------------------------------------------


def test_list_filters(api, people, camp):
    services.applications_screen(
        actor=people.org_admin,
        program=camp.program,
        applications=[camp.apps.zhao],
        eligible=False,
        reason="不在推荐名额内",
    )
    client = api(people.org_admin)

    def names(**query):
        response = client.get("/api/v1/applications/", query)
        assert response.status_code == 200, response.json()
        return [a["cadre"]["name"] for a in response.json()["results"]]

    assert names(program=camp.program.pk) == ["张伟", "李娜", "赵敏"]
    assert names(track=camp.digital.pk) == ["张伟", "赵敏"]
    assert names(mode="recommended") == ["李娜", "赵敏"]
    assert names(status="ineligible") == ["赵敏"]
    assert names(status="submitted", track=camp.digital.pk) == ["张伟"]
    rejected = client.get("/api/v1/applications/", {"status": "ineligible"}).json()["results"][0]
    assert rejected["screening_reason"] == "不在推荐名额内"
    # A unit officer filters within their own cadres only.
    officer = api(people.officer_b).get("/api/v1/applications/", {"track": camp.digital.pk})
    assert [a["cadre"]["name"] for a in officer.json()["results"]] == ["赵敏"]


def test_list_bad_filters_are_400(api, people, camp, unit_b_draft):
    client = api(people.officer_a)
    response = client.get(
        "/api/v1/applications/", {"status": "approved", "mode": "x", "program": 999999}
    )
    assert response.status_code == 400
    assert response.json() == {
        "program": ["选择一个有效的选项： 该选择不在可用的选项中。"],
        "status": ["选择一个有效的选项。 approved 不在可用的选项中。"],
        "mode": ["选择一个有效的选项。 x 不在可用的选项中。"],
    }
    # A program the officer may not see is no filter but an error, like an unknown one.
    draft = client.get("/api/v1/applications/", {"program": unit_b_draft.program.pk})
    assert draft.status_code == 400


def test_application_list_queries_do_not_grow_with_the_page(api, people, camp):
    for cadre in [
        CadreFactory(unit=people.tree.unit_a, birth_date=datetime.date(1994, 1, 1))
        for _ in range(60)
    ]:
        services.application_recommend(
            actor=people.officer_a, program=camp.program, cadre=cadre, track=camp.ai, statement=""
        )
    for persona in ("org_admin", "officer_a"):
        client = api(getattr(people, persona))
        counts = []
        for size in (5, 50):
            with CaptureQueriesContext(connection) as queries:
                response = client.get("/api/v1/applications/", {"page_size": size})
            assert response.status_code == 200
            assert len(response.json()["results"]) == size
            assert response.json()["count"] == (63 if persona == "org_admin" else 62)
            counts.append(len(queries))
        assert counts[0] == counts[1], (persona, counts)


# --- screening ------------------------------------------------------------------------------


def test_screening_marks_the_chosen_applications(api, people, camp):
    response = api(people.org_admin).post(
        f"/api/v1/programs/{camp.program.pk}/screen/",
        {
            "applications": [camp.apps.zhang.pk, camp.apps.li.pk],
            "eligible": False,
            "reason": "名额已满",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json() == {"screened": 2, "eligible": 0, "ineligible": 2}
    statuses = dict(Application.objects.values_list("cadre__name", "status"))
    assert statuses == {"张伟": "ineligible", "李娜": "ineligible", "赵敏": "submitted"}
    zhang = Application.objects.get(pk=camp.apps.zhang.pk)
    assert (zhang.screening_reason, zhang.screened_by) == ("名额已满", people.org_admin)
    mine = api(people.cadre_user).get(f"/api/v1/applications/{zhang.pk}/").json()
    assert (mine["status_name"], mine["screening_reason"]) == ("资格审查未通过", "名额已满")


def test_screening_bad_input_changes_nothing(api, people, camp):
    other = make_program(people.org_admin, people.tree.root, name="萧山成长营", tracks=())
    client = api(people.org_admin)
    url = f"/api/v1/programs/{camp.program.pk}/screen/"
    cases = [
        ({}, {"applications": ["请先勾选要审查的报名。"], "eligible": ["该字段是必填项。"]}),
        (
            {"applications": [camp.apps.zhang.pk], "eligible": False},
            {"reason": ["请填写不通过的理由。"]},
        ),
        (
            {"applications": [camp.apps.zhang.pk, 999999], "eligible": True},
            {"applications": ["所选报名中有不属于该项目的记录。"]},
        ),
        (
            {"applications": ["x"], "eligible": "maybe"},
            {"applications": {"0": ["请填写合法的整数值。"]}, "eligible": ["必须是有效的布尔值。"]},
        ),
    ]
    for body, errors in cases:
        response = client.post(url, body, format="json")
        assert response.status_code == 400
        assert response.json() == errors
    closed = client.post(f"/api/v1/programs/{other.pk}/screen/", {"by_rules": True}, format="json")
    assert closed.json() == {"non_field_errors": ["只能在报名期内进行资格审查。"]}
    assert set(Application.objects.values_list("status", flat=True)) == {"submitted"}
    assert not AuditEntry.objects.filter(action__startswith="selection.application.screened")


def test_screening_by_rules_names_the_failed_rules(api, people, camp):
    # An application of 王强 (born 1988) that never went through the check, as one carried
    # over from before the rule would be.
    Application.objects.create(
        program=camp.program, cadre=people.cadre_b, mode="recommended", statement=""
    )
    response = api(people.org_admin).post(
        f"/api/v1/programs/{camp.program.pk}/screen/", {"by_rules": True}, format="json"
    )
    assert response.json() == {"screened": 4, "eligible": 3, "ineligible": 1}
    wang = Application.objects.get(cadre=people.cadre_b)
    assert (wang.status, wang.screening_reason) == ("ineligible", "不符合：出生日期")
