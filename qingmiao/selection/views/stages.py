"""Stages and their scoring schemes (staff): create, edit, overview, open scoring."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.accounts.roles import Role
from qingmiao.core.errors import apply_errors, error_text

from .. import selectors, services, wording
from ..forms.staff import (
    METHOD_HELP,
    StageForm,
    dimension_formset,
)
from ..models import (
    Stage,
    StageEntry,
    StageStatus,
)
from ..models.stage import TieBreak


def _dimension_rows(formset) -> tuple[list[dict], list]:
    """The formset as the service takes it (one dict per kept row, in order), and the form
    behind each row so that the service's errors land on the right line."""
    rows, forms = [], []
    for form in formset.forms:
        if form in formset.deleted_forms or not form.cleaned_data.get("name"):
            continue
        data = {k: form.cleaned_data[k] for k in ("name", "weight", "max_score")}
        rows.append({"id": form.instance.pk, **data} if form.instance.pk else data)
        forms.append(form)
    return rows, forms


def _apply_dimension_errors(formset, forms, exc: ValidationError) -> None:
    """`dimensions.<row>.<field>` onto that row's field; `dimensions` above the table."""
    for key, texts in getattr(exc, "message_dict", {}).items():
        if key == "dimensions":
            formset._non_form_errors = formset.error_class(texts)
        elif key.startswith("dimensions."):
            _dims, row, field = key.split(".")
            form = forms[int(row)]
            form.add_error(field if field in form.fields else None, texts)


def _stage_form_page(request, program, stage, *, creating: bool):
    form = StageForm(request.POST or None, instance=stage)
    formset = dimension_formset(stage, request.POST or None, extra=3 if creating else 1)
    frozen = not creating and stage.status != StageStatus.PENDING
    if request.method == "POST":
        form_ok, formset_ok = form.is_valid(), formset.is_valid()
        if form_ok and formset_ok:
            rows, row_forms = _dimension_rows(formset)
            try:
                saved = services.stage_save(
                    actor=request.user, stage=form.instance, dimensions=rows
                )
            except ValidationError as exc:
                if frozen or not hasattr(exc, "error_dict"):
                    messages.error(request, error_text(exc))
                apply_errors(form, exc)
                _apply_dimension_errors(formset, row_forms, exc)
            else:
                messages.success(request, _("关卡“%(name)s”已保存。") % {"name": saved.name})
                return redirect("selection:stage_detail", pk=saved.pk)
    return render(
        request,
        "selection/staff/stage_form.html",
        {
            "program": program,
            "stage": None if creating else stage,
            "form": form,
            "formset": formset,
            "frozen": frozen,
            "method_help": METHOD_HELP,
            "manages": True,
            "oversees": True,
            "tab": "stages",
        },
    )


@never_cache
@permission_required("selection.manage_program", raise_exception=True)
def stage_create(request, pk):
    program = selectors.managed_program_get(request.user, pk)
    last = program.stages.order_by("-order").values_list("order", flat=True).first() or 0
    stage = Stage(program=program, order=last + 1, rater_roles=[Role.RATER])
    return _stage_form_page(request, program, stage, creating=True)


@never_cache
@permission_required("selection.manage_program", raise_exception=True)
def stage_edit(request, pk):
    stage = selectors.managed_stage_get(request.user, pk)
    return _stage_form_page(request, stage.program, stage, creating=False)


@never_cache
@permission_required("selection.view_application", raise_exception=True)
def stage_detail(request, pk):
    user = request.user
    stage = selectors.overseen_stage_get(user, pk)
    program = stage.program
    entries = list(selectors.stage_entries(stage))
    totals = {
        "entries": len(entries),
        "assigned": sum(e.assignment_count for e in entries),
        "submitted": sum(e.submitted_count for e in entries),
        "advanced": sum(1 for e in entries if e.result == StageEntry.Result.ADVANCED),
    }
    manages = selectors.manages(user, program)
    return render(
        request,
        "selection/staff/stage_detail.html",
        {
            "program": program,
            "stage": stage,
            "entries": entries,
            "totals": totals,
            "dimensions": list(stage.dimensions.order_by("sort", "id")),
            "rule_text": wording.rule_text(stage.advancement_rule, stage.rule_value),
            "tie_breaks": _tie_break_labels(stage),
            "rater_roles": [str(Role(r).label) for r in stage.rater_roles if r in Role.values],
            "manages": manages,
            "oversees": True,
            "can_open": manages
            and stage.status == StageStatus.PENDING
            and totals["entries"] > 0
            and totals["assigned"] > 0,
            "tab": "stages",
        },
    )


def _tie_break_labels(stage: Stage) -> list[str]:
    return [str(TieBreak(t).label) for t in stage.tie_breaks if t in TieBreak.values]


@require_POST
@permission_required("selection.manage_program", raise_exception=True)
def stage_open(request, pk):
    stage = selectors.managed_stage_get(request.user, pk)
    try:
        services.stage_open_scoring(actor=request.user, stage=stage)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request, _("“%(name)s”已开始评分，评委可以打分了。") % {"name": stage.name}
        )
    return redirect("selection:stage_detail", pk=stage.pk)
