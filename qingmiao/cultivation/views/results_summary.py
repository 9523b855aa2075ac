"""A program's results in numbers: totals by kind, per team and per unit (the charts come
with the program's cultivation overview)."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from ..selectors import results as selectors
from ..selectors import results_rollup as rollup


def _year(request) -> int | None:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return None
    return year if 2000 <= year <= 2100 else None


@never_cache
@permission_required("cultivation.view_results", raise_exception=True)
def results_summary(request, program_pk):
    user = request.user
    program = selectors.program_get(user, program_pk)
    year = _year(request)
    return render(
        request,
        "cultivation/staff/results_summary.html",
        {
            "program": program,
            "year": year,
            "totals": rollup.results_totals(user, program=program, year=year),
            "teams": rollup.results_by_team(user, program=program, year=year),
            "units": rollup.results_by_unit(user, program=program, year=year),
            "can_record": user.has_perm("cultivation.record_results"),
        },
    )
