"""What the rounds list and a round's performance list (实绩清单) export: the page's rows in the
page's order. No column is sensitive; out of scope is a 404 through the round's getter."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy

from qingmiao.core.export import Column, ListExport

from . import scoring_rounds
from .filters_rounds import RankingFilter, RoundFilter
from .models import Round, RoundMember
from .selectors import rounds as selectors


def _valid(filterset):
    if not filterset.is_valid():
        raise ValidationError([e for errors in filterset.errors.values() for e in errors])
    return filterset.qs


def round_list_queryset(user, query: QueryDict) -> QuerySet[Round]:
    return _valid(RoundFilter(query, queryset=selectors.round_queryset(user), user=user))


def round_columns(user) -> list[Column]:
    return [
        Column(gettext_lazy("考察名称"), lambda r: r.title, width=24),
        Column(gettext_lazy("考察对象"), lambda r: r.cohort, width=20),
        Column(gettext_lazy("考察月份"), lambda r: f"{r.month:%Y.%m}", width=10),
        Column(gettext_lazy("考察方案"), lambda r: str(r.version), width=24),
        Column(gettext_lazy("人数"), lambda r: r.member_count, width=8),
        Column(gettext_lazy("已评分"), lambda r: r.scored_count, width=8),
        Column(gettext_lazy("状态"), lambda r: r.get_status_display(), width=8),
    ]


ROUND_LIST = ListExport(
    key="qingmiao.supervision.exports_rounds.ROUND_LIST",
    title=gettext_lazy("月度考察"),
    capability="supervision.export_lists",
    queryset=round_list_queryset,
    columns=round_columns,
)


def ranking_queryset(user, query: QueryDict) -> QuerySet[RoundMember]:
    round_ = selectors.round_get(user, query.get("round"))
    cumulative = query.get("list") == "cumulative"
    rows = selectors.ranking(user, round_, cumulative=cumulative)
    return _valid(RankingFilter(query, queryset=rows, user=user))


def ranking_columns(user) -> list[Column]:
    def move(m):
        return scoring_rounds.movement(m.rank, m.previous_rank)

    def cmove(m):
        return scoring_rounds.movement(m.cumulative_rank, m.previous_cumulative_rank)

    return [
        Column(gettext_lazy("本月名次"), lambda m: m.rank or "", width=8),
        Column(gettext_lazy("名次变化"), move, width=8),
        Column(gettext_lazy("姓名"), lambda m: m.cadre.name, width=10),
        Column(gettext_lazy("单位"), lambda m: m.cadre.unit.name, width=22),
        Column(
            gettext_lazy("任务完成情况得分"),
            lambda m: m.task_points,
            width=10,
            number_format="0.00",
        ),
        Column(
            gettext_lazy("服务对象（企业）评价得分"),
            lambda m: m.host_points,
            width=12,
            number_format="0.00",
        ),
        Column(
            gettext_lazy("台账检查得分"), lambda m: m.ledger_points, width=10, number_format="0.00"
        ),
        Column(gettext_lazy("综合得分"), lambda m: m.total, width=10, number_format="0.00"),
        Column(gettext_lazy("累计得分"), lambda m: m.cumulative, width=10, number_format="0.00"),
        Column(gettext_lazy("累计名次"), lambda m: m.cumulative_rank or "", width=8),
        Column(gettext_lazy("累计名次变化"), cmove, width=10),
        Column(gettext_lazy("参加考察月数"), lambda m: m.months_scored, width=10),
        Column(
            gettext_lazy("推荐进入储备库"),
            lambda m: str(gettext_lazy("已推荐")) if m.nominated else "",
            width=12,
        ),
    ]


RANKING = ListExport(
    key="qingmiao.supervision.exports_rounds.RANKING",
    title=gettext_lazy("实绩清单"),
    capability="supervision.export_lists",
    queryset=ranking_queryset,
    columns=ranking_columns,
)
