"""Phone pages of the two sides of a pair: the mentor's 我的学员, the cadre's 我的导师, logging a
session, confirming the other side's log, ticking off a follow-up."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.core.errors import apply_errors, error_text

from .. import personal_pages
from ..forms.mentoring import LogForm
from ..selectors import mentoring as selectors
from ..services import mentoring_logs as services

WRITE = "cultivation.write_mentoring_log"


@never_cache
@permission_required(WRITE, raise_exception=True)
def my_mentees(request):
    """我的学员: the sections every area registered for the mentor's page."""
    return render(
        request,
        "cultivation/self/my_mentees.html",
        {"sections": personal_pages.sections("mentor", request.user)},
    )


@never_cache
@permission_required(WRITE, raise_exception=True)
def my_mentoring(request):
    """我的导师: the cadre's mentoring sections (the 我的培养 page shows the same ones)."""
    sections = [
        (template, ctx)
        for template, ctx in personal_pages.sections("cadre", request.user)
        if "_mentoring_" in template
    ]
    return render(request, "cultivation/self/my_mentoring.html", {"sections": sections})


def _own_pair(user, pk):
    pair = selectors.pair_get(user, pk)
    if services.side_of(user, pair) is None:
        raise Http404  # staff read the pair, but only its two sides write its logs
    return pair


@never_cache
@permission_required(WRITE, raise_exception=True)
def log_new(request, pk):
    user = request.user
    pair = _own_pair(user, pk)
    form = LogForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            log = services.mentoring_log_create(
                actor=user, pair=pair, data=data, follow_ups=form.follow_ups()
            )
        except ValidationError as exc:
            apply_errors(form, _on_form(form, exc))
        else:
            messages.success(request, _("已保存帮带记录，等待对方确认。"))
            return redirect("cultivation:log_detail", pk=log.pk)
    return render(request, "cultivation/self/log_form.html", {"pair": pair, "form": form})


def _on_form(form: LogForm, exc: ValidationError) -> ValidationError:
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError(
        {form.service_field(key): errors for key, errors in exc.error_dict.items()}
    )


@require_POST
@permission_required(WRITE, raise_exception=True)
def log_confirm(request, pk):
    log = selectors.log_get(request.user, pk)
    if services.side_of(request.user, log.pair) is None:
        raise Http404
    try:
        services.mentoring_log_confirm(actor=request.user, log=log)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("已确认这条帮带记录。"))
    if request.POST.get("next"):
        return redirect(_safe_next(request))
    return redirect("cultivation:log_detail", pk=log.pk)


@require_POST
@permission_required(WRITE, raise_exception=True)
def follow_up_done(request, pk):
    follow_up = selectors.follow_up_get(request.user, pk)
    if services.side_of(request.user, follow_up.log.pair) is None:
        raise Http404
    try:
        services.follow_up_done(actor=request.user, follow_up=follow_up)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("已标记完成。"))
    if request.POST.get("next"):
        return redirect(_safe_next(request))
    return redirect("cultivation:log_detail", pk=follow_up.log_id)


def _safe_next(request) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"
