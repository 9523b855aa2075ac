"""The cadre's own plan (phone): the three years, every milestone, reporting one done with
what was done and a file or photo."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from qingmiao.core.errors import apply_errors

from .. import phases
from ..forms.plans import MilestoneDoneForm
from ..selectors import plans as selectors
from ..services import plans as services
from .deliverables import _download


@never_cache
@permission_required("cultivation.update_own_plan", raise_exception=True)
def my_plan(request):
    user = request.user
    plan = selectors.my_plan(user)
    milestones = list(selectors.plan_milestones(user, plan)) if plan else []
    years = [
        (n, getattr(plan, f"theme_year{n}") if plan else "", [m for m in milestones if m.year == n])
        for n in (1, 2, 3)
    ]
    return render(
        request,
        "cultivation/self/my_plan.html",
        {
            "plan": plan,
            "phase": phases.LABELS[plan.phase] if plan else "",
            "years": years,
            "today": timezone.localdate(),
        },
    )


@never_cache
@permission_required("cultivation.update_own_plan", raise_exception=True)
def my_milestone_done(request, pk):
    user = request.user
    milestone = selectors.my_milestone_get(user, pk)
    form = MilestoneDoneForm(
        request.POST or None, request.FILES or None, initial={"evidence": milestone.evidence}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_mark_done(
                actor=user,
                milestone=milestone,
                evidence=form.cleaned_data["evidence"],
                evidence_file=form.cleaned_data["evidence_file"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已填报“%(title)s”完成情况。") % {"title": milestone.title})
            return redirect("cultivation:my_plan")
    return render(request, "cultivation/self/milestone_done.html", {"form": form, "m": milestone})


@never_cache
@permission_required("cultivation.view_plans", raise_exception=True)
def milestone_file(request, pk):
    milestone = selectors.milestone_get(request.user, pk)
    if not milestone.evidence_file:
        raise Http404
    return _download(milestone.evidence_file)


@never_cache
@permission_required("cultivation.update_own_plan", raise_exception=True)
def my_milestone_file(request, pk):
    milestone = selectors.my_milestone_get(request.user, pk)
    if not milestone.evidence_file:
        raise Http404
    return _download(milestone.evidence_file)
