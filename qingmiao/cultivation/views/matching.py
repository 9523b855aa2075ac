"""Reviewing a matching suggestion: its pairs with reasons, per-mentor loads, who could not be
placed; changing a pair's mentor; confirming the whole suggestion."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.core.errors import apply_errors, error_text
from qingmiao.paging import IdFirstPaginator

from ..exports.mentoring import pair_filterset, pair_list_queryset
from ..forms.mentoring import ReassignForm
from ..models import MentorPair
from ..selectors import mentoring as selectors
from ..services import mentoring as services
from ._mentoring import list_context, page_of

MANAGE = "cultivation.manage_mentoring"


@never_cache
@permission_required(MANAGE, raise_exception=True)
def run_detail(request, pk):
    user = request.user
    run = selectors.run_get(user, pk)
    selectors.managed_program_get(user, run.program_id)
    query = request.GET.copy()
    query["run"] = str(run.pk)
    filterset = pair_filterset(user, query)
    try:
        queryset = pair_list_queryset(user, query)
    except ValidationError:
        queryset = selectors.pair_queryset(user).none()
    page = page_of(IdFirstPaginator, queryset, request.GET)
    proposed = MentorPair.objects.filter(run=run, status=MentorPair.Status.PROPOSED).count()
    return render(
        request,
        "cultivation/staff/run_detail.html",
        {
            "run": run,
            "program": run.program,
            "filter": filterset,
            "page": page,
            "loads": selectors.run_loads(run),
            "proposed": proposed,
            "latest": not run.program.matching_runs.filter(created_at__gt=run.created_at).exists(),
            **list_context(request, "mentee"),
        },
    )


@require_POST
@permission_required(MANAGE, raise_exception=True)
def run_confirm(request, pk):
    run = selectors.run_get(request.user, pk)
    try:
        n = services.matching_run_confirm(actor=request.user, run=run)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("已确认 %(n)s 个导师结对，并已通知导师和学员。") % {"n": n})
    return redirect("cultivation:run_detail", pk=run.pk)


@never_cache
@permission_required(MANAGE, raise_exception=True)
def pair_reassign(request, pk):
    user = request.user
    pair = selectors.managed_pair_get(user, pk)
    choices = [p for p in selectors.mentor_choices(user, pair.role) if p.user_id != pair.mentor_id]
    form = ReassignForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.pair_reassign(
                actor=user, pair=pair, mentor=form.cleaned_data["mentor"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已调整导师。"))
            if result.run_id and result.status == MentorPair.Status.PROPOSED:
                return redirect("cultivation:run_detail", pk=result.run_id)
            return redirect("cultivation:pair_detail", pk=result.pk)
    return render(
        request,
        "cultivation/staff/pair_reassign.html",
        {"pair": pair, "form": form, "choices": choices},
    )
