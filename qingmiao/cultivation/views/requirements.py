"""Hour requirements (学时要求) and each cadre's progress against one."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.core.errors import apply_errors
from qingmiao.core.export import export_list
from qingmiao.paging import IdFirstPaginator
from qingmiao.selection.views._common import PAGE_SIZES, page_size_of

from ..exports.attendance import PROGRESS_LIST, progress_queryset
from ..filters.attendance import ProgressFilter
from ..forms.attendance import RequirementForm
from ..selectors import attendance as selectors
from ..services import attendance as services


@never_cache
@permission_required("cultivation.view_attendance", raise_exception=True)
def requirement_list(request):
    return render(
        request,
        "cultivation/staff/requirement_list.html",
        {"requirements": list(selectors.requirements(request.user)), "tab": "requirements"},
    )


@never_cache
@permission_required("cultivation.manage_curriculum", raise_exception=True)
def requirement_edit(request, pk=None):
    user = request.user
    requirement = selectors.requirement_get(user, pk) if pk else None
    form = RequirementForm(request.POST or None, instance=requirement, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.requirement_save(
                actor=user, data=form.cleaned_data, requirement=requirement
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("学时要求已保存。"))
            return redirect("cultivation:requirement_progress", pk=saved.pk)
    return render(
        request,
        "cultivation/staff/requirement_form.html",
        {"form": form, "requirement": requirement, "tab": "requirements"},
    )


@never_cache
@permission_required("cultivation.view_attendance", raise_exception=True)
def requirement_progress(request, pk):
    user = request.user
    requirement = selectors.requirement_get(user, pk)
    base = selectors.requirement_progress(user, requirement)
    filterset = ProgressFilter(request.GET, queryset=base, user=user)
    query = request.GET.copy()
    query["requirement"] = str(requirement.pk)
    try:
        queryset = progress_queryset(user, query)
    except ValidationError:
        queryset = base.none()
    paginator = IdFirstPaginator(queryset, page_size_of(request.GET))
    page = paginator.get_page(request.GET.get("page"))
    _annotate_page(page.object_list, requirement)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "cultivation/staff/requirement_progress.html",
        {
            "requirement": requirement,
            "filter": filterset,
            "page": page,
            "query": params.urlencode(),
            "sort": request.GET.get("sort", ""),
            "page_sizes": PAGE_SIZES,
            "counts": selectors.progress_counts(base),
            "tab": "requirements",
        },
    )


def _annotate_page(cadres, requirement) -> None:
    """The id-first page fetched the rows again without the list's annotations: one query
    puts the hours back."""
    done = selectors.hours_by_cadre(
        [c.pk for c in cadres], program=requirement.program, year=requirement.year
    )
    for c in cadres:
        c.done = done.get(c.pk, 0)
        c.required = requirement.hours
        c.short = max(requirement.hours - c.done, 0)
        c.percent = (
            100 if not requirement.hours else min(int(c.done * 100 / requirement.hours), 100)
        )


@never_cache
@require_POST
def requirement_export(request, pk):
    query = request.GET.copy()
    query["requirement"] = str(pk)
    back = reverse("cultivation:requirement_progress", args=[pk])
    return export_list(
        request, PROGRESS_LIST, back=f"{back}?{request.GET.urlencode()}", query=query
    )
