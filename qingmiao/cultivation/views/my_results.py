"""The cadre's own results (phone): my team's deliverables, submitting one, its file."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from qingmiao.core.errors import apply_errors

from ..forms.results import SubmitForm, deliverable_initial
from ..selectors import results as selectors
from ..services import results as services
from ..services import results_edit
from .deliverables import _download


@never_cache
@permission_required("cultivation.submit_deliverable", raise_exception=True)
def my_results(request):
    user = request.user
    deliverables = list(selectors.my_deliverables(user).order_by("-submitted_on", "-id"))
    for d in deliverables:
        # the outcomes are prefetched: the rule of results_edit.submitter_may_edit, per row
        d.editable = d.created_by_id == user.pk and not d.outcomes.all()
    return render(
        request,
        "cultivation/self/my_results.html",
        {"teams": list(selectors.my_teams(user)), "deliverables": deliverables},
    )


@never_cache
@permission_required("cultivation.submit_deliverable", raise_exception=True)
def my_submit(request, team_pk):
    user = request.user
    team = selectors.my_team_get(user, team_pk)
    members = selectors.team_members(team)
    form = SubmitForm(request.POST or None, request.FILES or None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            d = services.deliverable_submit(actor=user, team=team, data={**form.cleaned_data})
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已提交《%(title)s》。") % {"title": d.title})
            return redirect("cultivation:my_results")
    return render(request, "cultivation/self/submit_deliverable.html", {"form": form, "team": team})


@never_cache
@permission_required("cultivation.submit_deliverable", raise_exception=True)
def my_deliverable_file(request, pk):
    deliverable = selectors.my_deliverable_get(request.user, pk)
    if not deliverable.file:
        raise Http404
    return _download(deliverable.file)


@never_cache
@permission_required("cultivation.submit_deliverable", raise_exception=True)
def my_deliverable_edit(request, pk):
    """The submitter corrects their deliverable until an outcome is recorded."""
    user = request.user
    d = selectors.my_deliverable_get(user, pk)
    if d.team is None:
        raise Http404
    initial = deliverable_initial(d)
    form = SubmitForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        members=selectors.team_members(d.team),
    )
    locked = not results_edit.submitter_may_edit(user, d)
    if request.method == "POST" and form.is_valid():
        try:
            results_edit.deliverable_update(actor=user, deliverable=d, data={**form.cleaned_data})
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已保存对《%(title)s》的修改。") % {"title": d.title})
            return redirect("cultivation:my_results")
    return render(
        request,
        "cultivation/self/submit_deliverable.html",
        {"form": form, "team": d.team, "deliverable": d, "locked": locked},
    )
