"""What the curriculum's lists export: each page's rows (same scope, filters and sort) and
columns. The pages build their lists with `filterset()` too, so a file holds what the page
shows. No curriculum list shows a sensitive field."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qingmiao.core.export import Column, ListExport

from ..filters import curriculum as filters
from ..selectors import curriculum as selectors

CAPABILITY = "cultivation.export_records"
HOURS = "0.0"

# key → (the list's scoped rows, its filter set)
LISTS = {
    "topic": (selectors.topic_list, filters.TopicFilter),
    "lecturer": (selectors.lecturer_list, filters.LecturerFilter),
    "base": (selectors.base_list, filters.BaseFilter),
    "route": (selectors.route_list, filters.RouteFilter),
    "course": (selectors.course_list, filters.CourseFilter),
    "session": (selectors.session_list, filters.SessionFilter),
    "trip": (selectors.trip_list, filters.TripFilter),
}


def filterset(key: str, user, params):
    rows, filter_class = LISTS[key]
    return filter_class(params, queryset=rows(user), user=user)


def _rows(key: str):
    def build(user, query: QueryDict) -> QuerySet:
        fs = filterset(key, user, query)
        if not fs.is_valid():
            raise ValidationError([e for errors in fs.errors.values() for e in errors])
        return fs.qs

    return build


def _export(key: str, title, columns) -> ListExport:
    """The export of the `key` list: its rows as the page filters them, these columns. The
    export is named by the module variable `<KEY>_LIST` it is bound to (a job imports it)."""
    return ListExport(
        key=f"{__name__}.{key.upper()}_LIST",
        title=title,
        capability=CAPABILITY,
        queryset=_rows(key),
        columns=columns,
    )


def _names(items) -> str:
    return "、".join(str(x) for x in items)


def _hours(value):
    # A number in the sheet (the writer keeps a Decimal as text).
    return float(value) if value is not None else None


def _active(place) -> str:
    return _("在用") if place.is_active else _("已停用")


TOPIC_LIST = _export(
    "topic",
    gettext_lazy("专题"),
    lambda user: [
        Column(_("专题名称"), lambda t: t.name, width=24),
        Column(_("课程数"), lambda t: t.course_count),
        Column(_("说明"), lambda t: t.description, width=40),
    ],
)

LECTURER_LIST = _export(
    "lecturer",
    gettext_lazy("授课人"),
    lambda user: [
        Column(_("姓名或机构"), lambda x: x.name, width=20),
        Column(_("类别"), lambda x: x.get_kind_display()),
        Column(_("单位"), lambda x: x.affiliation, width=24),
        Column(_("职务职称"), lambda x: x.title, width=20),
        Column(_("课程数"), lambda x: x.course_count),
    ],
)

BASE_LIST = _export(
    "base",
    gettext_lazy("教学基地"),
    lambda user: [
        Column(_("基地名称"), lambda b: b.name, width=28),
        Column(_("教学方向"), lambda b: b.field, width=16),
        Column(_("地址"), lambda b: b.address, width=30),
        Column(_("观摩线路数"), lambda b: b.route_count),
        Column(_("授课次数"), lambda b: b.session_count),
        Column(_("状态"), _active),
    ],
)

ROUTE_LIST = _export(
    "route",
    gettext_lazy("观摩线路"),
    lambda user: [
        Column(_("线路名称"), lambda r: r.name, width=28),
        Column(_("途经基地"), lambda r: _names(r.bases.all()), width=40),
        Column(_("观摩点位"), lambda r: r.stops, width=40),
        Column(_("授课次数"), lambda r: r.session_count),
        Column(_("状态"), _active),
    ],
)

COURSE_LIST = _export(
    "course",
    gettext_lazy("课程"),
    lambda user: [
        Column(_("课程名称"), lambda c: c.title, width=30),
        Column(_("专题"), lambda c: c.topic.name, width=16),
        Column(_("授课人"), lambda c: _names(c.lecturers.all()), width=24),
        Column(_("学时"), lambda c: _hours(c.credit_hours), number_format=HOURS),
        Column(_("所属项目"), lambda c: _names(c.programs.all()), width=24),
        Column(_("所属赛道"), lambda c: _names(c.tracks.all()), width=20),
        Column(_("授课次数"), lambda c: c.session_count),
    ],
)

SESSION_LIST = _export(
    "session",
    gettext_lazy("授课安排"),
    lambda user: [
        Column(_("开始时间"), lambda s: s.starts_at, width=18),
        Column(_("结束时间"), lambda s: s.ends_at, width=18),
        Column(_("课程"), lambda s: s.course.title, width=30),
        Column(_("本次主题"), lambda s: s.title, width=24),
        Column(_("专题"), lambda s: s.course.topic.name, width=16),
        Column(_("形式"), lambda s: s.get_mode_display()),
        Column(_("地点"), lambda s: s.place, width=20),
        Column(_("教学基地"), lambda s: s.base.name if s.base else "", width=24),
        Column(_("观摩线路"), lambda s: s.route.name if s.route else "", width=24),
        Column(_("授课人"), lambda s: _names(s.course.lecturers.all()), width=20),
        Column(_("学时"), lambda s: _hours(s.credit_hours), number_format=HOURS),
        Column(_("所属项目"), lambda s: _names(s.programs.all()), width=24),
        Column(_("状态"), lambda s: s.get_status_display()),
    ],
)

TRIP_LIST = _export(
    "trip",
    gettext_lazy("外出学习"),
    lambda user: [
        Column(_("批次"), lambda t: t.batch),
        Column(_("主题"), lambda t: t.title, width=30),
        Column(_("目的地"), lambda t: t.destinations, width=24),
        Column(_("开始日期"), lambda t: t.start_date, width=12),
        Column(_("结束日期"), lambda t: t.end_date, width=12),
        Column(_("学时"), lambda t: _hours(t.credit_hours), number_format=HOURS),
        Column(_("人数"), lambda t: t.participant_count),
        Column(_("所属项目"), lambda t: t.program.name if t.program else "", width=20),
    ],
)

EXPORTS = {
    "topic": TOPIC_LIST,
    "lecturer": LECTURER_LIST,
    "base": BASE_LIST,
    "route": ROUTE_LIST,
    "course": COURSE_LIST,
    "session": SESSION_LIST,
    "trip": TRIP_LIST,
}
