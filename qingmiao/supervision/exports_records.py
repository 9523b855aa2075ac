"""What the fitness review list exports: the page's rows, filtered and sorted as shown."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy

from qingmiao.core.export import Column, ListExport

from .filters_records import FitnessFilter
from .models import FitnessReview
from .selectors import fitness as selectors


def fitness_rows(user, query: QueryDict) -> QuerySet:
    filterset = FitnessFilter(query, queryset=selectors.review_queryset(user), user=user)
    if not filterset.is_valid():
        raise ValidationError([e for errors in filterset.errors.values() for e in errors])
    return filterset.qs.order_by(*([] if query.get("sort") else ["due_date", "id"]))


def state_label(review: FitnessReview) -> str:
    if review.status == FitnessReview.Status.DONE:
        return str(gettext_lazy("已分析"))
    if review.due_date < timezone.localdate():
        return str(gettext_lazy("已超期"))
    return str(gettext_lazy("待分析"))


FITNESS_LIST = ListExport(
    key="qingmiao.supervision.exports_records.FITNESS_LIST",
    title=gettext_lazy("适岗情况与能力水平分析"),
    capability="supervision.export_lists",
    queryset=fitness_rows,
    columns=lambda user: [
        Column(gettext_lazy("姓名"), lambda r: r.cadre.name, width=10),
        Column(gettext_lazy("单位"), lambda r: r.cadre.unit.name, width=24),
        Column(
            gettext_lazy("培养项目"),
            lambda r: r.schedule.program.name if r.schedule_id else "",
            width=24,
        ),
        Column(gettext_lazy("分析期间起"), lambda r: r.period_start, width=12),
        Column(gettext_lazy("分析期间止"), lambda r: r.period_end, width=12),
        Column(gettext_lazy("应分析日期"), lambda r: r.due_date, width=12),
        Column(gettext_lazy("状态"), state_label, width=8),
        Column(gettext_lazy("适岗评价"), lambda r: r.get_judgement_display(), width=10),
        Column(gettext_lazy("评价理由"), lambda r: r.reasons, width=40),
        Column(
            gettext_lazy("分析人"),
            lambda r: r.reviewer.display_name if r.reviewer else "",
            width=10,
        ),
    ],
)
