"""Problems solved (staff): the list, one problem, recording one."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.core.errors import apply_errors
from qingmiao.core.export import export_list

from ..exports.results import PROBLEM_LIST
from ..filters.results import ProblemFilter
from ..forms.results import ProblemForm
from ..models import ProblemSolved
from ..selectors import results as selectors
from ..services import results as services
from ._lists import list_context


@never_cache
@permission_required("cultivation.view_results", raise_exception=True)
def problem_list(request):
    user = request.user
    ctx = list_context(request, ProblemFilter, selectors.problem_queryset(user))
    ctx["totals"] = (
        ctx["rows"]
        .order_by()
        .aggregate(
            n=Count("pk"),
            projects=Count(
                "beneficiary",
                distinct=True,
                filter=Q(beneficiary_kind=ProblemSolved.BeneficiaryKind.PROJECT),
            ),
        )
    )
    ctx["programs"] = selectors.programs(user)
    return render(request, "cultivation/staff/problem_list.html", ctx)


@never_cache
@require_POST
def problem_export(request):
    back = reverse("cultivation:problem_list")
    return export_list(request, PROBLEM_LIST, back=f"{back}?{request.GET.urlencode()}")


@never_cache
@permission_required("cultivation.view_results", raise_exception=True)
def problem_detail(request, pk):
    return render(
        request,
        "cultivation/staff/problem_detail.html",
        {"p": selectors.problem_get(request.user, pk)},
    )


@never_cache
@permission_required("cultivation.record_results", raise_exception=True)
def problem_new(request, program_pk):
    user = request.user
    program = selectors.program_get(user, program_pk)
    form = ProblemForm(
        request.POST or None,
        teams=selectors.program_teams(user, program),
        cadres=selectors.program_participants(user, program),
    )
    if request.method == "POST" and form.is_valid():
        try:
            problem = services.problem_record(
                actor=user, program=program, data={**form.cleaned_data}
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已登记破解难题：%(title)s。") % {"title": problem.title})
            return redirect("cultivation:problem_detail", pk=problem.pk)
    return render(
        request,
        "cultivation/staff/result_form.html",
        {"form": form, "program": program, "heading": _("登记破解难题")},
    )
