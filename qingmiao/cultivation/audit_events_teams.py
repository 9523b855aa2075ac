"""How the audit log names the teams area's events (see qingmiao/accounts/ledger.py)."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "cultivation.team_settings.saved": _("修改组队设置"),
    "cultivation.team.created": _("学员自主组队"),
    "cultivation.team.formed": _("组织分组"),
    "cultivation.team.updated": _("修改调研组"),
    "cultivation.team.member_added": _("调整组员：加入"),
    "cultivation.team.member_removed": _("调整组员：移出"),
    "cultivation.team_invitation.sent": _("发出组队邀请"),
    "cultivation.team_invitation.accepted": _("接受组队邀请"),
    "cultivation.team_invitation.declined": _("谢绝组队邀请"),
    "cultivation.team_invitation.withdrawn": _("撤回组队邀请"),
    "cultivation.team.leader_changed": _("移交组长"),
    "cultivation.team_task.created": _("布置小组任务"),
    "cultivation.team_task.done": _("完成小组任务"),
}
FIELDS = {
    "team": _("调研组"),
    "members": _("组员"),
    "mentors": _("指导导师"),
    "cadre": _("干部"),
    "program": _("培养项目"),
    "leader": _("组长"),
}
