"""What the results lists export: each page's rows (same scope, filters and sort) and columns."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy

from qingmiao.core.export import Column, ListExport

from ..filters.results import DeliverableFilter, InvestmentFilter, ProblemFilter
from ..selectors import results as selectors

CAPABILITY = "cultivation.export_records"


def _filtered(filter_class, queryset, user, query: QueryDict) -> QuerySet:
    filterset = filter_class(query, queryset=queryset, user=user)
    if not filterset.is_valid():
        raise ValidationError([e for errors in filterset.errors.values() for e in errors])
    return filterset.qs


def deliverable_rows(user, query: QueryDict) -> QuerySet:
    return _filtered(DeliverableFilter, selectors.deliverable_queryset(user), user, query)


def investment_rows(user, query: QueryDict) -> QuerySet:
    return _filtered(InvestmentFilter, selectors.investment_queryset(user), user, query)


def problem_rows(user, query: QueryDict) -> QuerySet:
    return _filtered(ProblemFilter, selectors.problem_queryset(user), user, query)


def _names(cadres) -> str:
    return "、".join(c.name for c in cadres.all())


def _outcomes(d) -> str:
    return "；".join(f"{o.get_kind_display()}（{o.body}）" for o in d.outcomes.all())


def _team(r) -> str:
    return r.team.name if r.team else ""


DELIVERABLE_LIST = ListExport(
    key="qingmiao.cultivation.exports.results.DELIVERABLE_LIST",
    title=gettext_lazy("调研成果"),
    capability=CAPABILITY,
    queryset=deliverable_rows,
    columns=lambda user: [
        Column(gettext_lazy("题目"), lambda d: d.title, width=36),
        Column(gettext_lazy("成果类型"), lambda d: d.get_kind_display(), width=10),
        Column(gettext_lazy("培养项目"), lambda d: d.program.name, width=20),
        Column(gettext_lazy("调研组"), _team, width=12),
        Column(gettext_lazy("执笔人"), lambda d: _names(d.authors), width=20),
        Column(gettext_lazy("提交日期"), lambda d: d.submitted_on, width=12),
        Column(gettext_lazy("成效"), _outcomes, width=36),
    ],
)

INVESTMENT_LIST = ListExport(
    key="qingmiao.cultivation.exports.results.INVESTMENT_LIST",
    title=gettext_lazy("招商引资"),
    capability=CAPABILITY,
    queryset=investment_rows,
    columns=lambda user: [
        Column(gettext_lazy("企业名称"), lambda r: r.enterprise_name, width=30),
        Column(gettext_lazy("统一社会信用代码"), lambda r: r.credit_code, width=22),
        Column(
            gettext_lazy("注册资本（万元）"),
            lambda r: r.registered_capital,
            width=16,
            number_format="#,##0.00",
        ),
        Column(gettext_lazy("所属产业"), lambda r: r.industry, width=14),
        Column(gettext_lazy("进展"), lambda r: r.get_stage_display(), width=10),
        Column(gettext_lazy("日期"), lambda r: r.date, width=12),
        Column(gettext_lazy("培养项目"), lambda r: r.program.name, width=20),
        Column(gettext_lazy("调研组"), _team, width=12),
        Column(gettext_lazy("引进人"), lambda r: _names(r.cadres), width=20),
    ],
)

PROBLEM_LIST = ListExport(
    key="qingmiao.cultivation.exports.results.PROBLEM_LIST",
    title=gettext_lazy("破解难题"),
    capability=CAPABILITY,
    queryset=problem_rows,
    columns=lambda user: [
        Column(gettext_lazy("难题"), lambda p: p.title, width=30),
        Column(gettext_lazy("受益企业或项目"), lambda p: p.beneficiary, width=24),
        Column(gettext_lazy("受益方类型"), lambda p: p.get_beneficiary_kind_display(), width=10),
        Column(gettext_lazy("解决成效"), lambda p: p.outcome, width=36),
        Column(gettext_lazy("解决日期"), lambda p: p.date, width=12),
        Column(gettext_lazy("培养项目"), lambda p: p.program.name, width=20),
        Column(gettext_lazy("调研组"), _team, width=12),
        Column(gettext_lazy("参与干部"), lambda p: _names(p.cadres), width=20),
    ],
)
