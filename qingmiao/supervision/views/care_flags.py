"""Care flags by hand (关爱对象标记) and the rules flags are derived by (staff pages)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.accounts import scoping
from qingmiao.core.errors import apply_errors

from .. import care_rules
from ..forms_care import FlagForm, RulesForm
from ..models import CareFlag
from ..selectors import care as selectors
from ..services import care_flags as services

MANAGE = "supervision.manage_care"


def _back(cadre) -> str:
    return reverse("cadres:detail", args=[cadre.pk]) + "#panel-care"


@never_cache
@require_POST
@permission_required(MANAGE, raise_exception=True)
def care_flag_set(request, cadre_pk):
    cadre = selectors.cadre_get(request.user, cadre_pk)
    form = FlagForm(request.POST)
    form.is_valid()
    try:
        services.care_flag_set(
            actor=request.user,
            cadre=cadre,
            kind=form.cleaned_data.get("kind", ""),
            reason=form.cleaned_data.get("reason", ""),
        )
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, error)
    else:
        messages.success(request, _("已标记为关爱对象。"))
    return redirect(_back(cadre))


@never_cache
@require_POST
@permission_required(MANAGE, raise_exception=True)
def care_flag_clear(request, pk):
    flag = scoping.get_visible_or_404(request.user, CareFlag.objects.select_related("cadre"), pk=pk)
    try:
        services.care_flag_clear(
            actor=request.user, flag=flag, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, error)
    else:
        messages.success(request, _("已取消标记。"))
    return redirect(_back(flag.cadre))


@never_cache
@permission_required(MANAGE, raise_exception=True)
def care_rules_edit(request):
    current = care_rules.rules()
    form = RulesForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.care_rules_update(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已保存认定规则，正在重新认定关爱对象。"))
            return redirect("supervision:care_ledger")
    return render(request, "supervision/staff/care_rules.html", {"form": form})
