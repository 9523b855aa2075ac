"""Assigning raters to a stage and recording declared relations (staff)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from qingmiao.accounts.roles import Role
from qingmiao.core.errors import apply_errors

from .. import selectors, services
from ..forms.staff import (
    AssignForm,
    ConflictForm,
)
from ..models import (
    ScoreSheet,
    StageStatus,
)


@never_cache
@permission_required("selection.manage_raters", raise_exception=True)
def stage_raters(request, pk):
    user = request.user
    stage = selectors.managed_stage_get(user, pk)
    program = stage.program
    roles = stage.rater_roles or [Role.RATER]
    pool = selectors.rater_candidates(user, roles)
    entries = selectors.stage_entries(stage)
    assignments = list(selectors.stage_assignments(stage))
    assigned_ids = sorted({a.rater_id for a in assignments})
    action = request.POST.get("action") if request.method == "POST" else None
    assign_form = AssignForm(
        request.POST if action == "assign" else None,
        raters=pool,
        initial={"raters": assigned_ids, "k": stage.raters_per_candidate},
    )
    conflict_form = ConflictForm(
        request.POST if action == "conflict" else None, raters=pool, entries=entries
    )
    if action == "assign" and assign_form.is_valid():
        try:
            result = services.assignments_auto(
                actor=user,
                stage=stage,
                raters=list(assign_form.cleaned_data["raters"]),
                k=assign_form.cleaned_data["k"],
            )
        except ValidationError as exc:
            apply_errors(assign_form, exc)
        else:
            messages.success(
                request,
                _("已分配评委：%(n)s 名考生，共 %(a)s 个评分任务。")
                % {"n": entries.count(), "a": result["assignments"]},
            )
            return redirect("selection:stage_raters", pk=stage.pk)
    elif action == "conflict" and conflict_form.is_valid():
        entry = conflict_form.cleaned_data["entry"]
        try:
            services.conflict_declare(
                actor=user,
                rater=conflict_form.cleaned_data["rater"],
                cadre=entry.application.cadre,
                reason=conflict_form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_errors(conflict_form, exc)
        else:
            messages.success(
                request,
                _("已登记回避：%(rater)s 不评考生 %(code)s。")
                % {"rater": conflict_form.cleaned_data["rater"].display_name, "code": entry.code},
            )
            return redirect("selection:stage_raters", pk=stage.pk)

    # Loads per rater and the candidates' rater lists, from the current assignment.
    loads: dict[int, dict] = {}
    by_entry: dict[int, dict] = {}
    for a in assignments:
        load = loads.setdefault(a.rater_id, {"rater": a.rater, "assigned": 0, "submitted": 0})
        load["assigned"] += 1
        sheet = getattr(a, "sheet", None)
        submitted = sheet is not None and sheet.status == ScoreSheet.Status.SUBMITTED
        load["submitted"] += submitted
        row = by_entry.setdefault(a.entry_id, {"entry": a.entry, "raters": []})
        row["raters"].append(
            {"rater": a.rater, "submitted": submitted, "started": sheet is not None}
        )
    conflict_rows = selectors.stage_conflicts(user, stage)
    started = any(getattr(a, "sheet", None) is not None for a in assignments)
    return render(
        request,
        "selection/staff/stage_raters.html",
        {
            "program": program,
            "stage": stage,
            "pool": pool,
            "assign_form": assign_form,
            "conflict_form": conflict_form,
            "assigned_ids": assigned_ids,
            "loads": sorted(loads.values(), key=lambda x: (-x["assigned"], x["rater"].username)),
            "rows": sorted(by_entry.values(), key=lambda r: r["entry"].code),
            "entry_count": entries.count(),
            "conflicts": conflict_rows,
            "locked": started or stage.status == StageStatus.DECIDED,
            "role_labels": [str(Role(r).label) for r in roles if r in Role.values],
            "manages": True,
            "oversees": True,
            "tab": "stages",
        },
    )
