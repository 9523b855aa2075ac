"""Deliverables (staff): the list with outcome badges, a deliverable, recording one, recording
what became of it (采纳 / 转化 / 纳入规划), its files."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.core.errors import apply_errors
from qingmiao.core.export import export_list

from ..exports.results import DELIVERABLE_LIST
from ..filters.results import DeliverableFilter
from ..forms.results import DeliverableForm, OutcomeForm, deliverable_initial
from ..models import Deliverable
from ..selectors import results as selectors
from ..services import results as services
from ..services import results_edit
from ._lists import list_context


@never_cache
@permission_required("cultivation.view_results", raise_exception=True)
def deliverable_list(request):
    user = request.user
    ctx = list_context(request, DeliverableFilter, selectors.deliverable_queryset(user))
    by_kind = dict(
        ctx["rows"].order_by().values_list("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    ctx["kinds"] = [
        (value, label, by_kind.get(value, 0)) for value, label in Deliverable.Kind.choices
    ]
    ctx["programs"] = selectors.programs(user)
    return render(request, "cultivation/staff/deliverable_list.html", ctx)


@never_cache
@require_POST
def deliverable_export(request):
    back = reverse("cultivation:deliverable_list")
    return export_list(request, DELIVERABLE_LIST, back=f"{back}?{request.GET.urlencode()}")


@never_cache
@permission_required("cultivation.view_results", raise_exception=True)
def deliverable_detail(request, pk):
    deliverable = selectors.deliverable_get(request.user, pk)
    return render(
        request,
        "cultivation/staff/deliverable_detail.html",
        {"d": deliverable, "outcomes": list(deliverable.outcomes.all())},
    )


@never_cache
@permission_required("cultivation.record_results", raise_exception=True)
def deliverable_new(request, program_pk):
    user = request.user
    program = selectors.program_get(user, program_pk)
    form = DeliverableForm(
        request.POST or None,
        request.FILES or None,
        teams=selectors.program_teams(user, program),
        cadres=selectors.program_participants(user, program),
    )
    if request.method == "POST" and form.is_valid():
        try:
            d = services.deliverable_record(actor=user, program=program, data={**form.cleaned_data})
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已登记调研成果《%(title)s》。") % {"title": d.title})
            return redirect("cultivation:deliverable_detail", pk=d.pk)
    return render(
        request,
        "cultivation/staff/result_form.html",
        {"form": form, "program": program, "heading": _("登记调研成果"), "multipart": True},
    )


@never_cache
@permission_required("cultivation.record_results", raise_exception=True)
def outcome_new(request, pk):
    """The 'record adoption' form: what became of the deliverable, with its evidence."""
    user = request.user
    deliverable = selectors.deliverable_get(user, pk)
    initial = {"kind": request.GET.get("kind", "adopted")}
    form = OutcomeForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.deliverable_outcome_record(
                actor=user, deliverable=deliverable, data={**form.cleaned_data}
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("已登记：《%(title)s》%(kind)s。")
                % {"title": deliverable.title, "kind": outcome.get_kind_display()},
            )
            return redirect("cultivation:deliverable_detail", pk=deliverable.pk)
    return render(
        request,
        "cultivation/staff/outcome_form.html",
        {"form": form, "d": deliverable, "taken": {o.kind for o in deliverable.outcomes.all()}},
    )


@never_cache
@permission_required("cultivation.record_results", raise_exception=True)
def deliverable_edit(request, pk):
    """Staff correct a deliverable at any time (audited before → after)."""
    user = request.user
    d = selectors.deliverable_get(user, pk)
    initial = deliverable_initial(d)
    form = DeliverableForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        teams=selectors.program_teams(user, d.program),
        cadres=selectors.program_participants(user, d.program),
    )
    if request.method == "POST" and form.is_valid():
        try:
            results_edit.deliverable_update(actor=user, deliverable=d, data={**form.cleaned_data})
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已保存对《%(title)s》的修改。") % {"title": d.title})
            return redirect("cultivation:deliverable_detail", pk=d.pk)
    return render(
        request,
        "cultivation/staff/result_form.html",
        {"form": form, "program": d.program, "heading": _("修改调研成果"), "multipart": True},
    )


@never_cache
@permission_required("cultivation.record_results", raise_exception=True)
def outcome_edit(request, pk):
    """Staff correct a recorded outcome; its kind stays."""
    user = request.user
    outcome = selectors.outcome_file_get(user, pk)
    d = outcome.deliverable
    initial = {"body": outcome.body, "date": outcome.date, "evidence": outcome.evidence}
    form = OutcomeForm(request.POST or None, request.FILES or None, initial=initial)
    del form.fields["kind"]
    if request.method == "POST" and form.is_valid():
        try:
            results_edit.outcome_update(actor=user, outcome=outcome, data={**form.cleaned_data})
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("已保存对“%(kind)s”的修改。") % {"kind": outcome.get_kind_display()}
            )
            return redirect("cultivation:deliverable_detail", pk=d.pk)
    return render(
        request,
        "cultivation/staff/outcome_form.html",
        {"form": form, "d": d, "outcome": outcome, "taken": set()},
    )


@never_cache
@permission_required("cultivation.view_results", raise_exception=True)
def deliverable_file(request, pk):
    deliverable = selectors.deliverable_get(request.user, pk)
    if not deliverable.file:
        raise Http404
    return _download(deliverable.file)


@never_cache
@permission_required("cultivation.view_results", raise_exception=True)
def outcome_file(request, pk):
    outcome = selectors.outcome_file_get(request.user, pk)
    if not outcome.evidence_file:
        raise Http404
    return _download(outcome.evidence_file)


def _download(field):
    name = field.name.rsplit("/", 1)[-1]
    return FileResponse(field.open("rb"), as_attachment=True, filename=name)
