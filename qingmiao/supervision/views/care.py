"""Care pages (关心关爱, staff): the ledger with its counts, one case with its follow-ups, opening
a case for a cadre. Every page that shows care records audits the view; a case's notes are
masked until unmasked with a reason."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.cadres import versions as cadre_versions
from qingmiao.cadres.listing import unit_options
from qingmiao.core.errors import apply_errors
from qingmiao.core.export import export_list
from qingmiao.core.versions import Snapshot
from qingmiao.paging import IdFirstPaginator

from ..exports_care import CARE_LEDGER
from ..filters_care import CareCaseFilter
from ..forms_care import CaseForm, FollowUpForm, OutcomeForm, UnmaskForm
from ..models import CareStatus
from ..panels_care import due_block
from ..selectors import care as selectors
from ..services import care as services

VIEW = "supervision.view_care"
MANAGE = "supervision.manage_care"
PAGE_SIZES = (20, 50, 100)


def list_context(request, filter_class, queryset) -> dict:
    """The filter, one page of rows (ids first, then the rows with their joins) and the query
    string without the page."""
    params = request.GET
    filterset = filter_class(params, queryset=queryset, user=request.user)
    rows = filterset.qs if filterset.is_valid() else queryset.none()
    try:
        size = int(params.get("page_size", PAGE_SIZES[0]))
    except ValueError:
        size = PAGE_SIZES[0]
    paginator = IdFirstPaginator(rows, size if size in PAGE_SIZES else PAGE_SIZES[0])
    query = params.copy()
    query.pop("page", None)
    return {
        "filter": filterset,
        "page": paginator.get_page(params.get("page")),
        "query": query.urlencode(),
        "page_sizes": PAGE_SIZES,
        "page_size": paginator.per_page,
        "sort": params.get("sort", ""),
    }


@never_cache
@permission_required(VIEW, raise_exception=True)
def care_ledger(request):
    user = request.user
    ctx = list_context(request, CareCaseFilter, selectors.with_flags(selectors.case_queryset(user)))
    services.care_viewed(actor=user, cases=list(ctx["page"].object_list), channel="ledger")
    ctx["counts"] = selectors.counts(user)
    ctx["flag_counts"] = selectors.flag_counts(user)
    ctx["statuses"] = CareStatus.choices
    ctx["unit_options"] = unit_options(ctx["filter"], Snapshot(cadre_versions.KEY))
    # The follow-ups the reader owns that fall due soon or are overdue.
    ctx["due"] = due_block(user, owner=user)
    ctx["today"] = timezone.localdate()
    return render(request, "supervision/staff/care_ledger.html", ctx)


@never_cache
@require_POST
def care_export(request):
    back = reverse("supervision:care_ledger")
    return export_list(request, CARE_LEDGER, back=f"{back}?{request.GET.urlencode()}")


def _detail(request, case, *, unmasked=False, forms=None):
    forms = forms or {}
    can_act = case.owner_id == request.user.pk or request.user.has_perm(MANAGE)
    follow_ups = list(case.follow_ups.all())
    return render(
        request,
        "supervision/staff/care_detail.html",
        {
            "case": case,
            "follow_ups": follow_ups,
            "unmasked": unmasked,
            "can_act": can_act and case.status == CareStatus.ONGOING,
            "today": timezone.localdate(),
            "unmask_form": forms.get("unmask") or UnmaskForm(),
            "follow_up_form": forms.get("follow_up") or FollowUpForm(),
            "outcome_form": forms.get("outcome") or OutcomeForm(),
            "outcome_for": forms.get("outcome_for"),
        },
        status=400 if any(f.errors for f in forms.values() if hasattr(f, "errors")) else 200,
    )


@never_cache
@permission_required(VIEW, raise_exception=True)
def care_detail(request, pk):
    case = selectors.case_get(request.user, pk)
    services.care_viewed(actor=request.user, cases=[case], channel="page")
    return _detail(request, case)


@never_cache
@require_POST
@permission_required(VIEW, raise_exception=True)
def care_unmask(request, pk):
    case = selectors.case_get(request.user, pk)
    form = UnmaskForm(request.POST)
    form.is_valid()
    try:
        services.care_unmask(
            actor=request.user,
            case=case,
            reason=form.cleaned_data.get("reason", ""),
            channel="page",
        )
    except ValidationError as exc:
        apply_errors(form, exc)
        return _detail(request, case, forms={"unmask": form})
    return _detail(request, case, unmasked=True)


@never_cache
@permission_required(VIEW, raise_exception=True)
def care_follow_up_add(request, pk):
    case = selectors.case_get(request.user, pk)
    if request.method != "POST":
        return redirect("supervision:care_detail", pk=case.pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.care_follow_up_add(actor=request.user, case=case, data=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已添加跟进事项。"))
            return redirect("supervision:care_detail", pk=case.pk)
    return _detail(request, case, forms={"follow_up": form})


@never_cache
@permission_required(VIEW, raise_exception=True)
def care_follow_up_record(request, pk):
    follow_up = selectors.follow_up_get(request.user, pk)
    if request.method != "POST":
        return redirect("supervision:care_detail", pk=follow_up.case_id)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.care_follow_up_record(
                actor=request.user, follow_up=follow_up, data=form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已记录跟进结果。"))
            return redirect("supervision:care_detail", pk=follow_up.case_id)
    case = selectors.case_get(request.user, follow_up.case_id)
    return _detail(request, case, forms={"outcome": form, "outcome_for": follow_up.pk})


@never_cache
@permission_required(MANAGE, raise_exception=True)
def care_case_new(request, cadre_pk):
    user = request.user
    cadre = selectors.cadre_get(user, cadre_pk)
    form = CaseForm(
        request.POST or None,
        owners=services.owner_candidates(cadre),
        initial={"opened_on": timezone.localdate(), "owner": user.pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.care_case_open(actor=user, cadre=cadre, data=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已登记关爱措施。"))
            return redirect("supervision:care_detail", pk=case.pk)
    return render(request, "supervision/staff/care_form.html", {"form": form, "cadre": cadre})
