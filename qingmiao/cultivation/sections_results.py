"""The results area's section of the cadre's 我的培养 page: my team's deliverables and the way
to submit one."""

from . import personal_pages
from .selectors import results as selectors


def my_results_context(user) -> dict | None:
    teams = list(selectors.my_teams(user))
    deliverables = list(selectors.my_deliverables(user).order_by("-submitted_on", "-id")[:5])
    if not teams and not deliverables:
        return None
    return {"teams": teams, "deliverables": deliverables}


personal_pages.register(
    "cadre", 50, "cultivation/self/section_results_deliverables.html", my_results_context
)
