"""The curriculum's services: what they save, what they refuse (field by field, nothing saved),
who may change what, and the audit trail; the roll-ups against hand-counted values."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from qingmiao.accounts.models import AuditEntry
from qingmiao.accounts.roles import Role
from qingmiao.accounts.tests.factories import UserFactory
from qingmiao.cadres.tests.factories import CadreFactory
from qingmiao.cultivation.models import (
    Attendance,
    Course,
    Lecturer,
    Session,
    SiteRoute,
    StudyTrip,
    StudyTripParticipant,
    Topic,
    TrainingBase,
)
from qingmiao.cultivation.selectors import curriculum as selectors
from qingmiao.cultivation.services import curriculum as services
from qingmiao.selection.tests.factories import make_program

from .factories_curriculum import catalogue, when

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_admin(people):
    """An organization department whose subtree is unit B only."""
    return UserFactory(username="admin_b", role=Role.ORG_ADMIN, org_unit=people.tree.unit_b)


@pytest.fixture
def cat(people):
    return catalogue(people.org_admin)


def errors_of(exc_info) -> dict:
    return exc_info.value.message_dict


def actions(obj=None) -> list[str]:
    entries = AuditEntry.objects.order_by("id")
    if obj is not None:
        entries = entries.filter(object_id=str(obj.pk), object_type=obj._meta.label_lower)
    return list(entries.values_list("action", flat=True))


# --- topics, lecturers, bases, routes, courses ---------------------------------------------


def test_topic_created_in_the_actors_unit_and_audited(people):
    topic = services.topic_create(actor=people.org_admin, data={"name": " 招商引资 ", "sort": 2})
    assert topic.organizer == people.tree.root
    assert topic.name == "招商引资"
    entry = AuditEntry.objects.get(action="cultivation.topic.created")
    assert entry.changes["name"]["after"] == "招商引资"


def test_duplicate_topic_name_refused_on_the_field(people, cat):
    with pytest.raises(ValidationError) as exc:
        services.topic_create(actor=people.org_admin, data={"name": "经济金融"})
    assert errors_of(exc) == {"name": ["本单位已有同名专题。"]}
    assert Topic.objects.count() == 1


def test_same_name_allowed_for_another_organizer(people, cat, other_admin):
    topic = services.topic_create(actor=other_admin, data={"name": "经济金融"})
    assert topic.organizer == people.tree.unit_b


def test_topic_renamed_and_the_change_audited(people, cat):
    services.topic_update(actor=people.org_admin, topic=cat.topic, data={"name": "经济与金融"})
    cat.topic.refresh_from_db()
    assert cat.topic.name == "经济与金融"
    entry = AuditEntry.objects.filter(action="cultivation.topic.updated").get()
    assert entry.changes["name"] == {"before": "经济金融", "after": "经济与金融"}


def test_topic_with_courses_is_kept(people, cat):
    with pytest.raises(ValidationError) as exc:
        services.topic_delete(actor=people.org_admin, topic=cat.topic)
    assert exc.value.messages == ["该专题下还有 1 门课程，不能删除。"]
    assert Topic.objects.filter(pk=cat.topic.pk).exists()


def test_unused_topic_deleted_and_audited(people):
    topic = services.topic_create(actor=people.org_admin, data={"name": "应急管理"})
    kept = Topic(pk=topic.pk)
    services.topic_delete(actor=people.org_admin, topic=topic)
    assert not Topic.objects.exists()
    assert actions(kept) == ["cultivation.topic.created", "cultivation.topic.deleted"]


def test_a_cadre_or_mentor_may_not_change_the_catalogue(people, cat):
    for user in (people.cadre_user, people.mentor, people.leader, people.officer_a):
        with pytest.raises(PermissionDenied):
            services.topic_create(actor=user, data={"name": "新专题"})
        with pytest.raises(PermissionDenied):
            services.topic_update(actor=user, topic=cat.topic, data={"name": "改名"})


def test_an_organizer_outside_the_subtree_is_refused(people, cat, other_admin):
    with pytest.raises(PermissionDenied):
        services.topic_update(actor=other_admin, topic=cat.topic, data={"name": "改名"})
    with pytest.raises(ValidationError) as exc:
        services.topic_create(
            actor=other_admin, data={"name": "新专题", "organizer": people.tree.root}
        )
    assert errors_of(exc) == {"organizer": ["只能选择本单位及下属单位作为主办单位。"]}


def test_lecturer_duplicate_is_same_name_and_affiliation(people):
    data = {"name": "华为全球培训中心", "kind": Lecturer.Kind.INSTITUTION, "affiliation": "萧山"}
    services.lecturer_create(actor=people.org_admin, data=data)
    with pytest.raises(ValidationError) as exc:
        services.lecturer_create(actor=people.org_admin, data=data)
    assert errors_of(exc) == {"name": ["本单位已有同名、同单位的授课人。"]}
    services.lecturer_create(actor=people.org_admin, data={**data, "affiliation": "杭州"})
    assert Lecturer.objects.count() == 2


def test_lecturer_with_courses_is_kept(people, cat):
    with pytest.raises(ValidationError) as exc:
        services.lecturer_delete(actor=people.org_admin, lecturer=cat.lecturer)
    assert exc.value.messages == ["该授课人还讲授 1 门课程，不能删除。"]


def test_route_refuses_a_base_of_another_organizer(people, cat, other_admin):
    foreign = services.base_create(actor=other_admin, data={"name": "财政局廉政教育基地"})
    with pytest.raises(ValidationError) as exc:
        services.route_create(
            actor=people.org_admin, data={"name": "新线路"}, bases=[cat.base, foreign]
        )
    assert errors_of(exc) == {
        "bases": ["只能选择本单位的教学基地：财政局廉政教育基地 不属于本单位。"]
    }
    assert SiteRoute.objects.count() == 1


def test_base_in_use_is_archived_not_deleted(people, cat):
    with pytest.raises(ValidationError) as exc:
        services.base_delete(actor=people.org_admin, base=cat.base)
    assert "已安排 1 次授课、列入 1 条观摩线路" in exc.value.messages[0]
    services.place_set_active(actor=people.org_admin, place=cat.base, active=False)
    cat.base.refresh_from_db()
    assert cat.base.is_active is False
    assert "cultivation.base.archived" in actions(cat.base)
    # An archived base is no longer offered for new sessions, and a new one is refused.
    assert cat.base not in selectors.choices(people.org_admin, TrainingBase)
    start, end = when(days=3)
    with pytest.raises(ValidationError) as exc:
        services.session_create(
            actor=people.org_admin,
            data={"course": cat.course, "starts_at": start, "ends_at": end,
                  "mode": Session.Mode.ONSITE, "base": cat.base},
        )  # fmt: skip
    assert errors_of(exc) == {"base": ["该教学基地已停用。"]}
    # The session already there keeps it through an edit of something else.
    services.session_update(actor=people.org_admin, session=cat.session, data={"title": "改期"})


def test_unused_route_deleted(people, cat):
    route = services.route_create(actor=people.org_admin, data={"name": "空线路"})
    services.route_delete(actor=people.org_admin, route=route)
    assert not SiteRoute.objects.filter(pk=route.pk).exists()


def test_course_refusals_all_at_once(people, cat, other_admin):
    foreign_topic = services.topic_create(actor=other_admin, data={"name": "财政专题"})
    foreign_lecturer = services.lecturer_create(
        actor=other_admin, data={"name": "赵会计", "kind": Lecturer.Kind.EXPERT}
    )
    with pytest.raises(ValidationError) as exc:
        services.course_create(
            actor=people.org_admin,
            data={"topic": foreign_topic, "title": cat.course.title, "credit_hours": Decimal("-1")},
            lecturers=[foreign_lecturer],
        )
    assert errors_of(exc) == {
        "credit_hours": ["学时不能为负数。"],
        "title": ["本单位已有同名课程。"],
        "topic": ["只能选择本单位的专题。"],
        "lecturers": ["只能选择本单位的授课人：赵会计 不属于本单位。"],
    }
    assert Course.objects.count() == 1


def test_course_tracks_must_belong_to_its_programs(people, cat):
    camp = make_program(people.org_admin, tracks=["数字经济", "金融科技"])
    other = make_program(people.org_admin, name="另一个项目", tracks=["新材料"])
    digital = camp.tracks.get(name="数字经济")
    materials = other.tracks.get(name="新材料")
    with pytest.raises(ValidationError) as exc:
        services.course_update(
            actor=people.org_admin, course=cat.course, data={},
            programs=[camp], tracks=[digital, materials],
        )  # fmt: skip
    assert errors_of(exc) == {"tracks": ["赛道“新材料”不属于所选培养项目。"]}
    services.course_update(
        actor=people.org_admin, course=cat.course, data={}, programs=[camp], tracks=[digital]
    )
    assert list(cat.course.tracks.all()) == [digital]
    # Lecturers not given stay as they were.
    assert list(cat.course.lecturers.all()) == [cat.lecturer]


def test_course_with_sessions_is_kept(people, cat):
    with pytest.raises(ValidationError) as exc:
        services.course_delete(actor=people.org_admin, course=cat.course)
    assert exc.value.messages == ["该课程已有 1 次授课安排，不能删除。"]


# --- sessions --------------------------------------------------------------------------------


def test_session_hours_default_from_the_course(people, cat):
    assert cat.session.credit_hours == Decimal("3.0")
    start, end = when(days=2)
    session = services.session_create(
        actor=people.org_admin,
        data={"course": cat.course, "starts_at": start, "ends_at": end,
              "mode": Session.Mode.CLASSROOM, "credit_hours": Decimal("1.5")},
    )  # fmt: skip
    assert session.credit_hours == Decimal("1.5")
    assert session.created_by == people.org_admin


def test_session_refusals_field_by_field_and_nothing_saved(people, cat, other_admin):
    foreign = services.base_create(actor=other_admin, data={"name": "财政局基地"})
    start, end = when(days=2)
    before = Session.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.session_create(
            actor=people.org_admin,
            data={"course": cat.course, "starts_at": end, "ends_at": start,
                  "mode": Session.Mode.ONSITE, "credit_hours": Decimal("-2")},
        )  # fmt: skip
    assert errors_of(exc) == {
        "ends_at": ["结束时间须晚于开始时间。"],
        "credit_hours": ["学时不能为负数。"],
        "base": ["现场教学须选择教学基地或观摩线路。"],
    }
    with pytest.raises(ValidationError) as exc:
        services.session_create(
            actor=people.org_admin,
            data={"course": cat.course, "starts_at": start, "ends_at": end,
                  "mode": Session.Mode.ONSITE, "base": foreign},
        )  # fmt: skip
    assert errors_of(exc) == {"base": ["只能选择本单位的教学基地。"]}
    assert Session.objects.count() == before
    assert (
        not AuditEntry.objects.filter(action="cultivation.session.created")
        .exclude(object_id=str(cat.session.pk))
        .exists()
    )


def test_on_site_along_a_route_needs_no_base(people, cat):
    start, end = when(days=4)
    session = services.session_create(
        actor=people.org_admin,
        data={"course": cat.course, "starts_at": start, "ends_at": end,
              "mode": Session.Mode.ONSITE, "route": cat.route},
    )  # fmt: skip
    assert session.route == cat.route and session.base is None


def test_one_session_serves_two_programs(people, cat):
    mars = make_program(people.org_admin, name="火星计划")
    growth = make_program(people.org_admin, name="成长营")
    services.session_update(
        actor=people.org_admin, session=cat.session, data={}, programs=[mars, growth]
    )
    assert set(cat.session.programs.all()) == {mars, growth}
    entry = AuditEntry.objects.filter(action="cultivation.session.updated").get()
    assert entry.changes["programs"] == {"before": [], "after": sorted(["火星计划", "成长营"])}
    figures = selectors.curriculum_figures(people.org_admin, program=mars)
    assert figures["sessions"] == 1 and figures["session_hours"] == Decimal("3.0")


def test_session_with_attendance_cannot_be_deleted(people, cat):
    Attendance.objects.create(
        session=cat.session, cadre=people.cadre_a, status="present", method="roster"
    )
    with pytest.raises(ValidationError) as exc:
        services.session_delete(actor=people.org_admin, session=cat.session)
    assert "已有出勤或评课记录" in exc.value.messages[0]
    services.session_update(
        actor=people.org_admin, session=cat.session, data={"status": Session.Status.CANCELLED}
    )


def test_unused_session_deleted(people, cat):
    services.session_delete(actor=people.org_admin, session=cat.session)
    assert not Session.objects.exists()
    assert "cultivation.session.deleted" in actions()


# --- study trips -----------------------------------------------------------------------------


def trip_data(**extra):
    return {
        "batch": 1,
        "title": "深圳产业发展专题研学",
        "destinations": "深圳",
        "start_date": date(2026, 4, 6),
        "end_date": date(2026, 4, 10),
        "credit_hours": Decimal("24"),
        **extra,
    }


def test_trip_with_participants(people):
    trip = services.trip_create(
        actor=people.org_admin, data=trip_data(), participants=[people.cadre_a, people.cadre_b]
    )
    assert trip.participants.count() == 2
    added = AuditEntry.objects.get(action="cultivation.trip.participants_added")
    assert added.extra["count"] == 2


def test_trip_refusals(people):
    services.trip_create(actor=people.org_admin, data=trip_data())
    with pytest.raises(ValidationError) as exc:
        services.trip_create(
            actor=people.org_admin,
            data=trip_data(end_date=date(2026, 4, 1), credit_hours=Decimal("-1")),
        )
    assert errors_of(exc) == {
        "end_date": ["结束日期不能早于开始日期。"],
        "credit_hours": ["学时不能为负数。"],
        "batch": ["已有第 1 批次的外出学习。"],
    }
    assert StudyTrip.objects.count() == 1


def test_trip_participant_out_of_scope_refused_and_none_added(people):
    # Unit A's officer manages no catalogue; an org admin of unit B's subtree does.
    admin_b = UserFactory(username="admin_b", role=Role.ORG_ADMIN, org_unit=people.tree.unit_b)
    trip = services.trip_create(actor=admin_b, data=trip_data())
    with pytest.raises(ValidationError) as exc:
        services.trip_participants_add(
            actor=admin_b, trip=trip, cadres=[people.cadre_b, people.cadre_a, people.cadre_a2]
        )
    assert errors_of(exc) == {"participants": ["有 2 名参学人员不在您的管理范围内。"]}
    assert not StudyTripParticipant.objects.exists()
    assert services.trip_participants_add(actor=admin_b, trip=trip, cadres=[people.cadre_b]) == 1
    # Adding someone already there adds nobody.
    assert services.trip_participants_add(actor=admin_b, trip=trip, cadres=[people.cadre_b]) == 0


def test_trip_participant_removed(people):
    trip = services.trip_create(
        actor=people.org_admin, data=trip_data(), participants=[people.cadre_a]
    )
    services.trip_participant_remove(actor=people.org_admin, trip=trip, cadre=people.cadre_a)
    assert trip.participants.count() == 0
    with pytest.raises(ValidationError):
        services.trip_participant_remove(actor=people.org_admin, trip=trip, cadre=people.cadre_a)


# --- roll-ups --------------------------------------------------------------------------------


def test_curriculum_figures_by_hand(people, cat):
    """Three sessions (3 h on-site, 2 h lecture hall in 2025, one cancelled), two trips of
    2 and 1 people (one of them in unit B)."""
    start, end = when(days=5)
    services.session_create(
        actor=people.org_admin,
        data={"course": cat.course, "starts_at": start.replace(year=2025),
              "ends_at": end.replace(year=2025), "mode": Session.Mode.LECTURE_HALL,
              "credit_hours": Decimal("2")},
    )  # fmt: skip
    cancelled = services.session_create(
        actor=people.org_admin,
        data={"course": cat.course, "starts_at": start, "ends_at": end,
              "mode": Session.Mode.ONLINE},
    )  # fmt: skip
    services.session_update(
        actor=people.org_admin, session=cancelled, data={"status": Session.Status.CANCELLED}
    )
    services.trip_create(
        actor=people.org_admin, data=trip_data(), participants=[people.cadre_a, people.cadre_b]
    )
    services.trip_create(
        actor=people.org_admin,
        data=trip_data(batch=2, start_date=date(2025, 5, 1), end_date=date(2025, 5, 3)),
        participants=[people.cadre_a2],
    )
    figures = selectors.curriculum_figures(people.org_admin)
    assert figures["sessions"] == 2
    assert figures["session_hours"] == Decimal("5.0")
    assert figures["lecture_hall_sessions"] == 1
    assert figures["sessions_by_mode"]["onsite"] == 1
    assert figures["trips"] == 2 and figures["trip_person_times"] == 3
    year = selectors.curriculum_figures(people.org_admin, year=2025)
    assert (year["sessions"], year["trips"], year["trip_person_times"]) == (1, 1, 1)
    unit_a = selectors.curriculum_figures(people.org_admin, unit=people.tree.unit_a)
    assert unit_a["trip_person_times"] == 2  # 张伟 and 李娜 (综合科 is under 商务局)


def test_upcoming_is_this_week_and_the_next(people, cat):
    """From the Monday of the given week for 14 days; cancelled ones left out."""
    first = cat.session.starts_at
    monday = timezone.localtime(first).date() - timedelta(days=first.weekday())
    later = services.session_create(
        actor=people.org_admin,
        data={"course": cat.course, "starts_at": first + timedelta(days=13),
              "ends_at": first + timedelta(days=13, hours=2), "mode": Session.Mode.ONLINE},
    )  # fmt: skip
    services.session_create(
        actor=people.org_admin,
        data={"course": cat.course, "starts_at": first + timedelta(days=15),
              "ends_at": first + timedelta(days=15, hours=2), "mode": Session.Mode.ONLINE},
    )  # fmt: skip
    rows = list(selectors.upcoming_sessions(people.cadre_user, start=monday + timedelta(days=3)))
    in_window = [s.pk for s in rows]
    expected = [cat.session.pk] + (
        [later.pk] if timezone.localtime(later.starts_at).date() < monday + timedelta(14) else []
    )
    assert in_window == expected


def test_catalogue_readers(people, cat):
    for user in (people.cadre_user, people.mentor, people.officer_b, people.leader):
        assert selectors.topic_get(user, cat.topic.pk) == cat.topic
    for user in (people.rater, people.host, people.sysadmin):
        assert not selectors.topic_list(user).exists()
    assert CadreFactory  # the factory module is used by other tests of this area
