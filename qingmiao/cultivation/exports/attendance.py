"""What the attendance area's lists export (see qingmiao/core/export.py)."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qingmiao.core.export import Column, ListExport

from ..filters.attendance import (
    MAKEUP_SORTS,
    PROGRESS_SORTS,
    SESSION_SORTS,
    MakeUpFilter,
    ProgressFilter,
    SessionFilter,
    sorted_by,
)
from ..selectors import attendance as selectors


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
