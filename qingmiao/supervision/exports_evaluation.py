"""What the evaluation and appraisal lists export: the page's rows (same scope, filters and
sort) and columns; an evaluation's results as counts per subject, question and voter type."""

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy

from qingmiao.core.export import Column, ListExport

from . import ballots
from .filters_evaluation import EvaluationFilter, ProposalFilter
from .models import BallotAnswer
from .models.evaluation import OPTIONS, OptionSet, VoterType
from .selectors import appraisal as appraisal_selectors
from .selectors import evaluation as selectors

CAPABILITY = "supervision.export_lists"


def _filtered(filter_class, queryset, user, query: QueryDict) -> QuerySet:
    filterset = filter_class(query, queryset=queryset, user=user)
    if not filterset.is_valid():
        raise ValidationError([e for errors in filterset.errors.values() for e in errors])
    return filterset.qs


def evaluation_rows(user, query: QueryDict) -> QuerySet:
    return _filtered(EvaluationFilter, selectors.evaluations(user), user, query)


def proposal_rows(user, query: QueryDict) -> QuerySet:
    return _filtered(ProposalFilter, appraisal_selectors.proposals(user), user, query).order_by(
        *(["-year", "unit__path", "cadre__name_pinyin"] if not query.get("sort") else [])
    )


def _state(e) -> str:
    return str(ballots.STATE_LABELS[ballots.state(e)])


EVALUATION_LIST = ListExport(
    key="qingmiao.supervision.exports_evaluation.EVALUATION_LIST",
    title=gettext_lazy("民主测评"),
    capability=CAPABILITY,
    queryset=evaluation_rows,
    columns=lambda user: [
        Column(gettext_lazy("测评名称"), lambda e: e.title, width=30),
        Column(gettext_lazy("类型"), lambda e: e.get_kind_display(), width=10),
        Column(gettext_lazy("组织单位"), lambda e: e.unit.name, width=20),
        Column(gettext_lazy("年度"), lambda e: e.year, width=8),
        Column(gettext_lazy("开始时间"), lambda e: e.opens_at, width=18),
        Column(gettext_lazy("截止时间"), lambda e: e.closes_at, width=18),
        Column(gettext_lazy("状态"), _state, width=8),
    ],
)

PROPOSAL_LIST = ListExport(
    key="qingmiao.supervision.exports_evaluation.PROPOSAL_LIST",
    title=gettext_lazy("年度考核等次"),
    capability=CAPABILITY,
    queryset=proposal_rows,
    columns=lambda user: [
        Column(gettext_lazy("年度"), lambda p: p.year, width=8),
        Column(gettext_lazy("单位"), lambda p: p.unit.name, width=24),
        Column(gettext_lazy("姓名"), lambda p: p.cadre.name, width=10),
        Column(gettext_lazy("考核等次"), lambda p: p.get_grade_display(), width=12),
        Column(gettext_lazy("说明"), lambda p: p.note, width=30),
        Column(gettext_lazy("状态"), lambda p: p.get_status_display(), width=8),
    ],
)


def result_rows(user, query: QueryDict) -> QuerySet:
    """One row per subject, question and voter type with a count per option — only once the
    results may be shown (the page's rule: closed and turnout reached)."""
    evaluation = selectors.evaluation_get(user, query.get("evaluation"))
    _t, results, why = selectors.visible_results(evaluation)
    if results is None:
        raise ValidationError(why)
    counts = {key: Count("pk", filter=Q(option=key)) for key, _l in OPTIONS[evaluation.option_set]}
    return (
        BallotAnswer.objects.filter(ballot__evaluation=evaluation)
        .values(
            "subject__position",
            "subject__cadre__name",
            "question__position",
            "question__title",
            "ballot__voter_type",
        )
        .annotate(total=Count("pk"), **counts)
        .order_by("subject__position", "question__position", "ballot__voter_type")
    )


def _rate(key):
    return lambda r: r[key] / r["total"] if r["total"] else None


def _result_columns(option_set):
    def columns(user):
        cols = [
            Column(gettext_lazy("测评对象"), lambda r: r["subject__cadre__name"], width=10),
            Column(gettext_lazy("测评内容"), lambda r: r["question__title"], width=14),
            Column(
                gettext_lazy("参评人员类别"),
                lambda r: str(VoterType(r["ballot__voter_type"]).label),
                width=16,
            ),
            Column(gettext_lazy("有效票"), lambda r: r["total"], width=8),
        ]
        for key, label in OPTIONS[option_set]:
            cols.append(Column(label, lambda r, k=key: r[k], width=8))
            cols.append(
                Column(
                    gettext_lazy("%(label)s比例") % {"label": label},
                    _rate(key),
                    width=10,
                    number_format="0.0%",
                )
            )
        return cols

    return columns


RESULTS_GRADES = ListExport(
    key="qingmiao.supervision.exports_evaluation.RESULTS_GRADES",
    title=gettext_lazy("民主测评结果"),
    capability=CAPABILITY,
    queryset=result_rows,
    columns=_result_columns(OptionSet.GRADES),
)
RESULTS_RECOMMEND = ListExport(
    key="qingmiao.supervision.exports_evaluation.RESULTS_RECOMMEND",
    title=gettext_lazy("民主推荐结果"),
    capability=CAPABILITY,
    queryset=result_rows,
    columns=_result_columns(OptionSet.RECOMMEND),
)
RESULTS = {OptionSet.GRADES: RESULTS_GRADES, OptionSet.RECOMMEND: RESULTS_RECOMMEND}
