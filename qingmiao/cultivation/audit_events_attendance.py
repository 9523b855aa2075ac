"""How the audit log names the attendance area's events (see qingmiao/accounts/ledger.py)."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "cultivation.attendance.roster_saved": _("保存点名考勤"),
    "cultivation.attendance.signed_in": _("扫码或签到码签到"),
    "cultivation.makeup.requested": _("申请补学"),
    "cultivation.makeup.decided": _("审核补学申请"),
    "cultivation.requirement.created": _("新建学时要求"),
    "cultivation.requirement.updated": _("修改学时要求"),
    "cultivation.feedback.submitted": _("提交课程评价"),
}

FIELDS = {
    "created": _("新记录"),
    "changed": _("修改"),
    "session": _("授课安排"),
    "status": _("出勤情况"),
    "minutes_late": _("迟到分钟"),
    "approved": _("是否通过"),
    "note": _("审核意见"),
    "hours": _("学时"),
}
