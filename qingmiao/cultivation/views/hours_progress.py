"""A program's hours progress (学时进度): the list behind the overview's hours figures."""

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from qingmiao.core.export import export_list
from qingmiao.paging import IdFirstPaginator
from qingmiao.selection.selectors import program_get
from qingmiao.selection.views._common import PAGE_SIZES, page_size_of

from ..exports.attendance import HOURS_LIST, hours_queryset
from ..filters.attendance import HoursProgressFilter
from ..selectors import hours_progress as selectors


def _query(request, pk):
    query = request.GET.copy()
    query["program"] = str(pk)
    return query


@never_cache
@permission_required("cultivation.view_attendance", raise_exception=True)
def hours_progress(request, pk):
    user = request.user
    program = program_get(user, pk)
    requirement = selectors.program_requirement(program)
    base = selectors.hours_progress(user, program, requirement.hours)
    filterset = HoursProgressFilter(
        request.GET, queryset=base, user=user, program=program, required=requirement.hours
    )
    try:
        queryset = hours_queryset(user, _query(request, pk))
    except ValidationError:
        queryset = base.none()
    paginator = IdFirstPaginator(queryset, page_size_of(request.GET))
    page = paginator.get_page(request.GET.get("page"))
    selectors.page_hours(program, page.object_list, requirement.hours)
    params = request.GET.copy()
    params.pop("page", None)
    band_links = request.GET.copy()
    for key in ("page", "band"):
        band_links.pop(key, None)
    return render(
        request,
        "cultivation/staff/hours_progress.html",
        {
            "program": program,
            "requirement": requirement,
            "filter": filterset,
            "page": page,
            "query": params.urlencode(),
            "band_query": band_links.urlencode(),
            "band": request.GET.get("band", ""),
            "sort": request.GET.get("sort", ""),
            "page_sizes": PAGE_SIZES,
            "bands": selectors.band_counts(base, requirement.hours),
            "tab": "hours",
        },
    )


@never_cache
@require_POST
def hours_progress_export(request, pk):
    back = reverse("cultivation:hours_progress", args=[pk])
    return export_list(
        request, HOURS_LIST, back=f"{back}?{request.GET.urlencode()}", query=_query(request, pk)
    )
