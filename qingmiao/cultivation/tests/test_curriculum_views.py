"""The curriculum's staff pages per persona (allowed / forbidden / out of scope), their forms
refusing in the services' words, the lists' query counts, and the exports."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from qingmiao.accounts.models import AuditEntry
from qingmiao.accounts.roles import Role
from qingmiao.accounts.tests.factories import UserFactory
from qingmiao.cultivation.models import (
    Course,
    Lecturer,
    Session,
    StudyTrip,
    Topic,
    TrainingBase,
)
from qingmiao.cultivation.services import curriculum as services

from .factories_curriculum import catalogue, when

pytestmark = pytest.mark.django_db

RESOURCES = ("topic", "lecturer", "base", "route", "course", "session", "trip")
READERS = ("org_admin", "leader", "officer_a", "officer_b", "cadre_user", "mentor")
NO_CATALOGUE = ("rater", "host", "sysadmin", "secadmin", "auditor", "inspector")


def url(name, *args):
    return reverse(f"cultivation:{name}", args=args)


@pytest.fixture
def cat(people):
    c = catalogue(people.org_admin)
    c.trip = services.trip_create(
        actor=people.org_admin,
        data={"batch": 1, "title": "深圳研学", "destinations": "深圳",
              "start_date": "2026-04-06", "end_date": "2026-04-10", "credit_hours": 24},
        participants=[people.cadre_a],
    )  # fmt: skip
    return c


@pytest.fixture
def other_admin(people):
    return UserFactory(username="admin_b", role=Role.ORG_ADMIN, org_unit=people.tree.unit_b)


def html(response) -> str:
    return response.content.decode()


# --- who may open what ----------------------------------------------------------------------


@pytest.mark.parametrize("persona", READERS)
def test_catalogue_readers_open_every_list_and_detail(login, people, cat, persona):
    client = login(getattr(people, persona))
    for name in ("curriculum", "session_upcoming", *(f"{r}_list" for r in RESOURCES)):
        assert client.get(url(name)).status_code == 200, name
    for key in RESOURCES:
        response = client.get(url(f"{key}_detail", getattr(cat, key).pk))
        assert response.status_code == 200, key
        managed = persona == "org_admin"
        assert ('data-testid="edit"' in html(response)) is managed


@pytest.mark.parametrize("persona", [p for p in READERS if p != "org_admin"])
def test_readers_may_not_change_the_catalogue(login, people, cat, persona):
    client = login(getattr(people, persona))
    for key in RESOURCES:
        obj = getattr(cat, key)
        assert client.get(url(f"{key}_create")).status_code == 403
        assert client.get(url(f"{key}_edit", obj.pk)).status_code == 403
        assert client.post(url(f"{key}_delete", obj.pk)).status_code == 403
    assert client.post(url("base_archive", cat.base.pk), {"active": "0"}).status_code == 403
    assert client.post(url("trip_participants_add", cat.trip.pk)).status_code == 403
    assert Topic.objects.count() == 1 and TrainingBase.objects.get().is_active


@pytest.mark.parametrize("persona", NO_CATALOGUE)
def test_roles_without_the_catalogue_are_refused(login, people, cat, persona):
    client = login(getattr(people, persona))
    assert client.get(url("curriculum")).status_code == 403
    assert client.get(url("topic_list")).status_code == 403
    assert client.get(url("session_detail", cat.session.pk)).status_code == 403
    assert 'data-testid="nav-curriculum"' not in html(client.get("/"))


def test_records_of_another_organizer_are_404_to_change(login, people, cat, other_admin):
    client = login(other_admin)
    for key in RESOURCES:
        obj = getattr(cat, key)
        assert client.get(url(f"{key}_detail", obj.pk)).status_code == 200  # a catalogue
        assert client.get(url(f"{key}_edit", obj.pk)).status_code == 404
        assert client.post(url(f"{key}_delete", obj.pk)).status_code == 404
    assert client.post(url("base_archive", cat.base.pk), {"active": "0"}).status_code == 404
    assert client.get(url("topic_detail", 999999)).status_code == 404


def test_nav_shows_the_curriculum_to_readers(login, people):
    page = html(login(people.mentor).get(url("curriculum")))
    assert 'data-testid="nav-curriculum"' in page and 'data-testid="nav-upcoming"' in page


# --- forms -----------------------------------------------------------------------------------


def test_create_a_topic_and_see_it(login, people):
    client = login(people.org_admin)
    response = client.post(url("topic_create"), {"name": "招商引资", "sort": 1})
    topic = Topic.objects.get()
    assert response.status_code == 302 and response.url == url("topic_detail", topic.pk)
    assert "招商引资" in html(client.get(url("curriculum")))


def test_duplicate_name_on_the_form_field(login, people, cat):
    response = login(people.org_admin).post(url("topic_create"), {"name": "经济金融", "sort": 0})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["本单位已有同名专题。"]
    assert Topic.objects.count() == 1


def session_post(cat, **extra):
    start, end = when(days=2)
    return {
        "course": cat.course.pk,
        "mode": Session.Mode.ONSITE,
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": end.strftime("%Y-%m-%dT%H:%M"),
        "base": cat.base.pk,
        **extra,
    }


def test_session_form_refuses_in_the_services_words(login, people, cat):
    client = login(people.org_admin)
    data = session_post(cat, base="", credit_hours="-1")
    data["ends_at"], data["starts_at"] = data["starts_at"], data["ends_at"]
    response = client.post(url("session_create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["ends_at"] == ["结束时间须晚于开始时间。"]
    assert errors["credit_hours"] == ["学时不能为负数。"]
    assert errors["base"] == ["现场教学须选择教学基地或观摩线路。"]
    assert 'data-field="base"' in html(response)
    assert Session.objects.count() == 1


def test_session_created_at_a_base_with_the_courses_hours(login, people, cat):
    client = login(people.org_admin)
    response = client.post(url("session_create"), session_post(cat, title="园区现场教学"))
    session = Session.objects.get(title="园区现场教学")
    assert response.url == url("session_detail", session.pk)
    assert session.credit_hours == Decimal("3.0")
    page = html(client.get(response.url))
    assert 'data-testid="session-base"' in page and "新材料产业园区" in page
    assert "王建国" in page  # the course's lecturer
    assert "新质生产力与产业升级" in html(client.get(url("session_upcoming")))


def test_new_session_from_a_base_starts_with_it(login, people, cat):
    form = login(people.org_admin).get(f"{url('session_create')}?mode=onsite&base={cat.base.pk}")
    assert form.context["form"].initial == {"mode": "onsite", "base": str(cat.base.pk)}


def test_course_edit_keeps_lecturers_and_sets_programs(login, people, cat):
    client = login(people.org_admin)
    response = client.post(
        url("course_edit", cat.course.pk),
        {"topic": cat.topic.pk, "title": "新质生产力", "credit_hours": "4",
         "lecturers": [cat.lecturer.pk]},
    )  # fmt: skip
    assert response.status_code == 302
    cat.course.refresh_from_db()
    assert cat.course.title == "新质生产力" and cat.course.credit_hours == Decimal("4.0")


def test_delete_in_use_says_why(login, people, cat):
    client = login(people.org_admin)
    response = client.post(url("topic_delete", cat.topic.pk), follow=True)
    assert "该专题下还有 1 门课程，不能删除。" in html(response)
    assert Topic.objects.count() == 1


def test_archive_and_restore_a_base(login, people, cat):
    client = login(people.org_admin)
    client.post(url("base_archive", cat.base.pk), {"active": "0"})
    assert not TrainingBase.objects.get().is_active
    client.post(url("base_archive", cat.base.pk), {"active": "1"})
    assert TrainingBase.objects.get().is_active


def test_trip_participants_added_from_the_register(login, people, cat):
    client = login(people.org_admin)
    page = client.get(f"{url('trip_detail', cat.trip.pk)}?q=王强")
    assert [c.name for c in page.context["candidates"]] == ["王强"]
    client.post(url("trip_participants_add", cat.trip.pk), {"cadres": [people.cadre_b.pk]})
    assert set(cat.trip.participants.values_list("name", flat=True)) == {"张伟", "王强"}
    client.post(url("trip_participant_remove", cat.trip.pk, people.cadre_a.pk))
    assert list(cat.trip.participants.values_list("name", flat=True)) == ["王强"]


def test_trip_participant_out_of_scope_refused_on_the_page(login, people, other_admin):
    trip = services.trip_create(
        actor=other_admin,
        data={"batch": 1, "title": "研学", "destinations": "上海",
              "start_date": "2026-04-06", "end_date": "2026-04-10"},
    )  # fmt: skip
    client = login(other_admin)
    response = client.post(
        url("trip_participants_add", trip.pk), {"cadres": [people.cadre_a.pk]}, follow=True
    )
    assert "有 1 名参学人员不在您的管理范围内。" in html(response)
    assert 'data-testid="participant-row"' not in html(response)
    assert trip.participants.count() == 0


# --- lists: filters, sorting, query counts --------------------------------------------------


def test_session_list_filters(login, people, cat):
    start, end = when(days=30)
    services.session_create(
        actor=people.org_admin,
        data={"course": cat.course, "starts_at": start, "ends_at": end,
              "mode": Session.Mode.ONLINE, "title": "网络直播"},
    )  # fmt: skip
    client = login(people.cadre_user)
    rows = client.get(url("session_list"), {"mode": "online"}).context["page"].object_list
    assert [s.title for s in rows] == ["网络直播"]
    rows = client.get(url("session_list"), {"base": cat.base.pk}).context["page"].object_list
    assert [s.pk for s in rows] == [cat.session.pk]
    day = start.date().isoformat()
    rows = client.get(url("session_list"), {"date_from": day, "date_to": day})
    assert [s.title for s in rows.context["page"].object_list] == ["网络直播"]
    bad = client.get(url("session_list"), {"base": 999999})
    assert bad.status_code == 200 and not bad.context["page"].object_list


def _many(people, cat, n):
    topics = [
        services.topic_create(actor=people.org_admin, data={"name": f"专题{i}"}) for i in range(n)
    ]
    lecturers = [
        services.lecturer_create(
            actor=people.org_admin, data={"name": f"讲师{i}", "kind": "expert"}
        )
        for i in range(n)
    ]
    for i in range(n):
        base = services.base_create(actor=people.org_admin, data={"name": f"基地{i}"})
        services.route_create(actor=people.org_admin, data={"name": f"线路{i}"}, bases=[base])
        course = services.course_create(
            actor=people.org_admin,
            data={"topic": topics[i], "title": f"课程{i}", "credit_hours": 2},
            lecturers=[lecturers[i], cat.lecturer],
        )
        start, end = when(days=i + 1)
        services.session_create(
            actor=people.org_admin,
            data={"course": course, "starts_at": start, "ends_at": end, "mode": "onsite",
                  "base": base},
        )  # fmt: skip
        services.trip_create(
            actor=people.org_admin,
            data={"batch": i + 2, "title": f"研学{i}", "destinations": "杭州",
                  "start_date": "2026-05-01", "end_date": "2026-05-03"},
            participants=[people.cadre_a, people.cadre_b],
        )  # fmt: skip


SORTS = {
    "topic": "-courses", "lecturer": "name", "base": "-sessions", "route": "name",
    "course": "-hours", "session": "-time", "trip": "people",
}  # fmt: skip


@pytest.mark.parametrize("key", RESOURCES)
def test_list_queries_do_not_grow_with_the_page(login, people, cat, key):
    _many(people, cat, 22)
    client = login(people.org_admin)
    counts = {}
    for size in (20, 50):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(f"{key}_list"), {"page_size": size, "sort": SORTS[key]})
        assert response.status_code == 200
        assert len(response.context["page"].object_list) == min(size, 23)
        counts[size] = len(queries)
    assert counts[20] == counts[50]


def test_upcoming_and_home_queries_do_not_grow(login, people, cat):
    client = login(people.leader)
    counts = []
    for extra in (0, 12):
        if extra:
            _many(people, cat, extra)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("session_upcoming")).status_code == 200
            assert client.get(url("curriculum")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_sorting_by_course_count(login, people, cat):
    services.topic_create(actor=people.org_admin, data={"name": "空专题"})
    client = login(people.org_admin)
    rows = client.get(url("topic_list"), {"sort": "-courses"}).context["page"].object_list
    assert [t.name for t in rows] == ["经济金融", "空专题"]
    rows = client.get(url("topic_list"), {"sort": "courses"}).context["page"].object_list
    assert [t.name for t in rows] == ["空专题", "经济金融"]


# --- exports ---------------------------------------------------------------------------------


@pytest.mark.parametrize("key", RESOURCES)
def test_every_list_exports_what_it_shows(login, people, cat, key):
    response = login(people.leader).post(url(f"{key}_export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2  # the header and the one record
    assert AuditEntry.objects.filter(action="core.list.exported").count() == 1


def test_export_follows_the_filters(login, people, cat):
    services.lecturer_create(
        actor=people.org_admin, data={"name": "华为全球培训中心", "kind": "institution"}
    )
    response = login(people.org_admin).post(f"{url('lecturer_export')}?kind=institution")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[-1][0] == "华为全球培训中心" and len(rows) == 2


@pytest.mark.parametrize("persona", ("cadre_user", "mentor"))
def test_export_needs_the_capability(login, people, cat, persona):
    assert login(getattr(people, persona)).post(url("topic_export")).status_code == 403


def test_models_untouched_by_readers(people, cat):
    assert (Course.objects.count(), Lecturer.objects.count(), StudyTrip.objects.count()) == (
        1,
        1,
        1,
    )
