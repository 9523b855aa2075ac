"""What the care ledger exports: the page's rows (same scope, filters and sort). The notes and
follow-up accounts are never exported (they leave the screen only by one case's unmasking);
the export itself is audited by the export service (core.list.exported, with the filters)."""

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingmiao.core.export import Column, ListExport

from .filters_care import CareCaseFilter
from .models import CareStatus
from .selectors import care as selectors


def ledger_rows(user, query: QueryDict):
    filterset = CareCaseFilter(
        query, queryset=selectors.with_flags(selectors.case_queryset(user)), user=user
    )
    if not filterset.is_valid():
        raise ValidationError([e for errors in filterset.errors.values() for e in errors])
    return filterset.qs


def _flags(case) -> str:
    return "、".join(sorted({f.get_kind_display() for f in case.cadre.care_flags.all()}))


def _overdue(case) -> str:
    late = (
        case.status == CareStatus.ONGOING
        and case.next_due is not None
        and case.next_due < timezone.localdate()
    )
    return str(_("已逾期")) if late else ""


CARE_LEDGER = ListExport(
    key="qingmiao.supervision.exports_care.CARE_LEDGER",
    title=_("关爱台账"),
    capability="supervision.view_care",
    queryset=ledger_rows,
    columns=lambda user: [
        Column(_("姓名"), lambda c: c.cadre.name, width=10),
        Column(_("单位"), lambda c: c.cadre.unit.name, width=24),
        Column(_("关爱类别"), _flags, width=20),
        Column(_("关爱措施"), lambda c: c.get_kind_display(), width=12),
        Column(_("事项"), lambda c: c.summary, width=30),
        Column(_("责任人"), lambda c: c.owner.full_name or c.owner.username, width=10),
        Column(_("开始日期"), lambda c: c.opened_on, width=12),
        Column(_("办理状态"), lambda c: c.get_status_display(), width=10),
        Column(_("下次跟进期限"), lambda c: c.next_due, width=12),
        Column(_("逾期"), _overdue, width=8),
        Column(_("办结日期"), lambda c: c.closed_on, width=12),
    ],
)
