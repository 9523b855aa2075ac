"""What mentoring's lists show and export: each list's rows (scope, filters, sort) built once
here, for the page and for the export (in the request or as a job). No list shows an ID
number, so nothing is masked."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from qingmiao.core.export import Column, ListExport

from ..filters.mentoring import LogFilter, MentorFilter, PairFilter
from ..selectors import mentoring as selectors

# sort key → ordering; a leading "-" in the query reverses it.
PAIR_SORTS = {
    "mentee": ("mentee__name_pinyin", "pk"),
    "mentor": ("mentor__full_name", "pk"),
    "role": ("role__sort", "role_id", "pk"),
    "last": ("last_seen", "pk"),
    "status": ("status", "pk"),
}
LOG_SORTS = {"date": ("date", "pk"), "minutes": ("duration_minutes", "pk")}
MENTOR_SORTS = {
    "name": ("user__full_name", "pk"),
    "capacity": ("capacity", "pk"),
    "load": ("load", "pk"),
}


def sorted_by(queryset, sorts: dict, value: str, default: str):
    key = (value or default).lstrip("-")
    if key not in sorts:
        key, value = default.lstrip("-"), default
    fields = sorts[key]
    if (value or default).startswith("-"):
        fields = tuple(f if f == "pk" else f"-{f}" for f in fields)
    return queryset.order_by(*fields)


def _filtered(filter_class, queryset, user, query):
    filterset = filter_class(query, queryset=queryset, user=user)
    if not filterset.is_valid():
        raise ValidationError([e for errors in filterset.errors.values() for e in errors])
    return filterset


def pair_filterset(user, query):
    return PairFilter(query, queryset=selectors.pair_queryset(user), user=user)


def pair_list_queryset(user, query: QueryDict) -> QuerySet:
    filterset = _filtered(PairFilter, selectors.pair_queryset(user), user, query)
    return sorted_by(filterset.qs, PAIR_SORTS, query.get("sort", ""), "mentee")


def log_list_queryset(user, query: QueryDict) -> QuerySet:
    filterset = _filtered(LogFilter, selectors.log_queryset(user), user, query)
    return sorted_by(filterset.qs, LOG_SORTS, query.get("sort", ""), "-date")


def mentor_list_queryset(user, query: QueryDict) -> QuerySet:
    filterset = _filtered(MentorFilter, selectors.mentor_queryset(user), user, query)
    return sorted_by(filterset.qs, MENTOR_SORTS, query.get("sort", ""), "name")


def _name(u) -> str:
    return u.full_name or u.username


def _date(d) -> str:
    return d.strftime("%Y.%m.%d") if d else ""


PAIR_LIST = ListExport(
    key="qingmiao.cultivation.exports.mentoring.PAIR_LIST",
    title=_("导师结对"),
    capability="cultivation.export_records",
    queryset=pair_list_queryset,
    columns=lambda user: [
        Column(_("学员"), lambda p: p.mentee.name, width=10),
        Column(_("学员单位"), lambda p: p.mentee.unit.name if p.mentee.unit else "", width=24),
        Column(_("培养项目"), lambda p: p.program.name, width=24),
        Column(_("导师类别"), lambda p: p.role.name, width=14),
        Column(_("导师"), lambda p: _name(p.mentor), width=10),
        Column(_("状态"), lambda p: p.get_status_display(), width=8),
        Column(_("结对日期"), lambda p: _date(p.started_on), width=12),
        Column(_("最近帮带"), lambda p: _date(p.last_log_on), width=12),
        Column(_("长期未帮带"), lambda p: _("是") if p.is_quiet else "", width=10),
        Column(_("匹配理由"), lambda p: p.reason, width=40),
    ],
)

LOG_LIST = ListExport(
    key="qingmiao.cultivation.exports.mentoring.LOG_LIST",
    title=_("帮带记录"),
    capability="cultivation.export_records",
    queryset=log_list_queryset,
    columns=lambda user: [
        Column(_("日期"), lambda g: _date(g.date), width=12),
        Column(_("学员"), lambda g: g.pair.mentee.name, width=10),
        Column(_("导师"), lambda g: _name(g.pair.mentor), width=10),
        Column(_("导师类别"), lambda g: g.pair.role.name, width=14),
        Column(_("方式"), lambda g: g.get_mode_display(), width=10),
        Column(_("主题"), lambda g: g.topic, width=30),
        Column(_("时长（分钟）"), lambda g: g.duration_minutes, width=10),
        Column(_("填写人"), lambda g: _name(g.written_by), width=10),
        Column(_("已确认"), lambda g: _("是") if g.confirmed_at else _("否"), width=8),
        Column(_("跟进事项"), lambda g: g.follow_up_count, width=10),
    ],
)

MENTOR_LIST = ListExport(
    key="qingmiao.cultivation.exports.mentoring.MENTOR_LIST",
    title=_("导师库"),
    capability="cultivation.export_records",
    queryset=mentor_list_queryset,
    columns=lambda user: [
        Column(_("姓名"), lambda m: _name(m.user), width=10),
        Column(_("导师来源"), lambda m: m.get_kind_display(), width=10),
        Column(_("所在单位"), lambda m: m.unit.name if m.unit else m.organization, width=24),
        Column(_("职务"), lambda m: m.title, width=16),
        Column(_("专长领域"), lambda m: m.specialties, width=30),
        Column(_("可担任的导师类别"), lambda m: "、".join(m.role_names or []), width=24),
        Column(_("已带学员"), lambda m: m.load, width=10),
        Column(_("可带学员数"), lambda m: m.capacity, width=10),
        Column(_("在任"), lambda m: _("是") if m.is_active else _("否"), width=6),
    ],
)
