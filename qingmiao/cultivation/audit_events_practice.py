"""How the audit log names the practice area's events (see qingmiao/accounts/ledger.py)."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "cultivation.practice.created": _("安排实践锻炼"),
    "cultivation.practice.updated": _("修改实践锻炼"),
    "cultivation.practice_report.submitted": _("提交锻炼报告"),
    "cultivation.practice_evaluation.submitted": _("接收方评价挂职人员"),
}
FIELDS = {
    "assignment": _("实践锻炼"),
    "period": _("报告期"),
    "grade": _("评价等次"),
}
