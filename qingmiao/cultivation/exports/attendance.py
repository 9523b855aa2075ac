"""What the attendance area's lists export (see qingmiao/core/export.py)."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qingmiao.core.export import Column, ListExport
from qingmiao.selection.selectors import program_get

from ..filters.attendance import (
    HOURS_SORTS,
    MAKEUP_SORTS,
    PROGRESS_SORTS,
    SESSION_SORTS,
    HoursProgressFilter,
    MakeUpFilter,
    ProgressFilter,
    SessionFilter,
    sorted_by,
)
from ..selectors import attendance as selectors
from ..selectors import hours_progress


def _filtered(filterset):
    if not filterset.is_valid():
        raise ValidationError(_("筛选条件有误。"))
    return filterset.qs


def session_queryset(user, query: QueryDict) -> QuerySet:
    qs = SessionFilter(query, queryset=selectors.attendance_sessions(user), user=user)
    return sorted_by(_filtered(qs), query.get("sort", ""), SESSION_SORTS, ["-starts_at", "-pk"])


SESSION_LIST = ListExport(
    key="qingmiao.cultivation.exports.attendance.SESSION_LIST",
    title=gettext_lazy("授课考勤"),
    capability="cultivation.export_records",
    queryset=lambda user, query: session_queryset(user, query).select_related("course"),
    columns=lambda user: [
        Column(_("课程"), lambda s: s.course.title, width=30),
        Column(_("本次主题"), lambda s: s.title, width=24),
        Column(_("开始时间"), lambda s: s.starts_at, width=18),
        Column(_("形式"), lambda s: s.get_mode_display()),
        Column(_("学时"), lambda s: s.credit_hours, number_format="0.0"),
        Column(_("已记录"), lambda s: s.recorded),
        Column(_("出席"), lambda s: s.attended),
    ],
)


def makeup_queryset(user, query: QueryDict) -> QuerySet:
    qs = MakeUpFilter(query, queryset=selectors.makeups(user), user=user)
    return sorted_by(_filtered(qs), query.get("sort", ""), MAKEUP_SORTS, ["-submitted_at", "-pk"])


MAKEUP_LIST = ListExport(
    key="qingmiao.cultivation.exports.attendance.MAKEUP_LIST",
    title=gettext_lazy("补学申请"),
    capability="cultivation.export_records",
    queryset=makeup_queryset,
    columns=lambda user: [
        Column(_("姓名"), lambda m: m.cadre.name),
        Column(_("单位"), lambda m: m.cadre.unit.name, width=24),
        Column(_("授课"), lambda m: str(m.session), width=30),
        Column(_("补学方式"), lambda m: m.how, width=30),
        Column(_("状态"), lambda m: m.get_status_display()),
        Column(_("提交时间"), lambda m: m.submitted_at, width=18),
        Column(_("审核意见"), lambda m: m.decision_note, width=24),
    ],
)


def progress_queryset(user, query: QueryDict) -> QuerySet:
    try:
        requirement = selectors.requirement_get(user, int(query.get("requirement", "")))
    except ValueError:
        raise Http404 from None
    base = selectors.requirement_progress(user, requirement)
    qs = _filtered(ProgressFilter(query, queryset=base, user=user))
    return sorted_by(qs, query.get("sort", ""), PROGRESS_SORTS, ["-short", "name_pinyin", "pk"])


PROGRESS_LIST = ListExport(
    key="qingmiao.cultivation.exports.attendance.PROGRESS_LIST",
    title=gettext_lazy("学时完成情况"),
    capability="cultivation.export_records",
    queryset=progress_queryset,
    columns=lambda user: [
        Column(_("姓名"), lambda c: c.name),
        Column(_("单位"), lambda c: c.unit.name, width=24),
        Column(_("应修学时"), lambda c: c.required, number_format="0.0"),
        Column(_("已修学时"), lambda c: c.done, number_format="0.0"),
        Column(_("差额"), lambda c: max(c.short, 0), number_format="0.0"),
    ],
)


def hours_program(user, query: QueryDict):
    """The program a hours-progress list belongs to (`program=` in the query), or 404."""
    try:
        return program_get(user, int(query.get("program", "")))
    except ValueError:
        raise Http404 from None


def hours_queryset(user, query: QueryDict) -> QuerySet:
    program = hours_program(user, query)
    required = hours_progress.program_requirement(program).hours
    base = hours_progress.hours_progress(user, program, required)
    qs = _filtered(
        HoursProgressFilter(query, queryset=base, user=user, program=program, required=required)
    )
    return sorted_by(qs, query.get("sort", ""), HOURS_SORTS, ["-short", "name_pinyin", "pk"])


def _number(value):
    """Hours as a number the spreadsheet can add up (a Decimal would be written as text)."""
    return None if value is None else float(value)


HOURS_LIST = ListExport(
    key="qingmiao.cultivation.exports.attendance.HOURS_LIST",
    title=gettext_lazy("学时进度"),
    capability="cultivation.export_records",
    queryset=hours_queryset,
    columns=lambda user: [
        Column(_("姓名"), lambda c: c.name),
        Column(_("单位"), lambda c: c.unit.name, width=24),
        Column(_("应修学时"), lambda c: _number(c.required), number_format="0.0"),
        Column(_("出勤学时"), lambda c: _number(c.attended), number_format="0.0"),
        Column(_("补学学时"), lambda c: _number(c.made_up), number_format="0.0"),
        Column(_("合计学时"), lambda c: _number(c.done), number_format="0.0"),
        Column(
            _("尚差学时"),
            lambda c: _number(max(c.short, 0)) if c.required else None,
            number_format="0.0",
        ),
    ],
)
