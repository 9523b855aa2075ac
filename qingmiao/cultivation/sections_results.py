"""The results area's section of the cadre's 我的培养 page: my team's deliverables and the way
to submit one."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


def results_summary(user) -> str:
    counts = selectors.my_deliverables(user).aggregate(
        n=Count("pk", distinct=True),
        adopted=Count("pk", distinct=True, filter=Q(outcomes__kind="adopted")),
    )
    if not counts["n"]:
        return _("尚未提交调研成果")
    return _("已提交 %(n)s 篇，其中 %(a)s 篇被采纳") % {"n": counts["n"], "a": counts["adopted"]}


personal_pages.register_link(
    50,
    "cultivation:my_results",
    gettext_lazy("我的调研成果"),
    "cultivation.submit_deliverable",
    results_summary,
    icon="bi-award",
)
