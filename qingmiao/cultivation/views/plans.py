"""New-recruit plans (staff and mentors): the list with phase and overdue counts, one plan with
its milestones (confirm or send back), creating plans for a cohort."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.accounts import scoping
from qingmiao.cadres.models import OrgUnit
from qingmiao.core.errors import apply_errors, error_text
from qingmiao.core.export import export_list
from qingmiao.core.models.jobs import Job

from .. import phases
from ..exports.plans import PLAN_LIST
from ..filters.plans import PlanFilter
from ..forms.plans import CohortForm, ReturnForm
from ..jobs_plans import plans_create_start
from ..selectors import plans as selectors
from ..selectors import results as result_selectors
from ..services import plans as services
from ._lists import list_context


@never_cache
@permission_required("cultivation.view_plans", raise_exception=True)
def plan_list(request):
    user = request.user
    ctx = list_context(request, PlanFilter, selectors.plan_queryset(user))
    ctx["rollup"] = selectors.plans_rollup(user)
    ctx["phase_labels"] = phases.CHOICES
    return render(request, "cultivation/staff/plan_list.html", ctx)


@never_cache
@require_POST
def plan_export(request):
    back = reverse("cultivation:plan_list")
    return export_list(request, PLAN_LIST, back=f"{back}?{request.GET.urlencode()}")


@never_cache
@permission_required("cultivation.view_plans", raise_exception=True)
def plan_detail(request, pk):
    user = request.user
    plan = selectors.plan_get(user, pk)
    milestones = list(selectors.plan_milestones(user, plan))
    confirmer = bool(milestones) and services.may_confirm(user, milestones[0])
    return render(
        request,
        "cultivation/staff/plan_detail.html",
        {
            "plan": plan,
            "phase": phases.LABELS[plan.phase],
            "milestones": milestones,
            "today": timezone.localdate(),
            "confirmer": confirmer,
        },
    )


@require_POST
@permission_required("cultivation.view_plans", raise_exception=True)
def milestone_confirm(request, pk):
    user = request.user
    milestone = selectors.milestone_get(user, pk)
    back = reverse("cultivation:plan_detail", args=[milestone.plan_id])
    try:
        if request.POST.get("action") == "return":
            form = ReturnForm(request.POST)
            reason = form.data.get("reason", "")
            services.milestone_return(actor=user, milestone=milestone, reason=reason)
            messages.success(request, _("已退回“%(title)s”。") % {"title": milestone.title})
        else:
            services.milestone_confirm(actor=user, milestone=milestone)
            messages.success(request, _("已确认“%(title)s”。") % {"title": milestone.title})
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect(back)


@never_cache
@permission_required("cultivation.manage_plans", raise_exception=True)
def plans_create(request):
    """Plans for a cohort from a template: a program's participants, or a unit's cadres hired
    within dates. Small cohorts at once; large ones as a background job."""
    user = request.user
    form = CohortForm(
        request.POST or None,
        templates=selectors.templates(user),
        programs=result_selectors.programs(user),
        units=scoping.visible(user, OrgUnit).order_by("path"),
    )
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        cadres = selectors.cohort(
            user,
            program=data["program"],
            unit=data["unit"],
            hired_from=data["hired_from"],
            hired_to=data["hired_to"],
        )
        preview = selectors.cohort_preview(cadres)
        if request.POST.get("confirm") and preview["total"]:
            try:
                result = plans_create_start(
                    actor=user,
                    template=data["template"],
                    cadre_ids=list(cadres.values_list("pk", flat=True)),
                    program=data["program"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                if isinstance(result, Job):
                    return redirect("jobs:detail", pk=result.pk)
                _report(request, result)
                return redirect("cultivation:plan_list")
    return render(
        request, "cultivation/staff/plans_create.html", {"form": form, "preview": preview}
    )


def _report(request, result: dict) -> None:
    messages.success(request, _("已生成 %(n)s 份培养计划。") % {"n": result["created"]})
    if result["skipped"]:
        messages.info(
            request,
            _("以下 %(n)s 人已有培养计划，未重复生成：%(names)s")
            % {"n": len(result["skipped"]), "names": "、".join(result["skipped"][:50])},
        )
    if result["without_hire_date"]:
        messages.warning(
            request,
            _("以下 %(n)s 人档案中没有入职日期，未生成：%(names)s")
            % {
                "n": len(result["without_hire_date"]),
                "names": "、".join(result["without_hire_date"][:50]),
            },
        )
