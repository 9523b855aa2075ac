"""The practice assignment list's filters, shared by the page, its export and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qingmiao.accounts import scoping
from qingmiao.accounts.models import User
from qingmiao.accounts.roles import Role
from qingmiao.cadres.filters import search_q
from qingmiao.cadres.models import OrgUnit
from qingmiao.selection.filters import _prefixed
from qingmiao.selection.models import Program

from ..models import PracticeAssignment


class AssignmentFilter(django_filters.FilterSet):
    """Choices (program, unit, host contact) are limited to what the user may see, so an id
    outside the scope is refused like an unknown one. `status` is the status as the dates give
    it (the `state` the selector annotates)."""

    q = django_filters.CharFilter(label=_("姓名/拼音"), method="filter_q")
    kind = django_filters.ChoiceFilter(label=_("锻炼类型"), choices=PracticeAssignment.Kind.choices)
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=PracticeAssignment.Status.choices, field_name="state"
    )
    program = django_filters.ModelChoiceFilter(label=_("培养项目"), queryset=Program.objects.none())
    unit = django_filters.ModelChoiceFilter(
        label=_("干部单位"), queryset=OrgUnit.objects.none(), method="filter_unit"
    )
    host = django_filters.CharFilter(label=_("接收单位"), method="filter_host")
    host_contact = django_filters.ModelChoiceFilter(
        label=_("接收方联系人"), queryset=User.objects.none()
    )
    full_time = django_filters.BooleanFilter(label=_("脱产"))
    start_from = django_filters.DateFilter(
        label=_("起始日期（起）"), field_name="end_date", lookup_expr="gte"
    )
    start_to = django_filters.DateFilter(
        label=_("起始日期（止）"), field_name="start_date", lookup_expr="lte"
    )
    sort = django_filters.OrderingFilter(
        fields=(
            ("start_date", "start"),
            ("end_date", "end"),
            ("cadre__name_pinyin", "name"),
            ("kind", "kind"),
            ("host_name", "host"),
            ("cadre__unit__path", "unit"),
        ),
    )

    class Meta:
        model = PracticeAssignment
        fields = ["q", "kind", "status", "program", "unit", "host", "host_contact", "full_time"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["program"].queryset = scoping.visible(user, Program)
            self.filters["unit"].queryset = scoping.visible(user, OrgUnit)
            self.filters["host_contact"].queryset = User.objects.filter(role=Role.HOST)

    def filter_q(self, queryset, name, value):
        return queryset.filter(_prefixed(search_q(value), "cadre__"))

    def filter_unit(self, queryset, name, value: OrgUnit):
        subtree = OrgUnit.objects.filter(path__startswith=value.path).values("pk")
        return queryset.filter(cadre__unit__in=subtree)

    def filter_host(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(host_name__icontains=value) | Q(host_unit__name__icontains=value))
