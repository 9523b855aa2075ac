"""Investment brought in (staff): the list with its totals, a record, recording one, moving
it on to the next stage."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.core.errors import apply_errors
from qingmiao.core.export import export_list

from ..exports.results import INVESTMENT_LIST
from ..filters.results import InvestmentFilter
from ..forms.results import InvestmentForm, InvestmentStageForm
from ..models import InvestmentRecord
from ..selectors import results as selectors
from ..services import results as services
from ._lists import list_context

_MONEY = DecimalField(max_digits=18, decimal_places=2)


def investment_totals(rows) -> dict:
    """Count and capital (万元) of the listed records, all stages and settled, in SQL."""
    settled = Q(stage=InvestmentRecord.Stage.SETTLED)
    zero = Value(0, output_field=_MONEY)
    return rows.order_by().aggregate(
        n=Count("pk"),
        settled=Count("pk", filter=settled),
        capital=Coalesce(Sum("registered_capital"), zero),
        settled_capital=Coalesce(Sum("registered_capital", filter=settled), zero),
    )


@never_cache
@permission_required("cultivation.view_results", raise_exception=True)
def investment_list(request):
    user = request.user
    ctx = list_context(request, InvestmentFilter, selectors.investment_queryset(user))
    ctx["totals"] = investment_totals(ctx["rows"])
    ctx["programs"] = selectors.programs(user)
    return render(request, "cultivation/staff/investment_list.html", ctx)


@never_cache
@require_POST
def investment_export(request):
    back = reverse("cultivation:investment_list")
    return export_list(request, INVESTMENT_LIST, back=f"{back}?{request.GET.urlencode()}")


@never_cache
@permission_required("cultivation.view_results", raise_exception=True)
def investment_detail(request, pk):
    user = request.user
    record = selectors.investment_get(user, pk)
    form = None
    if user.has_perm("cultivation.record_results"):
        form = InvestmentStageForm(
            request.POST or None, initial={"stage": record.stage, "date": record.date}
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.investment_update(actor=user, record=record, data=form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("已更新进展。"))
                return redirect("cultivation:investment_detail", pk=record.pk)
    return render(request, "cultivation/staff/investment_detail.html", {"r": record, "form": form})


@never_cache
@permission_required("cultivation.record_results", raise_exception=True)
def investment_new(request, program_pk):
    user = request.user
    program = selectors.program_get(user, program_pk)
    form = InvestmentForm(
        request.POST or None,
        teams=selectors.program_teams(user, program),
        cadres=selectors.program_participants(user, program),
    )
    if request.method == "POST" and form.is_valid():
        try:
            record = services.investment_record(
                actor=user, program=program, data={**form.cleaned_data}
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("已登记招商引资：%(name)s。") % {"name": record.enterprise_name}
            )
            return redirect("cultivation:investment_detail", pk=record.pk)
    return render(
        request,
        "cultivation/staff/result_form.html",
        {"form": form, "program": program, "heading": _("登记招商引资")},
    )
