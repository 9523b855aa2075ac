"""The stage ranking, one candidate's sheets and reopening a sheet (the organizer side)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.core.errors import error_text

from .. import ranking, selectors, selectors_ranking, services, wording
from ..models import (
    ScoreSheet,
    Stage,
    StageStatus,
)
from ..models.stage import AggregationMethod
from ._common import PAGE_SIZES, page_size_of


def _method(request, stage: Stage) -> str:
    method = request.GET.get("method", "")
    return method if method in ranking.METHODS else stage.aggregation


@never_cache
@permission_required("selection.view_ranking", raise_exception=True)
def stage_ranking(request, pk):
    stage = selectors.overseen_stage_get(request.user, pk)
    method = _method(request, stage)
    stored = selectors_ranking.ranking_page(
        stage, method, page_number=request.GET.get("page", 1), page_size=page_size_of(request.GET)
    )
    return render(
        request,
        "selection/staff/stage_ranking.html",
        {
            "program": stage.program,
            "stage": stage,
            "method": method,
            "methods": AggregationMethod.choices,
            "preview": stored,
            "page": stored.page,
            "query": request.GET.urlencode(),
            "page_sizes": PAGE_SIZES,
            "page_size": page_size_of(request.GET),
            "warnings": stored.warning_texts,
            "effects": stored.effects if method == AggregationMethod.SEVERITY else [],
            "rule_text": wording.rule_text(stage.advancement_rule, stage.rule_value),
            "manages": selectors.manages(request.user, stage.program),
            "oversees": True,
            "tab": "stages",
        },
    )


def _how_text(method: str, row) -> str:
    """How the candidate's score was made from the raters' totals, in one sentence."""
    if row is None or row.score is None:
        return _("该考生还没有已提交的评分，暂无得分。")
    score = f"{row.score:.2f}"
    n = len(row.details)
    if method == AggregationMethod.MEAN:
        total = sum(d.raw for d in row.details)
        return _("平均分：%(n)s 位评委的总分之和 %(sum)s ÷ %(n)s = %(score)s。") % {
            "n": n,
            "sum": f"{total:.2f}",
            "score": score,
        }
    if method == AggregationMethod.TRIMMED_MEAN:
        dropped = [d.raw for d in row.details if not d.used]
        if dropped:
            return _(
                "去掉一个最高分 %(high)s 和一个最低分 %(low)s，"
                "其余 %(k)s 个分数的平均值 = %(score)s。"
            ) % {
                "high": f"{max(dropped):.2f}",
                "low": f"{min(dropped):.2f}",
                "k": n - len(dropped),
                "score": score,
            }
        return _("评委不足 3 人，不去分，直接取 %(n)s 个分数的平均值 = %(score)s。") % {
            "n": n,
            "score": score,
        }
    if method == AggregationMethod.MEDIAN:
        return _("%(n)s 位评委的总分按高低排列，取中间值 = %(score)s。") % {
            "n": n,
            "score": score,
        }
    if method == AggregationMethod.ZSCORE:
        return _(
            "每位评委的打分先按其本人的平均分和离散程度标准化，再统一折算到全体评分的尺度上；"
            "%(n)s 个校正后分数的平均值 = %(score)s。"
        ) % {"n": n, "score": score}
    return _(
        "根据全部评分估计每位评委的宽严程度（偏宽为正、偏严为负），从其打分中扣除；"
        "%(n)s 个校正后分数的平均值 = %(score)s。"
    ) % {"n": n, "score": score}


@never_cache
@permission_required("selection.view_ranking", raise_exception=True)
def entry_sheet(request, pk, entry_pk):
    user = request.user
    stage = selectors.overseen_stage_get(user, pk)
    entry = selectors.stage_entry_get(user, stage, entry_pk)
    method = _method(request, stage)
    preview = services.stage_ranking(stage, method)
    row = preview.row_for(entry.pk)
    detail_of = {d.rater: d for d in (row.details if row else [])}
    dimensions = list(stage.dimensions.order_by("sort", "id"))
    sheets = selectors.entry_sheets(user, entry)
    assigned = selectors.entry_unstarted(stage, entry)
    cards = []
    for sheet in sheets:
        values = {s.dimension_id: s for s in sheet.scores.all()}
        detail = detail_of.get(sheet.assignment.rater_id)
        cards.append(
            {
                "sheet": sheet,
                "rater": sheet.assignment.rater,
                "submitted": sheet.status == ScoreSheet.Status.SUBMITTED,
                "detail": detail,
                "shift": (detail.adjusted - detail.raw) if detail else None,
                "dims": [(d, values.get(d.pk)) for d in dimensions],
            }
        )
    manages = selectors.manages(user, stage.program)
    return render(
        request,
        "selection/staff/entry_sheet.html",
        {
            "program": stage.program,
            "stage": stage,
            "entry": entry,
            "method": method,
            "method_label": AggregationMethod(method).label,
            "methods": AggregationMethod.choices,
            "adjusts": method in (AggregationMethod.ZSCORE, AggregationMethod.SEVERITY),
            "row": row,
            "how": _how_text(method, row),
            "cards": cards,
            "unstarted": list(assigned),
            "can_reopen": manages
            and user.has_perm("selection.reopen_sheet")
            and stage.status != StageStatus.DECIDED,
            "manages": manages,
            "oversees": True,
            "tab": "stages",
        },
    )


@require_POST
@permission_required("selection.reopen_sheet", raise_exception=True)
def sheet_reopen(request, pk):
    user = request.user
    sheet = selectors.managed_sheet_get(user, pk)
    entry = sheet.assignment.entry
    method = request.POST.get("method", "")
    back = reverse("selection:entry_sheet", args=[entry.stage_id, entry.pk])
    if method in ranking.METHODS:
        back += f"?method={method}"
    try:
        services.sheet_reopen(actor=user, sheet=sheet, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("已重新开放 %(rater)s 对考生 %(code)s 的评分表，评委修改后需重新提交。")
            % {"rater": sheet.assignment.rater.display_name, "code": entry.code},
        )
    return redirect(back)
