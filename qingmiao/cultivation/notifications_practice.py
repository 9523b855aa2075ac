"""What practice assignments tell people: the cadre and the host contact hear of a new
assignment; the host contact hears of each report on their assignee."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qingmiao.core.notifications import EventKind, notify, register

from .practice_rules import period_label

ASSIGNED = "cultivation.practice.assigned"
HOSTED = "cultivation.practice.hosted"
REPORTED = "cultivation.practice.reported"

register(
    EventKind(
        code=ASSIGNED,
        name=_("安排实践锻炼"),
        render=lambda c: _("您已被安排到%(host)s%(kind)s，%(start)s 至 %(end)s。") % c,
    )
)
register(
    EventKind(
        code=HOSTED,
        name=_("接收挂职人员"),
        render=lambda c: (
            _("%(cadre)s将到%(host)s%(kind)s，%(start)s 至 %(end)s，请在“我的挂职人员”中查看。") % c
        ),
    )
)
register(
    EventKind(
        code=REPORTED,
        name=_("挂职人员提交锻炼报告"),
        render=lambda c: _("%(cadre)s提交了%(period)s的锻炼报告。") % c,
    )
)


def _context(assignment) -> dict:
    return {
        "cadre": assignment.cadre.name,
        "host": assignment.host_name,
        "kind": str(assignment.get_kind_display()),
        "start": f"{assignment.start_date:%Y.%m.%d}",
        "end": f"{assignment.end_date:%Y.%m.%d}",
    }


def assignment_created(assignment) -> None:
    context = _context(assignment)
    if assignment.cadre.user_id:
        notify(
            event=ASSIGNED,
            recipients=[assignment.cadre.user],
            context=context,
            obj=assignment,
            link=reverse("cultivation:my_practice"),
        )
    if assignment.host_contact_id:
        notify(
            event=HOSTED,
            recipients=[assignment.host_contact],
            context=context,
            obj=assignment,
            link=reverse("cultivation:my_hosted"),
        )


def report_submitted(report) -> None:
    assignment = report.assignment
    if not assignment.host_contact_id:
        return
    notify(
        event=REPORTED,
        recipients=[assignment.host_contact],
        context={"cadre": assignment.cadre.name, "period": period_label(report.period)},
        obj=assignment,
        link=reverse("cultivation:my_hosted"),
    )
