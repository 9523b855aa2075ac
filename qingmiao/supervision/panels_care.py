"""Where care shows outside its own pages (registered on import from apps.ready()):

- the cadre record's 关心关爱 tab: the cadre's flags and care actions, for users holding
  `supervision.view_care` only (nobody else sees the tab, nor learns a record exists); showing
  it is audited like any other view of a care record;
- the care follow-ups due block (关爱跟进提醒) for dashboards: the supervision overview or a
  cohort's 考察概况 page includes `DUE_BLOCK.template` with `due_block(user, cadres=…)`.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingmiao.cadres import panels

from .forms_care import FlagForm
from .selectors import care as selectors
from .services import care as services

VIEW = "supervision.view_care"


def cadre_panel(user, cadre) -> dict | None:
    if not user.has_perm(VIEW):
        return None
    cases = selectors.cadre_cases(user, cadre)
    flags = selectors.cadre_flags(user, cadre)
    services.care_viewed(actor=user, cases=cases, channel="cadre_page", cadre=cadre)
    return {
        "flags": flags,
        "cases": cases,
        "can_manage": user.has_perm("supervision.manage_care"),
        "flag_form": FlagForm(),
        "today": timezone.localdate(),
    }


panels.register(
    panels.Panel(
        key="care",
        title=_("关心关爱"),
        template="supervision/staff/_care_panel.html",
        context=cadre_panel,
        order=80,
    )
)


@dataclass(frozen=True)
class Block:
    key: str
    title: object
    template: str


DUE_BLOCK = Block("care_due", _("关爱跟进提醒"), "supervision/staff/_care_due.html")


def due_block(user, *, cadres=None, owner=None) -> dict | None:
    """The open care actions falling due within two weeks (overdue first), for a dashboard.
    `cadres` narrows to a cohort (a queryset of cadres); None when the user may not see care."""
    if not user.has_perm(VIEW):
        return None
    today = timezone.localdate()
    data = selectors.due(user, today, owner=owner, cadres=cadres)
    services.care_viewed(actor=user, cases=data["rows"], channel="dashboard")
    return data
