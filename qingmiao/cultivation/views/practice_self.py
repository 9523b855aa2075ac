"""实践锻炼 on a phone: the cadre's assignments and monthly reports; the host contact's
我的挂职人员 page and the end-of-assignment evaluation."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.core.errors import apply_errors

from .. import personal_pages, practice_rules
from ..forms.practice import EvaluationForm, ReportForm
from ..selectors import practice as selectors
from ..services import practice as services


def _with_forms(assignments, bound=None):
    """Each assignment that takes reports gets its form (the refused one keeps its input)."""
    out = []
    for a in assignments:
        taken = {r.period for r in a.reports.all()}
        owed = [p for p in practice_rules.open_periods(a) if p not in taken]
        a.form = None
        if bound is not None and bound[0] == a.pk:
            a.form = bound[1]
        elif a.state != a.Status.PLANNED and owed:
            a.form = ReportForm(assignment=a, taken=taken, prefix=f"r{a.pk}")
        out.append(a)
    return out


def _my_practice(request, bound=None, status=200):
    user = request.user
    assignments = _with_forms(
        list(selectors.my_assignments(user).prefetch_related("reports")), bound
    )
    return render(
        request,
        "cultivation/self/my_practice.html",
        {"assignments": assignments},
        status=status,
    )


@never_cache
@permission_required("cultivation.report_practice", raise_exception=True)
def my_practice(request):
    return _my_practice(request)


@never_cache
@require_POST
@permission_required("cultivation.report_practice", raise_exception=True)
def my_practice_report(request, pk):
    user = request.user
    assignment = selectors.own_assignment_get(user, pk)
    form = ReportForm(request.POST, assignment=assignment, prefix=f"r{assignment.pk}")
    if form.is_valid():
        try:
            services.report_submit(
                actor=user,
                assignment=assignment,
                period=form.cleaned_data["period"],
                content=form.cleaned_data["content"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("已提交%(period)s的锻炼报告。")
                % {"period": practice_rules.period_label(form.cleaned_data["period"])},
            )
            return redirect("cultivation:my_practice")
    return _my_practice(request, bound=(assignment.pk, form))


@never_cache
@permission_required("cultivation.evaluate_practice", raise_exception=True)
def my_hosted(request):
    """我的挂职人员: the host contact's page, made of each area's sections."""
    return render(
        request,
        "cultivation/self/my_hosted.html",
        {"sections": personal_pages.sections("host", request.user)},
    )


@never_cache
@permission_required("cultivation.evaluate_practice", raise_exception=True)
def my_hosted_evaluate(request, pk):
    user = request.user
    assignment = selectors.hosted_assignment_get(user, pk)
    evaluation = selectors.assignment_evaluation(user, assignment)
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and evaluation is None and form.is_valid():
        try:
            services.evaluation_submit(actor=user, assignment=assignment, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("已提交对%(name)s的评价。") % {"name": assignment.cadre.name}
            )
            return redirect("cultivation:my_hosted")
    return render(
        request,
        "cultivation/self/host_evaluate.html",
        {
            "a": assignment,
            "form": form,
            "evaluation": evaluation,
            "open": practice_rules.evaluation_open(assignment),
            "opens": practice_rules.evaluation_opens(assignment),
            "reports": selectors.assignment_reports(user, assignment)[:6],
        },
    )
