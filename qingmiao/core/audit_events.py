"""How the audit log names the shared services' events (see qingmiao/accounts/ledger.py)."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "core.list.exported": _("导出名单"),
    "core.webhook.saved": _("保存群机器人"),
    "core.webhook.enabled": _("启用群机器人"),
    "core.webhook.disabled": _("停用群机器人"),
    "core.webhook.tested": _("发送测试消息"),
    "core.notification.read": _("阅读通知"),
    "core.notification.all_read": _("全部通知标为已读"),
    "core.notification.preferences_saved": _("保存通知设置"),
    "core.delivery.retried": _("重发外发消息"),
}

FIELDS = {
    "deliveries": _("消息"),
}
