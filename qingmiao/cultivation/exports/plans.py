"""What the plan list exports: the page's rows with phase and milestone counts."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy

from qingmiao.core.export import Column, ListExport

from .. import phases
from ..filters.plans import PlanFilter
from ..selectors import plans as selectors


def plan_rows(user, query: QueryDict) -> QuerySet:
    filterset = PlanFilter(query, queryset=selectors.plan_queryset(user), user=user)
    if not filterset.is_valid():
        raise ValidationError([e for errors in filterset.errors.values() for e in errors])
    return filterset.qs


PLAN_LIST = ListExport(
    key="qingmiao.cultivation.exports.plans.PLAN_LIST",
    title=gettext_lazy("新苗培优计划"),
    capability="cultivation.export_records",
    queryset=plan_rows,
    columns=lambda user: [
        Column(gettext_lazy("姓名"), lambda p: p.cadre.name, width=10),
        Column(gettext_lazy("单位"), lambda p: p.cadre.unit.name, width=24),
        Column(gettext_lazy("入职日期"), lambda p: p.start_date, width=12),
        Column(gettext_lazy("培养阶段"), lambda p: phases.LABELS[p.phase], width=10),
        Column(gettext_lazy("培养节点"), lambda p: p.milestone_n, width=10),
        Column(gettext_lazy("已完成"), lambda p: p.done_n, width=10),
        Column(gettext_lazy("已确认"), lambda p: p.confirmed_n, width=10),
        Column(gettext_lazy("超期"), lambda p: p.overdue_n, width=8),
    ],
)
