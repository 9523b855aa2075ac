"""Build a small curriculum the way the application does: through the services.

cat = catalogue(people.org_admin)   # a topic, a lecturer, a course, a base, a route, a session
"""

from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from qingmiao.cultivation.models import Lecturer, Session
from qingmiao.cultivation.services import curriculum as services


def when(days: int = 1, hour: int = 9, hours: int = 3):
    """A session `days` from now at `hour` o'clock local time, lasting `hours`."""
    start = timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0)
    start += timedelta(days=days)
    return start, start + timedelta(hours=hours)


def catalogue(actor, *, organizer=None, suffix: str = "") -> SimpleNamespace:
    c = SimpleNamespace()
    org = {"organizer": organizer} if organizer is not None else {}
    c.topic = services.topic_create(actor=actor, data={"name": f"经济金融{suffix}", **org})
    c.lecturer = services.lecturer_create(
        actor=actor,
        data={"name": f"王建国{suffix}", "kind": Lecturer.Kind.LEADER, "title": "区委常委", **org},
    )
    c.course = services.course_create(
        actor=actor,
        data={"topic": c.topic, "title": f"新质生产力与产业升级{suffix}",
              "credit_hours": Decimal("3.0"), **org},
        lecturers=[c.lecturer],
    )  # fmt: skip
    c.base = services.base_create(
        actor=actor, data={"name": f"新材料产业园区{suffix}", "field": "产业发展", **org}
    )
    c.route = services.route_create(
        actor=actor, data={"name": f"产业发展观摩线{suffix}", **org}, bases=[c.base]
    )
    start, end = when()
    c.session = services.session_create(
        actor=actor,
        data={"course": c.course, "starts_at": start, "ends_at": end,
              "mode": Session.Mode.ONSITE, "base": c.base, **org},
    )  # fmt: skip
    return c
