"""What selection's lists export: each page's rows (same scope, filters and sort) and columns.

Every list here belongs to one programme or one stage, so the view adds that id to the query
(`program=` or `stage=`); the builder fetches it through the same scoped getter as the page
(out of scope: 404), so a job rebuilds exactly the list the user was looking at. The funnel's
numbers link to the application list with filters, so its drill-down lists export through
APPLICATION_LIST. No list here shows an ID number, so no export does."""

from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qingmiao.cadres.monthdate import format_month
from qingmiao.core.export import Column, ListExport

from . import ranking, selectors
from .filters import ApplicationFilter
from .models import AdvancementResult, Application, Program, RankingRow, Stage
from .services.ranking_store import ranking_current

SCORE = "0.00"


def eligibility_view(snapshot: list) -> tuple[bool | None, str]:
    """From the snapshot kept on the application: passed? and the failed rules."""
    if not snapshot:
        return None, ""
    failed = [r for r in snapshot if not r.get("ok")]
    text = "；".join(
        _("%(label)s：要求%(required)s，实际%(actual)s")
        % {
            "label": r.get("label", ""),
            "required": r.get("required", ""),
            "actual": r.get("actual", ""),
        }
        for r in failed
    )
    return not failed, text


# --- the application list (and the funnel's drill-down lists) -------------------------------


def application_filterset(user, program: Program, params) -> ApplicationFilter:
    """The application list's filters over the programme's applications the user may see, in
    the order the page lists them when no sort is chosen."""
    applications = selectors.program_applications(user, program)
    return ApplicationFilter(
        params, queryset=applications.order_by("created_at", "id"), program=program
    )


def _rest(query: QueryDict, key: str) -> QueryDict:
    params = query.copy()
    params.pop(key, None)
    return params


def application_list_queryset(user, query: QueryDict) -> QuerySet[Application]:
    """The application list's rows exactly as the page builds them (views.applications)."""
    program = selectors.program_get(user, query.get("program"))
    filterset = application_filterset(user, program, _rest(query, "program"))
    if not filterset.is_valid():
        raise ValidationError([e for errors in filterset.errors.values() for e in errors])
    return filterset.qs


def _education(cadre) -> str:
    text = cadre.fulltime_education.form_name if cadre.fulltime_education else ""
    if cadre.fulltime_degree:
        text += f"·{cadre.fulltime_degree.name}"
    return text


def _eligibility(application) -> str:
    ok, failed = eligibility_view(application.eligibility)
    if ok is None:
        return "—"
    return _("符合") if ok else _("不符合：%(rules)s") % {"rules": failed}


def _progress(application) -> str:
    if application.outcome == Application.Outcome.PENDING:
        return ""
    text = str(application.get_outcome_display())
    if application.current_stage and application.outcome == Application.Outcome.IN_PROGRESS:
        text += f" {application.current_stage.name}"
    return text


def application_list_columns(user) -> list[Column]:
    return [
        Column(gettext_lazy("姓名"), lambda a: a.cadre.name, width=10),
        Column(
            gettext_lazy("性别"), lambda a: a.cadre.gender.name if a.cadre.gender else "", width=6
        ),
        Column(gettext_lazy("出生年月"), lambda a: format_month(a.cadre.birth_date), width=10),
        Column(gettext_lazy("年龄段"), lambda a: a.cadre.generation_band, width=8),
        Column(gettext_lazy("学历"), lambda a: _education(a.cadre), width=16),
        Column(gettext_lazy("单位"), lambda a: a.cadre.unit.name, width=24),
        Column(gettext_lazy("赛道"), lambda a: a.track.name if a.track else "—", width=12),
        Column(gettext_lazy("报名方式"), lambda a: a.get_mode_display(), width=10),
        Column(gettext_lazy("报名时间"), lambda a: a.created_at, width=18),
        Column(gettext_lazy("资格核验"), _eligibility, width=20),
        Column(gettext_lazy("状态"), lambda a: a.get_status_display(), width=14),
        Column(gettext_lazy("审查意见"), lambda a: a.screening_reason, width=24),
        Column(gettext_lazy("闯关"), _progress, width=16),
    ]


APPLICATION_LIST = ListExport(
    key="qingmiao.selection.exports.APPLICATION_LIST",
    title=gettext_lazy("报名名单"),
    capability="selection.export_application",
    queryset=application_list_queryset,
    columns=application_list_columns,
)


# --- the stage ranking ----------------------------------------------------------------------


def ranking_method(stage: Stage, query) -> str:
    """The method the page ranks by: the one asked for if known, else the stage's own."""
    method = query.get("method", "")
    return method if method in ranking.METHODS else stage.aggregation


def stage_ranking_queryset(user, query: QueryDict) -> QuerySet[RankingRow]:
    """Every row of the stored ranking the page serves (selectors_ranking), in rank order."""
    stage = selectors.overseen_stage_get(user, query.get("stage"))
    fit = ranking_current(stage, ranking_method(stage, query)).fit
    if fit is None:
        raise ValidationError(_("排名正在后台计算，请稍后再导出。"))
    return fit.rows.select_related(
        "entry__application__cadre__unit", "entry__application__track"
    ).order_by("position")


def _candidate_columns() -> list[Column]:
    return [
        Column(gettext_lazy("编号"), lambda r: r.entry.code, width=10),
        Column(gettext_lazy("姓名"), lambda r: r.entry.application.cadre.name, width=10),
        Column(gettext_lazy("单位"), lambda r: r.entry.application.cadre.unit.name, width=24),
        Column(
            gettext_lazy("赛道"),
            lambda r: r.entry.application.track.name if r.entry.application.track else "—",
            width=12,
        ),
    ]


def _score(value) -> float | None:
    return None if value is None else round(float(value), 2)


def stage_ranking_columns(user) -> list[Column]:
    return [
        Column(gettext_lazy("名次"), lambda r: r.rank, width=6),
        *_candidate_columns(),
        Column(gettext_lazy("原始平均分"), lambda r: _score(r.raw_mean), number_format=SCORE),
        Column(gettext_lazy("得分"), lambda r: _score(r.score), width=8, number_format=SCORE),
        Column(
            gettext_lazy("评委（已交/应交）"), lambda r: f"{r.submitted} / {r.assigned}", width=18
        ),
        Column(gettext_lazy("同分"), lambda r: _("并列") if r.tied else "", width=6),
        Column(gettext_lazy("按规则晋级"), lambda r: "✓" if r.proposed else "", width=12),
    ]


STAGE_RANKING = ListExport(
    key="qingmiao.selection.exports.STAGE_RANKING",
    title=gettext_lazy("关卡排名"),
    capability="selection.export_ranking",
    queryset=stage_ranking_queryset,
    columns=stage_ranking_columns,
)


# --- the advancement decision ---------------------------------------------------------------


def advancement_queryset(user, query: QueryDict) -> QuerySet[AdvancementResult]:
    """The confirmed decision's results in the page's order: by rank (unranked last), code."""
    stage = selectors.overseen_stage_get(user, query.get("stage"))
    decision = selectors.stage_decision(user, stage)
    if decision is None:
        raise ValidationError(_("晋级结果尚未确定，确定后才能导出。"))
    return decision.results.select_related(
        "entry__application__cadre__unit", "entry__application__track"
    ).order_by(F("rank").asc(nulls_last=True), "entry__code")


def _adjustment(result) -> str:
    if not result.adjusted:
        return ""
    return _("规则未晋级，调整为晋级") if result.advanced else _("规则晋级，调整为未晋级")


def advancement_columns(user) -> list[Column]:
    return [
        Column(gettext_lazy("名次"), lambda r: r.rank, width=6),
        *_candidate_columns(),
        Column(gettext_lazy("得分"), lambda r: _score(r.score), width=8, number_format=SCORE),
        Column(gettext_lazy("按规则"), lambda r: "✓" if r.proposed else "", width=8),
        Column(
            gettext_lazy("最终结果"), lambda r: _("晋级") if r.advanced else _("未晋级"), width=10
        ),
        Column(gettext_lazy("调整"), _adjustment, width=22),
        Column(gettext_lazy("调整理由"), lambda r: r.reason if r.adjusted else "", width=30),
    ]


ADVANCEMENT_RESULTS = ListExport(
    key="qingmiao.selection.exports.ADVANCEMENT_RESULTS",
    title=gettext_lazy("晋级结果"),
    capability="selection.export_advancement",
    queryset=advancement_queryset,
    columns=advancement_columns,
)
