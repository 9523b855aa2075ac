"""The plan list's filters, shared by the page and the API."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingmiao.accounts import scoping
from qingmiao.cadres.filters import search_q
from qingmiao.cadres.models import OrgUnit
from qingmiao.selection.models import Program

from .. import phases
from ..models import GrowthPlan, PlanMilestone


def _prefixed(q: Q, prefix: str) -> Q:
    out = Q()
    out.connector, out.negated = q.connector, q.negated
    out.children = [
        _prefixed(c, prefix) if isinstance(c, Q) else (prefix + c[0], c[1]) for c in q.children
    ]
    return out


class PlanFilter(django_filters.FilterSet):
    program = django_filters.ModelChoiceFilter(label=_("培养项目"), queryset=Program.objects.none())
    unit = django_filters.ModelChoiceFilter(
        label=_("单位"),
        queryset=OrgUnit.objects.none(),
        field_name="cadre__unit",
        method="filter_unit",
    )
    phase = django_filters.ChoiceFilter(
        label=_("培养阶段"), choices=phases.CHOICES, method="filter_phase"
    )
    overdue = django_filters.BooleanFilter(label=_("只看有超期节点的"), method="filter_overdue")
    q = django_filters.CharFilter(label=_("姓名/拼音"), method="filter_q")
    sort = django_filters.OrderingFilter(
        fields=(
            ("start_date", "start"),
            ("cadre__name_pinyin", "name"),
            ("cadre__unit__path", "unit"),
        )
    )

    class Meta:
        model = GrowthPlan
        fields = ["program"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["program"].queryset = scoping.visible(user, Program)
            self.filters["unit"].queryset = scoping.visible(user, OrgUnit).order_by("path")

    def filter_unit(self, queryset, name, value):
        subtree = OrgUnit.objects.filter(path__startswith=value.path).values("pk")
        return queryset.filter(cadre__unit__in=subtree)

    def filter_phase(self, queryset, name, value):
        return queryset.filter(phases.phase_q(value, timezone.localdate()))

    def filter_overdue(self, queryset, name, value):
        late = PlanMilestone.objects.filter(
            done_at__isnull=True, due_date__lt=timezone.localdate()
        ).values("plan_id")
        return queryset.filter(pk__in=late) if value else queryset.exclude(pk__in=late)

    def filter_q(self, queryset, name, value):
        return queryset.filter(_prefixed(search_q(value), "cadre__"))
