"""How the audit log names the events of 管 · democratic evaluation (民主测评)
with anonymous ballot slips, annual appraisal (年度考核) with the 优秀
quota.
"""

from django.utils.translation import gettext_lazy as _

EVENTS: dict = {
    "supervision.evaluation.created": _("发起民主测评"),
    "supervision.evaluation.closed": _("结束民主测评"),
    "supervision.slips.issued": _("发放测评票"),
    "supervision.slips.sent": _("向指定人员发送测评邀请"),
    "supervision.slip.drawn": _("领取测评票"),
    "supervision.ballot.cast": _("投出测评票"),
    "supervision.appraisal.proposed": _("提出年度考核等次"),
    "supervision.appraisal.imported": _("导入年度考核等次"),
    "supervision.appraisal.confirmed": _("确认年度考核等次"),
    "supervision.appraisal.quota_set": _("设置优秀比例"),
}
FIELDS: dict = {
    "subjects": _("测评对象人数"),
    "voter_types": _("参评人员类别"),
    "voter_type": _("参评人员类别"),
    "count": _("人数或张数"),
    "year": _("年度"),
    "grades": _("考核等次"),
    "rows": _("行数"),
}
