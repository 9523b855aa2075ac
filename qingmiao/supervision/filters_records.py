"""The fitness review list's filters, shared by the page, the export and the API."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingmiao.accounts import scoping
from qingmiao.cadres.filters import search_q
from qingmiao.cadres.models import OrgUnit
from qingmiao.selection.models import Program

from .models import FitnessReview
from .selectors.fitness import overdue_q

STATES = (("due", _("待分析")), ("overdue", _("已超期")), ("done", _("已分析")))


def _prefixed(q: Q, prefix: str) -> Q:
    out = Q()
    out.connector, out.negated = q.connector, q.negated
    out.children = [
        _prefixed(c, prefix) if isinstance(c, Q) else (prefix + c[0], c[1]) for c in q.children
    ]
    return out


class FitnessFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("姓名/拼音"), method="filter_q")
    program = django_filters.ModelChoiceFilter(
        label=_("培养项目"),
        queryset=Program.objects.none(),
        field_name="schedule__program",
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("单位"),
        queryset=OrgUnit.objects.none(),
        field_name="cadre__unit",
        method="filter_unit",
    )
    state = django_filters.ChoiceFilter(label=_("状态"), choices=STATES, method="filter_state")
    judgement = django_filters.ChoiceFilter(
        label=_("适岗评价"), choices=FitnessReview.Judgement.choices
    )
    year = django_filters.NumberFilter(
        label=_("应分析年度"), field_name="due_date", lookup_expr="year"
    )
    sort = django_filters.OrderingFilter(
        fields=(("due_date", "due"), ("cadre__name_pinyin", "name"), ("cadre__unit__path", "unit"))
    )

    class Meta:
        model = FitnessReview
        fields = ["judgement"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["program"].queryset = scoping.visible(user, Program)
            self.filters["unit"].queryset = scoping.visible(user, OrgUnit).order_by("path")

    def filter_q(self, queryset, name, value):
        return queryset.filter(_prefixed(search_q(value), "cadre__"))

    def filter_unit(self, queryset, name, value):
        subtree = OrgUnit.objects.filter(path__startswith=value.path).values("pk")
        return queryset.filter(cadre__unit__in=subtree)

    def filter_state(self, queryset, name, value):
        today = timezone.localdate()
        if value == "overdue":
            return queryset.filter(overdue_q(today))
        if value == "due":
            return queryset.filter(status=FitnessReview.Status.DUE, due_date__gte=today)
        return queryset.filter(status=FitnessReview.Status.DONE)
