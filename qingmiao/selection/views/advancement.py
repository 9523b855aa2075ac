"""The cut: deciding who advances from a stage (the organizer side)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.core.errors import error_text
from qingmiao.core.export import export_list

from .. import selectors, services, wording
from ..exports import ADVANCEMENT_RESULTS
from ..models import (
    AdvancementRule,
    StageStatus,
)


@never_cache
@permission_required("selection.view_ranking", raise_exception=True)
def advancement(request, pk):
    user = request.user
    stage = selectors.overseen_stage_get(user, pk)
    program = stage.program
    decision = selectors.stage_decision(user, stage)
    context = {
        "program": program,
        "stage": stage,
        "rule_text": wording.rule_text(stage.advancement_rule, stage.rule_value),
        "manages": selectors.manages(user, program),
        "oversees": True,
        "tab": "stages",
    }
    if decision is not None:
        results = list(
            decision.results.select_related(
                "entry__application__cadre__unit", "entry__application__track"
            ).order_by("rank", "entry__code")
        )
        results.sort(key=lambda r: (r.rank is None, r.rank or 0, r.entry.code))
        context.update(
            decision=decision,
            results=results,
            adjusted=[r for r in results if r.adjusted],
            advanced_count=sum(1 for r in results if r.advanced),
            method_label=wording.method_label(decision.method),
            decision_rule=wording.rule_text(decision.rule, decision.rule_value),
            warning_texts=wording.stored_warnings(decision.warnings),
        )
        return render(request, "selection/staff/advancement.html", context)

    can_decide = user.has_perm("selection.decide_advancement") and context["manages"]
    preview = services.stage_ranking(stage)
    chosen = {row.entry.pk: row.proposed for row in preview.rows}
    reasons: dict[int, str] = {}
    errors: dict[str, str] = {}
    note = ""
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied
        note = request.POST.get("note", "")
        overrides = {}
        for row in preview.rows:
            key = row.entry.pk
            chosen[key] = request.POST.get(f"advance_{key}") == "1"
            reasons[key] = request.POST.get(f"reason_{key}", "").strip()
            if chosen[key] != row.proposed:
                overrides[key] = (chosen[key], reasons[key])
        try:
            services.advancement_confirm(actor=user, stage=stage, overrides=overrides, note=note)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                errors = {
                    key: " ".join(m for e in errs for m in e.messages)
                    for key, errs in exc.error_dict.items()
                }
                messages.error(request, _("调整按规则得出的结果须逐一填写理由。"))
            else:
                messages.error(request, error_text(exc))
        else:
            messages.success(request, _("晋级结果已确定。"))
            return redirect("selection:advancement", pk=stage.pk)
    rows = []
    for row in preview.rows:
        key = row.entry.pk
        rows.append(
            {
                "row": row,
                "checked": chosen[key],
                "reason": reasons.get(key, ""),
                "error": errors.get(f"reason_{key}", ""),
                "changed": chosen[key] != row.proposed,
            }
        )
    codes = {row.entry.pk: row.entry.code for row in preview.rows}
    blocked = ""
    if stage.status == StageStatus.PENDING and stage.advancement_rule != AdvancementRule.MANUAL:
        blocked = _("该关卡尚未开始评分。")
    elif preview.missing_sheets:
        blocked = _("还有 %(n)s 份评分表未提交，不能确定晋级。") % {"n": preview.missing_sheets}
    following = stage.next_stage()
    context.update(
        preview=preview,
        rows=rows,
        note=note,
        can_decide=can_decide,
        blocked=blocked,
        warning_texts=wording.warning_texts(preview, codes),
        method_label=wording.method_label(preview.method),
        next_stage=following,
        proposed_count=preview.proposed_count,
        short_count=preview.short_count,
    )
    return render(request, "selection/staff/advancement.html", context)


@never_cache
@require_POST
def advancement_export(request, pk):
    """导出 Excel on a confirmed decision: who advanced and who did not, with the adjustments
    and their reasons, as the page lists them."""
    query = request.GET.copy()
    query["stage"] = str(pk)
    back = reverse("selection:advancement", args=[pk])
    return export_list(request, ADVANCEMENT_RESULTS, back=back, query=query)
