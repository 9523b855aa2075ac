"""How the audit log names the events of 管 · care (关心关爱): flags, care actions and their
follow-ups, and every view of a care record.
"""

from django.utils.translation import gettext_lazy as _

EVENTS: dict = {
    "supervision.care.rules_updated": _("修改关爱对象认定规则"),
    "supervision.care.flag_set": _("人工标记关爱对象"),
    "supervision.care.flag_cleared": _("取消关爱对象标记"),
    "supervision.care.flags_refreshed": _("重新认定关爱对象"),
    "supervision.care.case_opened": _("登记关爱措施"),
    "supervision.care.follow_up_added": _("添加关爱跟进事项"),
    "supervision.care.follow_up_recorded": _("记录关爱跟进结果"),
    "supervision.care.viewed": _("查看关爱记录"),
    "supervision.care.unmasked": _("查看关爱记录详细情况"),
}
FIELDS: dict = {
    "cases": _("关爱措施"),
    "channel": _("查看途径"),
    "reason": _("理由"),
    "kind": _("类别"),
    "owner": _("责任人"),
    "cadre": _("干部"),
    "follow_up": _("跟进事项"),
    "due_on": _("跟进期限"),
    "outcome": _("跟进结果"),
    "case_status": _("办理状态"),
    "added": _("新增标记"),
    "removed": _("取消标记"),
}
