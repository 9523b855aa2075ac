"""The selection funnel of a program (the organizer side)."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from qingmiao.cadres.models import UnitType

from .. import selectors
from ..models import (
    Application,
    StageEntry,
)
from ..templatetags.selection_staff import share


@never_cache
@permission_required("selection.view_funnel", raise_exception=True)
def funnel(request, pk):
    program = selectors.overseen_program_get(request.user, pk)
    steps = selectors.funnel(program)
    stages = {s.order: s for s in program.stages.all()}
    unit_codes = {str(label): value for value, label in UnitType.choices}
    list_url = reverse("selection:application_list", args=[program.pk])

    def step_query(key: str) -> dict:
        if key == "applied":
            return {}
        if key == "eligible":
            return {"status": Application.Status.ELIGIBLE}
        order, _sep, advanced = key.removeprefix("stage").partition("_")
        stage = stages.get(int(order))
        if stage is None:
            return {}
        query = {"stage": stage.pk}
        if advanced:
            query["result"] = StageEntry.Result.ADVANCED
        return query

    def link(base: dict, extra: dict | None) -> str | None:
        if extra is None:
            return None
        query = urlencode({**base, **extra})
        return f"{list_url}?{query}" if query else list_url

    first = steps[0]["count"] if steps else 0
    previous = None
    rows = []
    for i, step in enumerate(steps):
        base = step_query(step["key"])
        structure = step["structure"]
        groups = []
        for key, title, chart in (
            ("education", _("学历"), "pie"),
            ("generation", _("年龄段"), "bar"),
            ("gender", _("性别"), "pie"),
            ("unit_type", _("单位类型"), "bar"),
        ):
            items = []
            for label, n in structure.get(key, []):
                if key == "generation":
                    extra = {"generation": label[:2]} if label[:2].isdigit() else None
                elif key == "unit_type":
                    extra = {"unit_type": unit_codes[label]} if label in unit_codes else None
                else:
                    extra = {key: label} if label != "—" else None
                pct = share(n, step["count"])
                items.append({"label": label, "n": n, "pct": pct, "url": link(base, extra)})
            groups.append(
                {
                    "key": key,
                    "title": title,
                    "chart": chart,
                    "items": items,
                    # the share as the table prints it, so chart and table round alike
                    "data": [[it["label"], it["n"], it["pct"]] for it in items],
                    "id": f"chart-{i}-{key}",
                }
            )
        rows.append(
            {
                "label": step["label"],
                "count": step["count"],
                "url": link(base, {}),
                "of_first": (100 * step["count"] / first) if first else None,
                "of_previous": (100 * step["count"] / previous) if previous else None,
                "groups": groups,
            }
        )
        previous = step["count"]
    return render(
        request,
        "selection/staff/funnel.html",
        {
            "program": program,
            "rows": rows,
            "funnel_data": [[r["label"], r["count"]] for r in rows],
            "manages": selectors.manages(request.user, program),
            "oversees": True,
            "tab": "funnel",
        },
    )
