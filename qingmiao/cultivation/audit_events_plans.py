"""Audit event names of the new-recruit plans area."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "cultivation.plan_template.saved": _("保存培养计划模板"),
    "cultivation.plans.created": _("批量生成培养计划"),
    "cultivation.milestone.done": _("填报培养节点完成情况"),
    "cultivation.milestone.confirmed": _("确认培养节点"),
    "cultivation.milestone.returned": _("退回培养节点"),
}

FIELDS = {
    "created": _("生成数"),
    "skipped": _("已有计划而跳过"),
    "without_hire_date": _("无入职日期而跳过"),
    "milestones": _("培养节点"),
    "reason": _("理由"),
}
