"""培养概况: a program's cultivation in figures and charts, each figure opening its list."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qingmiao.selection.ranking import shown
from qingmiao.selection.selectors import program_get

from ..selectors import overview as selectors


def _month(d) -> str:
    return f"{d:%Y.%m}" if d else ""


def charts(ov: selectors.Overview) -> dict:
    """The charts' data: every series is also printed in the tables beside them."""
    return {
        "hours": [[b.label, b.n, b.url] for b in ov.hours_bands],
        "attendance": {
            "labels": [_month(r["month"]) for r in ov.attendance_by_month],
            "series": [
                {"name": _("应到人次"), "data": [r["rows"] for r in ov.attendance_by_month]},
                {"name": _("实到人次"), "data": [r["present"] for r in ov.attendance_by_month]},
                {
                    "name": _("出勤率"),
                    "type": "line",
                    "axis": 1,
                    "data": [
                        float(shown(r["rate"], 1)) if r["rate"] is not None else None
                        for r in ov.attendance_by_month
                    ],
                },
            ],
        },
        "mentoring": {
            "labels": [_month(r["month"]) for r in ov.logs_by_month],
            "series": [{"name": _("帮带次数"), "data": [r["n"] for r in ov.logs_by_month]}],
        },
        "outputs": {
            "labels": [r["label"] for r in ov.deliverables_by_kind],
            "series": [
                {"name": _("提交"), "data": [r["n"] for r in ov.deliverables_by_kind]},
                {"name": _("采纳"), "data": [r["adopted"] for r in ov.deliverables_by_kind]},
                {"name": _("转化"), "data": [r["converted"] for r in ov.deliverables_by_kind]},
                {"name": _("纳入规划"), "data": [r["planned"] for r in ov.deliverables_by_kind]},
            ],
            "urls": [r["url"] for r in ov.deliverables_by_kind],
        },
    }


def drills(program) -> dict:
    """The list behind each figure of the page, filtered to what the figure counts."""
    pk = program.pk
    drill, deliverables = selectors.drill, "cultivation:deliverable_list"
    return {
        "participants": selectors.hours_url(program, who="in"),
        "trained": selectors.hours_url(program),
        "met": selectors.hours_url(program, band="met"),
        "attendance": drill("cultivation:attendance_sessions", program=pk),
        "pairs": drill("cultivation:pair_list", program=pk, status="active"),
        "quiet": drill("cultivation:pair_list", program=pk, status="active", quiet=1),
        "logs": drill("cultivation:log_list", program=pk),
        "teams": drill("cultivation:team_list", program=pk),
        "investments": drill("cultivation:investment_list", program=pk),
        "settled": drill("cultivation:investment_list", program=pk, stage="settled"),
        "problems": drill("cultivation:problem_list", program=pk),
        "deliverables": drill(deliverables, program=pk),
        "adopted": drill(deliverables, program=pk, outcome="adopted"),
        "converted": drill(deliverables, program=pk, outcome="converted"),
        "planned": drill(deliverables, program=pk, outcome="planned"),
    }


@permission_required("cultivation.view_overview", raise_exception=True)
def overview_index(request):
    """The program chosen in the page's picker (`?program=`), or the newest the reader may
    look at (the program's page checks the scope: 404 outside it)."""
    chosen = request.GET.get("program", "")
    if chosen.isdigit():
        return redirect("cultivation:overview", pk=int(chosen))
    first = selectors.overview_programs(request.user).first()
    if first is None:
        return render(request, "cultivation/staff/overview_empty.html")
    return redirect("cultivation:overview", pk=first.pk)


@permission_required("cultivation.view_overview", raise_exception=True)
def program_overview(request, pk):
    program = program_get(request.user, pk)
    ov = selectors.program_overview(request.user, program)
    return render(
        request,
        "cultivation/staff/overview.html",
        {
            "program": program,
            "ov": ov,
            "charts": charts(ov),
            "programs": selectors.overview_programs(request.user),
            "drill": drills(program),
        },
    )
