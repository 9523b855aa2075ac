"""How the audit log names mentoring's events (see qingmiao/accounts/ledger.py)."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "cultivation.mentor_role.created": _("新建导师类别"),
    "cultivation.mentor_role.updated": _("修改导师类别"),
    "cultivation.settings.updated": _("修改培养设置"),
    "cultivation.mentor.created": _("登记导师"),
    "cultivation.mentor.updated": _("修改导师信息"),
    "cultivation.matching.proposed": _("生成导师匹配方案"),
    "cultivation.matching.confirmed": _("确认导师匹配方案"),
    "cultivation.pair.reassigned": _("调整导师结对"),
    "cultivation.log.created": _("填写帮带记录"),
    "cultivation.log.confirmed": _("确认帮带记录"),
    "cultivation.follow_up.done": _("完成跟进事项"),
}

FIELDS = {
    "pair": _("导师结对"),
    "side": _("填写方"),
    "follow_ups": _("跟进事项"),
    "pairs": _("结对数"),
    "mentees": _("学员数"),
    "unplaced": _("未能匹配"),
    "cost": _("匹配总成本"),
    "seconds": _("用时（秒）"),
}
