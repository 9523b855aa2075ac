"""What the cadre list exports: the page's rows (same scope, filters and sort) and its columns.
The list shows no ID number, so neither does its export: a full number leaves the system only
through one record's unmasking, with a reason."""

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from qingmiao.accounts import scoping
from qingmiao.core.export import Column, ListExport

from . import selectors
from .filters import CadreFilter
from .models import OrgUnit
from .monthdate import format_month


def cadre_list_queryset(user, query: QueryDict):
    """The cadre list's rows exactly as the page builds them (views.cadre_list)."""
    unit = query.get("unit")
    if unit:
        # A unit outside the user's scope is not there at all (404), as everywhere else.
        scoping.get_visible_or_404(user, OrgUnit, pk=unit)
    filterset = CadreFilter(query, queryset=selectors.cadre_queryset(user), user=user)
    if not filterset.is_valid():
        raise ValidationError([e for errors in filterset.errors.values() for e in errors])
    return filterset.qs


def _education(cadre) -> str:
    text = cadre.fulltime_education.form_name if cadre.fulltime_education else ""
    if cadre.fulltime_degree:
        text += f"·{cadre.fulltime_degree.name}"
    return text


def cadre_list_columns(user) -> list[Column]:
    return [
        Column(_("姓名"), lambda c: c.name, width=10),
        Column(_("性别"), lambda c: c.gender.name if c.gender else "", width=6),
        Column(_("出生年月"), lambda c: format_month(c.birth_date), width=10),
        Column(_("年龄"), lambda c: c.age, width=6),
        Column(_("年龄段"), lambda c: c.generation_band, width=8),
        Column(_("学历学位"), _education, width=16),
        Column(
            _("政治面貌"), lambda c: c.political_status.short_name if c.political_status else ""
        ),
        Column(_("单位"), lambda c: c.unit.name, width=24),
        Column(_("职务"), lambda c: c.post, width=28),
        Column(_("职级"), lambda c: c.rank.name if c.rank else "", width=14),
        Column(_("标签"), lambda c: "、".join(t.name for t in c.tags.all()), width=16),
    ]


CADRE_LIST = ListExport(
    key="qingmiao.cadres.exports.CADRE_LIST",
    title=_("干部档案"),
    capability="cadres.export_cadre",
    queryset=cadre_list_queryset,
    columns=cadre_list_columns,
)
