"""How the audit log names this app's events and the keys of their details (see ledger.py)."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "accounts.login.succeeded": _("登录成功"),
    "accounts.login.failed": _("登录失败"),
    "accounts.login.locked_out": _("连续登录失败，账户锁定"),
    "accounts.logout": _("退出登录"),
    "accounts.session.expired": _("会话超时退出"),
    "accounts.password.changed": _("修改本人密码"),
    "accounts.password.reset": _("重置用户密码"),
    "accounts.user.created": _("新建用户"),
    "accounts.user.changed": _("修改用户角色、单位或状态"),
    "accounts.user.deactivated": _("停用用户"),
    "accounts.user.reactivated": _("恢复启用用户"),
    "accounts.user.unlocked": _("解锁用户"),
}

FIELDS = {
    "cadre": _("关联干部档案"),
    "cleared": _("清除的失败记录"),
}
