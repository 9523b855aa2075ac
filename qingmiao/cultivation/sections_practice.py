"""The practice area's sections of the personal phone pages: 我的培养's 我的实践锻炼 (order 30)
and 我的挂职人员's list of assignees (order 30)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import personal_pages, practice_rules
from .models import PracticeAssignment
from .selectors import practice as selectors


def cadre_practice(user) -> dict | None:
    """The cadre's assignment under way (or the next one), and whether this month's report
    is still owed. No assignment at all: no section."""
    if not user.has_perm("cultivation.report_practice"):
        return None
    assignments = list(selectors.my_assignments(user)[:5])
    if not assignments:
        return None
    order = {"under_way": 0, "planned": 1, "finished": 2}
    current = sorted(assignments, key=lambda a: (order[a.state], -a.start_date.toordinal()))[0]
    month = f"{timezone.localdate():%Y-%m}"
    owed = current.state == "under_way" and current.latest_period != month
    return {"a": current, "owed": owed, "month_label": practice_rules.period_label(month)}


def host_assignees(user) -> dict | None:
    if not user.has_perm("cultivation.evaluate_practice"):
        return None
    rows = list(selectors.hosted_assignments(user))
    for a in rows:
        a.can_evaluate = not a.evaluated and practice_rules.evaluation_open(a)
        a.latest_label = practice_rules.period_label(a.latest_period) if a.latest_period else ""
    # Those awaiting an evaluation first, then those under way, the evaluated last.
    rows.sort(key=lambda a: (0 if a.can_evaluate else 2 if a.evaluated else 1, a.end_date))
    return {
        "assignees": rows,
        "awaiting": sum(1 for a in rows if a.can_evaluate),
    }


personal_pages.register("cadre", 30, "cultivation/self/section_practice_mine.html", cadre_practice)
personal_pages.register("host", 30, "cultivation/self/section_practice_hosted.html", host_assignees)


def practice_summary(user) -> str:
    section = cadre_practice(user)
    if section is None:
        return _("暂无实践锻炼安排")
    a = section["a"]
    state = dict(PracticeAssignment.Status.choices)[a.state]
    line = f"{a.get_kind_display()} · {a.host_name} · {state}"
    if section["owed"]:
        return _("%(line)s；%(month)s的报告待提交") % {
            "line": line,
            "month": section["month_label"],
        }
    return line


personal_pages.register_link(
    30,
    "cultivation:my_practice",
    gettext_lazy("我的实践锻炼"),
    "cultivation.report_practice",
    practice_summary,
    icon="bi-geo-alt",
)
