"""Programs, their eligibility rules and the eligibility check through the API: what is saved,
what is refused (400 with the field's Chinese message) and that a refusal changes nothing."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from qingmiao.accounts.models import AuditEntry
from qingmiao.cadres.models import Tag
from qingmiao.selection.models import EligibilityRule, Program, Track

from .conftest import make_program, make_stage

pytestmark = pytest.mark.django_db


def in_days(days: int) -> str:
    return (timezone.now() + datetime.timedelta(days=days)).isoformat()


# --- create and update ------------------------------------------------------------------------


def test_create_with_everything(api, people):
    response = api(people.org_admin).post(
        "/api/v1/programs/",
        {
            "name": "萧山成长营",
            "kind": "growth_camp",
            "organizer": people.tree.unit_a.pk,
            "description": "744 人报名，70 人入营",
            "partner_institutions": "区委党校",
            "start_date": "2026-03-01",
            "end_date": "2026-12-31",
            "registration_opens": in_days(1),
            "registration_closes": in_days(20),
            "capacity": 70,
            "entry_mode": "recommendation",
            "tracks": ["乡村振兴", "基层治理"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    program = Program.objects.get(name="萧山成长营")
    assert response["Location"] == f"/api/v1/programs/{program.pk}/"
    assert data["id"] == program.pk
    assert data["public_id"] == str(program.public_id)
    assert (data["organizer"], data["organizer_name"]) == (people.tree.unit_a.pk, "区商务局")
    assert (data["kind_name"], data["entry_mode_name"]) == ("成长营", "单位推荐")
    assert (program.capacity, program.start_date) == (70, datetime.date(2026, 3, 1))
    assert program.created_by == people.org_admin
    assert [(t["name"], t["sort"]) for t in data["tracks"]] == [("乡村振兴", 0), ("基层治理", 1)]
    assert EligibilityRule.objects.filter(program=program).exists()
    assert AuditEntry.objects.filter(action="selection.program.created").count() == 1


def test_create_with_bad_input_saves_nothing(api, people):
    response = api(people.org_admin).post(
        "/api/v1/programs/",
        {"kind": "camp", "organizer": 999999, "capacity": -1, "tracks": ["甲", "甲"]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "name": ["该字段是必填项。"],
        "kind": ["“camp” 不是合法选项。"],
        "organizer": ["只能选择本单位及下属单位作为主办单位。"],
        "capacity": ["请确保该值大于或者等于 0。"],
        "tracks": ["赛道“甲”重复。"],
    }
    assert not Program.objects.exists()
    assert not AuditEntry.objects.filter(action="selection.program.created").exists()


def test_create_with_an_organizer_outside_the_scope(api, people, admin_a):
    response = api(admin_a).post(
        "/api/v1/programs/",
        {"name": "成长营", "kind": "growth_camp", "organizer": people.tree.unit_b.pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"organizer": ["只能选择本单位及下属单位作为主办单位。"]}
    assert not Program.objects.exists()


def test_the_services_checks_come_back_by_field(api, people):
    response = api(people.org_admin).post(
        "/api/v1/programs/",
        {
            "name": "成长营",
            "kind": "growth_camp",
            "organizer": people.tree.root.pk,
            "registration_opens": in_days(5),
            "registration_closes": in_days(2),
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"registration_closes": ["报名截止时间必须晚于报名开始时间。"]}
    assert not Program.objects.exists()


def test_update_changes_only_what_is_sent(api, people, camp):
    response = api(people.org_admin).patch(
        f"/api/v1/programs/{camp.program.pk}/",
        {"capacity": 75, "tracks": ["人工智能", "数字经济", "生命健康"]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    program = Program.objects.get(pk=camp.program.pk)
    assert (program.name, program.capacity, program.status) == (
        "火星计划训练营",
        75,
        "registration_open",
    )
    assert [t["name"] for t in response.json()["tracks"]] == ["人工智能", "数字经济", "生命健康"]
    updated = AuditEntry.objects.get(action="selection.program.updated")
    assert updated.changes["capacity"] == {"before": 158, "after": 75}


def test_update_cannot_drop_a_track_with_applications(api, people, camp):
    response = api(people.org_admin).patch(
        f"/api/v1/programs/{camp.program.pk}/",
        {"capacity": 75, "tracks": ["人工智能"]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"tracks": ["赛道“数字经济”已有报名，不能删除。"]}
    program = Program.objects.get(pk=camp.program.pk)
    assert program.capacity == 158
    assert sorted(Track.objects.filter(program=program).values_list("name", flat=True)) == [
        "人工智能",
        "数字经济",
    ]


def test_update_ignores_read_only_fields(api, people, camp):
    response = api(people.org_admin).patch(
        f"/api/v1/programs/{camp.program.pk}/",
        {"status": "finished", "public_id": "x", "id": 5, "created_by": people.leader.pk},
        format="json",
    )
    assert response.status_code == 200
    program = Program.objects.get(pk=camp.program.pk)
    assert (program.status, program.created_by) == ("registration_open", people.org_admin)


# --- transitions --------------------------------------------------------------------------------


def test_transition_refusals_give_the_reason_and_change_nothing(api, people):
    admin = api(people.org_admin)
    program = make_program(people.org_admin, people.tree.root, tracks=())
    url = f"/api/v1/programs/{program.pk}/transition/"
    skip = admin.post(url, {"to": "running"}, format="json")
    assert skip.status_code == 400
    assert skip.json() == {"non_field_errors": ["项目状态不能从“草稿”变为“进行中”。"]}
    no_stage = admin.post(url, {"to": "registration_open"}, format="json")
    assert no_stage.status_code == 400
    assert no_stage.json() == {"non_field_errors": ["请先设置至少一个关卡。"]}
    make_stage(people.org_admin, program, 1, "综合评审", value="1")
    Program.objects.filter(pk=program.pk).update(
        registration_closes=timezone.now() - datetime.timedelta(hours=1)
    )
    expired = admin.post(url, {"to": "registration_open"}, format="json")
    assert expired.status_code == 400
    assert expired.json() == {"registration_closes": ["请先设置一个尚未到期的报名截止时间。"]}
    for body in ({"to": "draft"}, {"to": "open"}, {}):
        response = admin.post(url, body, format="json")
        assert response.status_code == 400
        assert list(response.json()) == ["to"]
    assert admin.post(url, {}, format="json").json() == {"to": ["该字段是必填项。"]}
    assert Program.objects.get(pk=program.pk).status == "draft"
    assert not AuditEntry.objects.filter(action="selection.program.transitioned").exists()


def test_starting_needs_every_application_screened(api, people, camp):
    response = api(people.org_admin).post(
        f"/api/v1/programs/{camp.program.pk}/transition/", {"to": "running"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["还有 3 份报名未完成资格审查。"]}
    assert Program.objects.get(pk=camp.program.pk).status == "registration_open"


# --- the eligibility rule -----------------------------------------------------------------------


def test_rule_put_replaces_the_rule(api, people):
    program = make_program(people.org_admin, people.tree.root, tracks=())
    tag = Tag.objects.create(name="选调生")
    admin = api(people.org_admin)
    url = f"/api/v1/programs/{program.pk}/rule/"
    response = admin.put(
        url,
        {
            "born_from": "1990-01-01",
            "born_to": "1999-12-31",
            "min_education_level": 2,
            "political_statuses": ["01", "02"],
            "unit_types": ["party_govt"],
            "units": [people.tree.unit_a.pk],
            "min_years_since_hire": 2,
            "ranks": ["R21"],
            "required_tags": [tag.pk],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["political_statuses"] == ["01", "02"]
    assert data["political_status_names"] == ["中国共产党党员", "中国共产党预备党员"]
    assert (data["units"], data["unit_names"]) == ([people.tree.unit_a.pk], ["区商务局"])
    assert (data["ranks"], data["required_tag_names"]) == (["R21"], ["选调生"])
    assert data["min_education_level_name"] == "大学本科"
    assert [r["key"] for r in data["requirements"]] == [
        "birth_date", "education", "political_status", "unit", "years_since_hire", "rank", "tags",
    ]  # fmt: skip
    assert data["requirements"][0]["required"] == "1990.01.01 至 1999.12.31 出生"
    rule = EligibilityRule.objects.get(program=program)
    assert rule.unit_types == ["party_govt"]
    assert list(rule.required_tags.all()) == [tag]
    # A second PUT replaces it: what is not sent asks nothing any more.
    again = admin.put(url, {"max_age": 35}, format="json")
    assert again.status_code == 200
    rule.refresh_from_db()
    assert (rule.max_age, rule.born_from, rule.unit_types) == (35, None, [])
    assert not rule.political_statuses.exists() and not rule.units.exists()
    assert again.json()["requirements"][0]["key"] == "max_age"
    assert AuditEntry.objects.filter(action="selection.rule.updated").count() == 2


def test_rule_bad_input_is_refused_and_nothing_changes(api, people, admin_a):
    program = make_program(people.org_admin, people.tree.root, tracks=())
    url = f"/api/v1/programs/{program.pk}/rule/"
    admin = api(people.org_admin)
    response = admin.put(
        url,
        {"political_statuses": ["99"], "unit_types": ["x"], "min_education_level": 7},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "min_education_level": ["“7” 不是合法选项。"],
        "political_statuses": ["属性 code 为 99 的对象不存在。"],
        "unit_types": {"0": ["“x” 不是合法选项。"]},
    }
    order = admin.put(url, {"born_from": "1999-01-01", "born_to": "1990-01-01"}, format="json")
    assert order.status_code == 400
    assert order.json() == {"born_to": ["出生日期上限不能早于下限。"]}
    rule = EligibilityRule.objects.get(program=program)
    assert (rule.born_from, rule.born_to) == (None, None)
    assert not AuditEntry.objects.filter(action="selection.rule.updated").exists()


def test_rule_is_frozen_once_registration_opens(api, people, camp):
    response = api(people.org_admin).put(
        f"/api/v1/programs/{camp.program.pk}/rule/", {"max_age": 30}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["报名开始后不能再修改资格条件。"]}
    rule = EligibilityRule.objects.get(program=camp.program)
    assert (rule.max_age, rule.born_from) == (None, datetime.date(1990, 1, 1))
    assert (
        api(people.cadre_user).get(f"/api/v1/programs/{camp.program.pk}/rule/").json()["editable"]
        is False
    )


# --- eligibility --------------------------------------------------------------------------------


def test_eligibility_rule_by_rule(api, people, camp):
    """王强 (born 1988) fails the birth-date rule; officer B asks for him."""
    camp_rule = EligibilityRule.objects.get(program=camp.program)
    camp_rule.max_age = 40
    camp_rule.save()
    response = api(people.officer_b).get(
        f"/api/v1/programs/{camp.program.pk}/eligibility/", {"cadre": people.cadre_b.pk}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["eligible"] is False
    assert [(r["key"], r["ok"]) for r in data["rules"]] == [
        ("birth_date", False),
        ("max_age", True),
    ]


def test_eligibility_of_a_cadre_without_a_record(api, people, camp):
    people.cadre_a.user = None
    people.cadre_a.save()
    response = api(people.cadre_user).get(f"/api/v1/programs/{camp.program.pk}/eligibility/")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["您的账户未关联干部档案，无法报名。"]}


def test_eligibility_bad_cadre_parameter(api, people, camp):
    url = f"/api/v1/programs/{camp.program.pk}/eligibility/"
    response = api(people.officer_a).get(url, {"cadre": "张伟"})
    assert response.status_code == 400
    assert response.json() == {"cadre": ["请填写合法的整数值。"]}
    assert api(people.officer_a).get(url, {"cadre": 999999}).status_code == 404
    # A cadre may not ask about anyone else (their own id is answered).
    assert api(people.cadre_user).get(url, {"cadre": people.cadre_a2.pk}).status_code == 403
    assert api(people.cadre_user).get(url, {"cadre": people.cadre_a.pk}).status_code == 200


def test_eligibility_of_a_draft_is_not_found_for_readers(api, people, unit_b_draft):
    url = f"/api/v1/programs/{unit_b_draft.program.pk}/eligibility/"
    assert api(people.cadre_user).get(url).status_code == 404
    assert api(people.officer_b).get(url, {"cadre": people.cadre_b.pk}).status_code == 404


# --- lists -----------------------------------------------------------------------------------


def test_program_list_queries_do_not_grow_with_the_page(api, people):
    for i in range(12):
        make_program(people.org_admin, people.tree.root, name=f"项目{i}", tracks=("甲", "乙"))
    client = api(people.org_admin)
    counts = []
    for size in (2, 12):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/programs/", {"page_size": size})
        assert len(response.json()["results"]) == size
        assert all(len(p["tracks"]) == 2 for p in response.json()["results"])
        counts.append(len(queries))
    assert counts[0] == counts[1]
