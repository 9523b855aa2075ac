"""The filters of the rounds list and of the performance list (page and API alike)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Round, RoundMember


class RoundFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=Round.Status.choices)
    year = django_filters.NumberFilter(label=_("年度"), field_name="month", lookup_expr="year")
    cohort = django_filters.CharFilter(label=_("考察对象"), lookup_expr="icontains")

    class Meta:
        model = Round
        fields: list[str] = []

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class RankingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("姓名"), method="filter_q")

    class Meta:
        model = RoundMember
        fields: list[str] = []

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(cadre__name__icontains=value) | queryset.filter(
            cadre__name_pinyin__icontains=value.lower()
        )
