"""Staff screens of democratic evaluation: the list, opening one, its page (turnout, and the
results once they may be shown), issuing and printing slips, asking named people, closing,
exporting."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.core.errors import apply_errors, error_text
from qingmiao.core.export import export_list
from qingmiao.paging import IdFirstPaginator
from qingmiao.selection.views._common import PAGE_SIZES, page_size_of

from .. import ballots
from ..exports_evaluation import EVALUATION_LIST, RESULTS, evaluation_rows
from ..filters_evaluation import EvaluationFilter
from ..forms_evaluation import EvaluationForm, IssueForm, SendForm
from ..selectors import evaluation as selectors
from ..services import evaluation as services


@never_cache
@permission_required("supervision.view_evaluations", raise_exception=True)
def evaluation_list(request):
    user = request.user
    filterset = EvaluationFilter(request.GET, queryset=selectors.evaluations(user), user=user)
    try:
        queryset = evaluation_rows(user, request.GET)
    except ValidationError:
        queryset = selectors.evaluations(user).none()
    paginator = IdFirstPaginator(queryset, page_size_of(request.GET))
    page = paginator.get_page(request.GET.get("page"))
    counts = selectors.turnouts(e.pk for e in page.object_list)
    rows = [
        {
            "evaluation": e,
            "state": ballots.state(e),
            "state_label": ballots.STATE_LABELS[ballots.state(e)],
            "issued": counts.get(e.pk, (0, 0))[0],
            "used": counts.get(e.pk, (0, 0))[1],
        }
        for e in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "supervision/staff/evaluation_list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "sort": request.GET.get("sort", ""),
            "page_sizes": PAGE_SIZES,
        },
    )


@require_POST
@permission_required("supervision.export_lists", raise_exception=True)
def evaluation_export(request):
    return export_list(request, EVALUATION_LIST, back=reverse("supervision:evaluation_list"))


@never_cache
@permission_required("supervision.manage_evaluations", raise_exception=True)
def evaluation_create(request):
    form = EvaluationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = services.evaluation_create(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("民主测评已发起，请发放测评票。"))
            return redirect("supervision:evaluation_detail", pk=evaluation.pk)
    return render(request, "supervision/staff/evaluation_form.html", {"form": form})


def _detail_context(request, evaluation) -> dict:
    turnout, results, withheld = selectors.visible_results(evaluation)
    state = ballots.state(evaluation)
    manage = request.user.has_perm("supervision.manage_evaluations")
    return {
        "evaluation": evaluation,
        "subjects": selectors.subjects_of(evaluation),
        "questions": list(evaluation.questions.all()),
        "turnout": turnout,
        "results": results,
        "withheld": withheld,
        "state": state,
        "state_label": ballots.STATE_LABELS[state],
        "can_manage": manage and state != ballots.CLOSED,
        "issue_form": IssueForm(evaluation=evaluation) if manage else None,
        "send_form": SendForm(evaluation=evaluation, user=request.user) if manage else None,
    }


@never_cache
@permission_required("supervision.view_evaluations", raise_exception=True)
def evaluation_detail(request, pk):
    evaluation = selectors.evaluation_get(request.user, pk)
    return render(
        request, "supervision/staff/evaluation_detail.html", _detail_context(request, evaluation)
    )


def _qr_svg(url: str) -> str:
    # segno writes the QR code as SVG markup on the server: no script, no outside service.
    return segno.make(url, error="m").svg_inline(scale=3, border=1)


@never_cache
@permission_required("supervision.manage_evaluations", raise_exception=True)
def slips_issue(request, pk):
    """Issue slips and show them at once as a sheet to print: the codes exist only here."""
    evaluation = selectors.managed_evaluation_get(request.user, pk)
    if request.method != "POST":
        return redirect("supervision:evaluation_detail", pk=evaluation.pk)
    form = IssueForm(request.POST, evaluation=evaluation)
    if form.is_valid():
        try:
            codes = services.slips_issue(
                actor=request.user,
                evaluation=evaluation,
                voter_type=form.cleaned_data["voter_type"],
                count=form.cleaned_data["count"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            label = dict(form.fields["voter_type"].choices)[form.cleaned_data["voter_type"]]
            slips = []
            for code in codes:
                link = request.build_absolute_uri(
                    reverse("supervision:vote_slip", args=[evaluation.pk, code])
                )
                # segno's own markup (paths and numbers) around our link: safe.
                slips.append({"code": code, "qr": mark_safe(_qr_svg(link))})  # noqa: S308
            return render(
                request,
                "supervision/staff/slip_sheet.html",
                {
                    "evaluation": evaluation,
                    "slips": slips,
                    "voter_type": label,
                    "vote_url": request.build_absolute_uri(reverse("supervision:vote_start")),
                },
            )
    context = _detail_context(request, evaluation)
    context["issue_form"] = form
    return render(request, "supervision/staff/evaluation_detail.html", context, status=400)


@require_POST
@permission_required("supervision.manage_evaluations", raise_exception=True)
def recipients_send(request, pk):
    evaluation = selectors.managed_evaluation_get(request.user, pk)
    form = SendForm(request.POST, evaluation=evaluation, user=request.user)
    if form.is_valid():
        try:
            n = services.recipients_send(
                actor=request.user,
                evaluation=evaluation,
                users=form.cleaned_data["users"],
                voter_type=form.cleaned_data["voter_type"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已通知 %(n)s 人领取测评票。") % {"n": n})
            return redirect("supervision:evaluation_detail", pk=evaluation.pk)
    context = _detail_context(request, evaluation)
    context["send_form"] = form
    return render(request, "supervision/staff/evaluation_detail.html", context, status=400)


@require_POST
@permission_required("supervision.manage_evaluations", raise_exception=True)
def evaluation_close(request, pk):
    evaluation = selectors.managed_evaluation_get(request.user, pk)
    try:
        services.evaluation_close(actor=request.user, evaluation=evaluation)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("测评已结束。"))
    return redirect("supervision:evaluation_detail", pk=evaluation.pk)


@require_POST
@permission_required("supervision.export_lists", raise_exception=True)
def results_export(request, pk):
    evaluation = selectors.evaluation_get(request.user, pk)
    query = QueryDict(mutable=True)
    query["evaluation"] = str(evaluation.pk)
    return export_list(
        request,
        RESULTS[evaluation.option_set],
        back=reverse("supervision:evaluation_detail", args=[evaluation.pk]),
        query=query,
    )
