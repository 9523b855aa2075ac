"""The cadre portrait (干部画像), a panel on the cadre's record page: the dimensions of the
latest closed round against the cohort's average (radar), the trend over the months, and the
key counts from cultivation for the year, each a link to the rows behind it.

Other parts of 管 add their own block to the portrait (the evaluation results: democratic
evaluation, annual appraisal) with `register_block`, so the panel stays one place.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qingmiao.accounts.roles import Role
from qingmiao.cadres import panels

from . import evidence_rounds
from .selectors import overview_rounds


@dataclass(frozen=True)
class Block:
    key: str
    template: str  # rendered with `block` (what context returned) and `cadre`
    context: Callable  # (user, cadre) -> dict | None
    order: int = 100


BLOCKS: dict[str, Block] = {}


def register_block(block: Block) -> Block:
    BLOCKS[block.key] = block
    return block


def _figure_links(cadre, year: int) -> list[dict]:
    first, last = evidence_rounds.year_range(year)
    figures = evidence_rounds.figures([cadre.pk], first, last)[cadre.pk]
    base = reverse("supervision:cadre_evidence", args=[cadre.pk])
    labels = [
        ("hours", _("培训学时"), "hours"),
        ("logs", _("导师帮带（次）"), "logs"),
        ("deliverables", _("调研成果（项）"), "deliverables"),
        ("adopted", _("成果被采纳（项）"), "deliverables"),
        ("capital", _("引进资金（万元）"), "investments"),
        ("problems", _("解决难题（个）"), "problems"),
    ]
    return [
        {"key": key, "label": label, "value": figures[key], "url": f"{base}?year={year}#{anchor}"}
        for key, label, anchor in labels
    ]


def portrait_context(user, cadre) -> dict | None:
    if user.role in (Role.INSPECTOR, Role.HOST) or not user.has_perm("supervision.view_rounds"):
        return None
    data = overview_rounds.portrait(user, cadre)
    blocks = []
    for block in sorted(BLOCKS.values(), key=lambda b: (b.order, b.key)):
        shown = block.context(user, cadre)
        if shown is not None:
            blocks.append((block, shown))
    if data is None and not blocks:
        return None
    year = data["latest"].round.month.year if data else None
    trend = None
    if data:
        trend = {
            "labels": [f"{t['month']:%Y.%m}" for t in data["trend"]],
            "series": [
                {"name": _("综合得分"), "type": "line",
                 "data": [float(t["total"]) if t["total"] is not None else None
                          for t in data["trend"]]},
                {"name": _("累计得分"), "type": "line",
                 "data": [float(t["cumulative"]) if t["cumulative"] is not None else None
                          for t in data["trend"]]},
            ],
        }  # fmt: skip
    return {
        "portrait": data,
        "trend_chart": trend,
        "year": year,
        "figures": _figure_links(cadre, year) if year else [],
        "blocks": blocks,
    }


panels.register(
    panels.Panel(
        key="portrait",
        title=gettext_lazy("干部画像"),
        template="supervision/staff/portrait_panel.html",
        context=portrait_context,
        order=10,
    )
)
