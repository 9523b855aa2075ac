"""How the audit log names the events of 管 · assessment schemes, monthly
rounds (月度考察) and their scoring, the performance list (实绩清单), the
cadre portrait (干部画像).
"""

from django.utils.translation import gettext_lazy as _

EVENTS: dict = {
    "supervision.scheme.created": _("新建考察方案"),
    "supervision.scheme.updated": _("修改考察方案"),
    "supervision.round.created": _("发起月度考察"),
    "supervision.member.scored": _("考察评分"),
    "supervision.photo.added": _("上传考察现场照片"),
    "supervision.member.host_evaluated": _("接收方评价"),
    "supervision.round.closed": _("结束月度考察"),
    "supervision.round.reopened": _("重新开启月度考察"),
    "supervision.reserve.nominated": _("推荐进入储备库"),
}
FIELDS: dict = {
    "version": _("方案版本"),
    "new_version": _("生成新版本"),
    "dimensions": _("考察维度"),
    "members": _("考察对象人数"),
    "month": _("考察月份"),
    "scores": _("维度得分"),
    "ledger_score": _("台账检查得分"),
    "host_score": _("接收方评分"),
    "photo": _("照片"),
    "unscored": _("未评分人数"),
    "reason": _("理由"),
    "rank": _("名次"),
    "cumulative": _("按累计排名"),
}
