"""How the audit log names the events of 管 · the growth record (成长纪实档案)
timeline, fitness reviews (适岗情况与能力水平分析), the record as .docx and PDF.
"""

from django.utils.translation import gettext_lazy as _

EVENTS: dict = {
    "supervision.fitness_schedule.saved": _("设置适岗分析周期"),
    "supervision.fitness_review.recorded": _("录入适岗情况与能力水平分析"),
    "supervision.growth_record.exported": _("导出成长纪实档案"),
}
FIELDS: dict = {
    "format": _("文件格式"),
    "opened": _("新开启的分析"),
}
