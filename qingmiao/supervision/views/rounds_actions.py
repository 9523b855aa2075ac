"""What staff do to a round: open it for a cohort, close it, reopen it with a reason, nominate
the top of its list to the reserve pool."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qingmiao.accounts import scoping
from qingmiao.cadres.models import Cadre
from qingmiao.core.errors import apply_errors
from qingmiao.cultivation.selectors import results as cultivation_results

from ..forms_rounds import NominateForm, ReopenForm, RoundForm
from ..selectors import rounds as selectors
from ..services import rounds as services
from ..services import rounds_close


@login_required
@permission_required("supervision.manage_rounds", raise_exception=True)
def round_new(request):
    user = request.user
    form = RoundForm(
        request.POST or None,
        user=user,
        schemes=selectors.scheme_queryset(user),
        programs=cultivation_results.programs(user),
        cadres=scoping.visible(user, Cadre),
        initial={"source": "program", "asks_host": True},
    )
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_create(actor=user, data=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已发起考察，考察组成员会收到通知。"))
            return redirect("supervision:round_detail", pk=round_.pk)
    return render(request, "supervision/staff/round_form.html", {"form": form})


@login_required
@require_POST
@permission_required("supervision.manage_rounds", raise_exception=True)
def round_close(request, pk):
    round_ = selectors.managed_round_get(request.user, pk)
    try:
        rounds_close.round_close(actor=request.user, round_=round_)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("考察已结束，得分和名次已计算并保存。"))
    return redirect("supervision:round_detail", pk=round_.pk)


@login_required
@require_POST
@permission_required("supervision.reopen_round", raise_exception=True)
def round_reopen(request, pk):
    round_ = selectors.managed_round_get(request.user, pk)
    form = ReopenForm(request.POST)
    reason = form.data.get("reason", "")
    try:
        rounds_close.round_reopen(actor=request.user, round_=round_, reason=reason)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("考察已重新开启，结束后将重新计算。"))
    return redirect("supervision:round_detail", pk=round_.pk)


@login_required
@require_POST
@permission_required("supervision.nominate_reserve", raise_exception=True)
def nominate(request, pk):
    member = selectors.member_get(request.user, pk)
    round_ = selectors.managed_round_get(request.user, member.round_id)
    form = NominateForm(request.POST)
    form.is_valid()
    try:
        rounds_close.nominate(
            actor=request.user,
            member=member,
            reason=form.data.get("reason", ""),
            cumulative=form.cleaned_data.get("cumulative", False),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已推荐 %(name)s 进入储备库。") % {"name": member.cadre.name})
    suffix = "?list=cumulative" if form.cleaned_data.get("cumulative") else ""
    return redirect(f"{round_.get_absolute_url()}{suffix}")
