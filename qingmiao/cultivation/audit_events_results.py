"""Audit event names of the results area."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "cultivation.deliverable.recorded": _("登记调研成果"),
    "cultivation.deliverable.submitted": _("提交调研成果"),
    "cultivation.outcome.recorded": _("登记成果转化"),
    "cultivation.deliverable.updated": _("修改调研成果"),
    "cultivation.outcome.updated": _("修改成果转化情况"),
    "cultivation.investment.recorded": _("登记招商引资"),
    "cultivation.investment.updated": _("更新招商引资"),
    "cultivation.problem.recorded": _("登记破解难题"),
}

FIELDS = {
    "authors": _("执笔人"),
    "cadres": _("干部"),
    "outcome": _("成效"),
    "kind": _("类型"),
}
