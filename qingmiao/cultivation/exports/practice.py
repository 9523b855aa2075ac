"""What the practice assignment list exports: the page's rows (scope, filters, sort) and
columns. No column is sensitive."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy

from qingmiao.core.export import Column, ListExport

from .. import practice_rules
from ..filters.practice import AssignmentFilter
from ..models import PracticeAssignment
from ..selectors import practice as selectors


def assignment_filterset(user, params) -> AssignmentFilter:
    return AssignmentFilter(
        params,
        queryset=selectors.assignment_queryset(user).order_by("-start_date", "-pk"),
        user=user,
    )


def assignment_list_queryset(user, query: QueryDict) -> QuerySet[PracticeAssignment]:
    filterset = assignment_filterset(user, query)
    if not filterset.is_valid():
        raise ValidationError([e for errors in filterset.errors.values() for e in errors])
    return filterset.qs


def _state(a) -> str:
    return str(PracticeAssignment.Status(a.state).label)


def _latest(a) -> str:
    return practice_rules.period_label(a.latest_period) if a.latest_period else ""


def assignment_columns(user) -> list[Column]:
    return [
        Column(gettext_lazy("姓名"), lambda a: a.cadre.name, width=10),
        Column(gettext_lazy("单位"), lambda a: a.cadre.unit.name, width=22),
        Column(gettext_lazy("锻炼类型"), lambda a: a.get_kind_display(), width=10),
        Column(gettext_lazy("方向"), lambda a: a.get_direction_display(), width=6),
        Column(gettext_lazy("接收单位或企业"), lambda a: a.host_name, width=24),
        Column(gettext_lazy("地点"), lambda a: a.place, width=14),
        Column(gettext_lazy("挂任职务或岗位"), lambda a: a.post, width=16),
        Column(gettext_lazy("开始日期"), lambda a: a.start_date, width=12),
        Column(gettext_lazy("结束日期"), lambda a: a.end_date, width=12),
        Column(
            gettext_lazy("脱产"),
            lambda a: str(gettext_lazy("是") if a.full_time else gettext_lazy("否")),
            width=6,
        ),
        Column(gettext_lazy("状态"), _state, width=8),
        Column(gettext_lazy("培养项目"), lambda a: a.program.name if a.program else "", width=20),
        Column(gettext_lazy("报告数"), lambda a: a.report_count or 0, width=8),
        Column(gettext_lazy("最近报告"), _latest, width=12),
        Column(
            gettext_lazy("接收方评价"),
            lambda a: a.evaluation.get_grade_display() if a.evaluated else "",
            width=10,
        ),
    ]


ASSIGNMENT_LIST = ListExport(
    key="qingmiao.cultivation.exports.practice.ASSIGNMENT_LIST",
    title=gettext_lazy("实践锻炼名单"),
    capability="cultivation.export_records",
    queryset=assignment_list_queryset,
    columns=assignment_columns,
)
