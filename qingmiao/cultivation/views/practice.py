"""实践锻炼, staff pages: the list (filters, counts by kind, export), create, edit, detail."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.accounts import scoping
from qingmiao.accounts.roles import Role
from qingmiao.cadres.filters import search_q
from qingmiao.cadres.models import Cadre
from qingmiao.core.errors import apply_errors
from qingmiao.core.export import export_list
from qingmiao.selection.views._common import PAGE_SIZES, page_size_of

from .. import practice_rules
from ..exports.practice import ASSIGNMENT_LIST, assignment_filterset
from ..forms.practice import AssignmentForm
from ..selectors import practice as selectors
from ..services import practice as services

CANDIDATES_SHOWN = 20


def staff_only(request) -> None:
    """A host contact reads practice only on their own phone page, never the staff list."""
    if request.user.role == Role.HOST:
        raise PermissionDenied


def _units(filterset) -> list:
    """The unit filter's choices (the units the user may see), indented by depth."""
    units = list(filterset.filters["unit"].queryset.order_by("path"))
    for unit in units:
        unit.indented = "\u3000" * max(unit.depth - 1, 0) + unit.name
    return units


@never_cache
@permission_required("cultivation.view_practice", raise_exception=True)
def practice_list(request):
    staff_only(request)
    user = request.user
    filterset = assignment_filterset(user, request.GET)
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    paginator = Paginator(queryset, page_size_of(request.GET))
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    kind_query = query.copy()
    kind_query.pop("kind", None)
    # The counts by kind follow every filter but the kind itself, so each tab says what it holds.
    without_kind = assignment_filterset(user, kind_query)
    counted = without_kind.qs if without_kind.is_valid() else without_kind.queryset.none()
    return render(
        request,
        "cultivation/staff/practice_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "page_sizes": PAGE_SIZES,
            "page_size": paginator.per_page,
            "sort": request.GET.get("sort", ""),
            "kind": request.GET.get("kind", ""),
            "kind_counts": selectors.kind_counts(counted),
            "units": _units(filterset),
            "total": counted.count(),
        },
    )


@never_cache
@require_POST
@permission_required("cultivation.view_practice", raise_exception=True)
def practice_export(request):
    staff_only(request)
    back = reverse("cultivation:practice_list")
    return export_list(request, ASSIGNMENT_LIST, back=f"{back}?{request.GET.urlencode()}")


@never_cache
@permission_required("cultivation.view_practice", raise_exception=True)
def practice_detail(request, pk):
    staff_only(request)
    user = request.user
    assignment = selectors.assignment_get(user, pk)
    return render(
        request,
        "cultivation/staff/practice_detail.html",
        {
            "a": assignment,
            "reports": selectors.assignment_reports(user, assignment),
            "evaluation": selectors.assignment_evaluation(user, assignment),
            "evaluation_opens": practice_rules.evaluation_opens(assignment),
        },
    )


def _pick_cadre(request):
    """Step one of 新增: find the cadre by name or pinyin among those the user may see."""
    text = request.GET.get("q", "").strip()
    found = scoping.visible(request.user, Cadre).select_related("unit")
    if text:
        found = found.filter(search_q(text))
    found = list(found.order_by("name_pinyin", "pk")[: CANDIDATES_SHOWN + 1])
    return render(
        request,
        "cultivation/staff/practice_pick.html",
        {"candidates": found[:CANDIDATES_SHOWN], "more": len(found) > CANDIDATES_SHOWN, "q": text},
    )


@never_cache
@permission_required("cultivation.manage_practice", raise_exception=True)
def practice_create(request):
    user = request.user
    cadre_id = request.POST.get("cadre") or request.GET.get("cadre")
    if not cadre_id:
        return _pick_cadre(request)
    cadre = scoping.get_visible_or_404(user, Cadre.objects.select_related("unit"), pk=cadre_id)
    form = AssignmentForm(request.POST or None, user=user, initial={"full_time": True})
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.assignment_create(
                actor=user, data={**form.cleaned_data, "cadre": cadre}
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("已安排%(name)s到%(host)s%(kind)s。")
                % {
                    "name": cadre.name,
                    "host": assignment.host_name,
                    "kind": assignment.get_kind_display(),
                },
            )
            return redirect("cultivation:practice_detail", pk=assignment.pk)
    return render(request, "cultivation/staff/practice_form.html", {"form": form, "cadre": cadre})


@never_cache
@permission_required("cultivation.manage_practice", raise_exception=True)
def practice_edit(request, pk):
    user = request.user
    assignment = selectors.assignment_get(user, pk)
    fields = AssignmentForm.base_fields
    initial = {name: getattr(assignment, name) for name in fields if name != "status"}
    initial["status"] = "" if assignment.status == assignment.state else assignment.status
    form = AssignmentForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_update(actor=user, assignment=assignment, data=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("cultivation:practice_detail", pk=assignment.pk)
    return render(
        request,
        "cultivation/staff/practice_form.html",
        {"form": form, "cadre": assignment.cadre, "assignment": assignment},
    )
