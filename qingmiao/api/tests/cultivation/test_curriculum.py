"""The curriculum endpoints per persona (allowed / forbidden / out of scope), their refusals in
the pages' words, the lists' filters and query counts, and their place in the schema."""

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qingmiao.accounts.roles import Role
from qingmiao.accounts.tests.factories import UserFactory
from qingmiao.cultivation.models import Session, StudyTrip, Topic
from qingmiao.cultivation.services import curriculum as services
from qingmiao.cultivation.tests.factories_curriculum import catalogue, when
from qingmiao.selection.tests.factories import make_program

pytestmark = pytest.mark.django_db

BASE = "/api/v1/curriculum"
RESOURCES = {
    "topics": "topic", "lecturers": "lecturer", "bases": "base", "routes": "route",
    "courses": "course", "sessions": "session", "trips": "trip",
}  # fmt: skip
# path → its operations (test_docs checks the schema lists exactly these and the others').
CURRICULUM_PATHS = {
    **{f"{BASE}/{prefix}/": {"get", "post"} for prefix in RESOURCES},
    **{f"{BASE}/{prefix}/{{id}}/": {"get", "patch", "delete"} for prefix in RESOURCES},
    f"{BASE}/sessions/upcoming/": {"get"},
    f"{BASE}/trips/{{id}}/participants/": {"get", "post"},
    f"{BASE}/trips/{{id}}/participants/{{cadre_id}}/": {"delete"},
}
READERS = ("org_admin", "leader", "officer_a", "officer_b", "cadre_user", "mentor")
NO_CATALOGUE = ("rater", "host", "sysadmin", "secadmin", "auditor", "inspector")


@pytest.fixture
def cat(people):
    c = catalogue(people.org_admin)
    c.trip = services.trip_create(
        actor=people.org_admin,
        data={"batch": 1, "title": "深圳研学", "destinations": "深圳",
              "start_date": "2026-04-06", "end_date": "2026-04-10", "credit_hours": 24},
        participants=[people.cadre_a, people.cadre_b],
    )  # fmt: skip
    return c


@pytest.fixture
def other_admin(people):
    return UserFactory(username="admin_b", role=Role.ORG_ADMIN, org_unit=people.tree.unit_b)


@pytest.mark.parametrize("persona", READERS)
def test_readers_list_and_read(api, people, cat, persona):
    client = api(getattr(people, persona))
    for prefix, key in RESOURCES.items():
        listed = client.get(f"{BASE}/{prefix}/")
        assert listed.status_code == 200, prefix
        assert listed.json()["count"] == 1
        obj = getattr(cat, key)
        assert client.get(f"{BASE}/{prefix}/{obj.pk}/").status_code == 200
    assert client.get(f"{BASE}/sessions/upcoming/").status_code == 200


@pytest.mark.parametrize("persona", [p for p in READERS if p != "org_admin"])
def test_readers_may_not_write(api, people, cat, persona):
    client = api(getattr(people, persona))
    for prefix, key in RESOURCES.items():
        obj = getattr(cat, key)
        assert client.post(f"{BASE}/{prefix}/", {}, format="json").status_code == 403
        assert client.patch(f"{BASE}/{prefix}/{obj.pk}/", {}, format="json").status_code == 403
        assert client.delete(f"{BASE}/{prefix}/{obj.pk}/").status_code == 403
    add = client.post(f"{BASE}/trips/{cat.trip.pk}/participants/", {"cadres": [1]}, format="json")
    assert add.status_code == 403


@pytest.mark.parametrize("persona", NO_CATALOGUE)
def test_roles_without_the_catalogue(api, people, cat, persona):
    client = api(getattr(people, persona))
    assert client.get(f"{BASE}/topics/").status_code == 403
    assert client.get(f"{BASE}/sessions/{cat.session.pk}/").status_code == 403


def test_anonymous_is_refused(api, cat):
    assert api().get(f"{BASE}/topics/").status_code in (401, 403)


def test_another_organizers_records_are_404_to_change(api, cat, other_admin):
    client = api(other_admin)
    for prefix, key in RESOURCES.items():
        obj = getattr(cat, key)
        assert client.get(f"{BASE}/{prefix}/{obj.pk}/").status_code == 200
        assert client.patch(f"{BASE}/{prefix}/{obj.pk}/", {}, format="json").status_code == 404
        assert client.delete(f"{BASE}/{prefix}/{obj.pk}/").status_code == 404
    assert client.get(f"{BASE}/topics/999999/").status_code == 404


def test_session_refusals_in_the_pages_words(api, people, cat):
    start, end = when(days=2)
    response = api(people.org_admin).post(
        f"{BASE}/sessions/",
        {"course": cat.course.pk, "starts_at": end.isoformat(), "ends_at": start.isoformat(),
         "mode": "onsite", "credit_hours": "-1"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json() == {
        "ends_at": ["结束时间须晚于开始时间。"],
        "credit_hours": ["学时不能为负数。"],
        "base": ["现场教学须选择教学基地或观摩线路。"],
    }
    assert Session.objects.count() == 1


def test_session_created_on_site_for_two_programs(api, people, cat):
    mars = make_program(people.org_admin, name="火星计划")
    growth = make_program(people.org_admin, name="成长营")
    start, end = when(days=3)
    response = api(people.org_admin).post(
        f"{BASE}/sessions/",
        {"course": cat.course.pk, "starts_at": start.isoformat(), "ends_at": end.isoformat(),
         "mode": "onsite", "route": cat.route.pk, "programs": [mars.pk, growth.pk]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201
    body = response.json()
    assert body["credit_hours"] == "3.0"  # the course's
    assert body["route"] == {"id": cat.route.pk, "name": "产业发展观摩线"}
    assert {p["name"] for p in body["programs"]} == {"火星计划", "成长营"}
    assert response["Location"] == f"{BASE}/sessions/{body['id']}/"


def test_duplicate_topic_and_unused_delete(api, people, cat):
    client = api(people.org_admin)
    dup = client.post(f"{BASE}/topics/", {"name": "经济金融"}, format="json")
    assert dup.status_code == 400 and dup.json() == {"name": ["本单位已有同名专题。"]}
    in_use = client.delete(f"{BASE}/topics/{cat.topic.pk}/")
    assert in_use.status_code == 400
    assert in_use.json() == {"non_field_errors": ["该专题下还有 1 门课程，不能删除。"]}
    new = client.post(f"{BASE}/topics/", {"name": "应急管理"}, format="json").json()
    assert new["course_count"] == 0
    assert client.delete(f"{BASE}/topics/{new['id']}/").status_code == 204
    assert Topic.objects.count() == 1


def test_base_of_another_organizer_on_a_route(api, people, cat, other_admin):
    foreign = services.base_create(actor=other_admin, data={"name": "财政局基地"})
    response = api(people.org_admin).patch(
        f"{BASE}/routes/{cat.route.pk}/", {"bases": [foreign.pk]}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"bases": ["只能选择本单位的教学基地：财政局基地 不属于本单位。"]}


def test_course_filters(api, people, cat):
    other = services.topic_create(actor=people.org_admin, data={"name": "基层治理"})
    services.course_create(
        actor=people.org_admin, data={"topic": other, "title": "网格化管理", "credit_hours": 2}
    )
    client = api(people.cadre_user)
    rows = client.get(f"{BASE}/courses/", {"topic": other.pk}).json()["results"]
    assert [r["title"] for r in rows] == ["网格化管理"]
    rows = client.get(f"{BASE}/courses/", {"lecturer": cat.lecturer.pk}).json()["results"]
    assert [r["title"] for r in rows] == ["新质生产力与产业升级"]
    assert client.get(f"{BASE}/courses/", {"topic": 999999}).status_code == 400


def test_trip_participants(api, people, cat, other_admin):
    client = api(people.org_admin)
    listed = client.get(f"{BASE}/trips/{cat.trip.pk}/participants/").json()
    assert [r["cadre_name"] for r in listed["results"]] == ["王强", "张伟"]
    # unit A's officer sees only unit A's participant among them
    officer = api(people.officer_a).get(f"{BASE}/trips/{cat.trip.pk}/participants/").json()
    assert [r["cadre_name"] for r in officer["results"]] == ["张伟"]
    added = client.post(
        f"{BASE}/trips/{cat.trip.pk}/participants/", {"cadres": [people.cadre_a2.pk]},
        format="json",
    )  # fmt: skip
    assert added.status_code == 200 and added.json()["participant_count"] == 3
    removed = client.delete(f"{BASE}/trips/{cat.trip.pk}/participants/{people.cadre_b.pk}/")
    assert removed.status_code == 204
    # An organizer of unit B adding unit A's cadres: refused, nobody added.
    trip_b = services.trip_create(
        actor=other_admin,
        data={"batch": 1, "title": "研学", "destinations": "上海",
              "start_date": "2026-04-06", "end_date": "2026-04-10"},
    )  # fmt: skip
    refused = api(other_admin).post(
        f"{BASE}/trips/{trip_b.pk}/participants/",
        {"cadres": [people.cadre_a.pk, people.cadre_b.pk]},
        format="json",
    )
    assert refused.status_code == 400
    assert refused.json() == {"participants": ["有 1 名参学人员不在您的管理范围内。"]}
    assert trip_b.participants.count() == 0


def test_trip_created_with_participants_out_of_scope_refused(api, people, other_admin):
    response = api(other_admin).post(
        f"{BASE}/trips/",
        {"batch": 1, "title": "研学", "destinations": "上海", "start_date": "2026-04-06",
         "end_date": "2026-04-01", "participants": [people.cadre_a.pk]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json() == {"participants": ["有 1 名参学人员不在您的管理范围内。"]}
    assert not StudyTrip.objects.exists()


def test_list_queries_constant(api, people, cat):
    client = api(people.leader)
    counts = {}
    for n in (0, 15):
        for i in range(n):
            start, end = when(days=i + 2)
            services.session_create(
                actor=people.org_admin,
                data={"course": cat.course, "starts_at": start, "ends_at": end,
                      "mode": "onsite", "route": cat.route},
            )  # fmt: skip
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{BASE}/sessions/").status_code == 200
            assert client.get(f"{BASE}/courses/").status_code == 200
            assert client.get(f"{BASE}/routes/").status_code == 200
        counts[n] = len(queries)
    assert counts[0] == counts[15]


def test_every_endpoint_is_in_the_schema(api, people):
    schema = yaml.safe_load(api(people.leader).get("/api/schema/").content)
    for path, operations in CURRICULUM_PATHS.items():
        assert set(schema["paths"][path]) == operations, path
