"""Mentoring's list filters, one per resource, shared by the pages and the API. Choices (the
program, the role) are limited to what the user may see."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qingmiao.accounts import scoping
from qingmiao.cadres.filters import search_q
from qingmiao.selection.filters import _prefixed
from qingmiao.selection.models import Program

from ..models import MentoringLog, MentorPair, MentorProfile, MentorRole

YES_NO = (("1", _("是")), ("0", _("否")))


def _mentor_name_q(value: str, prefix: str) -> Q:
    return Q(**{f"{prefix}full_name__icontains": value}) | Q(
        **{f"{prefix}username__icontains": value}
    )


class _Scoped(django_filters.FilterSet):
    def __init__(self, data=None, *args, user=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        if user is not None:
            if "program" in self.filters:
                self.filters["program"].queryset = scoping.visible(user, Program).order_by("pk")
            if "role" in self.filters:
                self.filters["role"].queryset = scoping.visible(user, MentorRole)


class PairFilter(_Scoped):
    program = django_filters.ModelChoiceFilter(label=_("培养项目"), queryset=Program.objects.none())
    role = django_filters.ModelChoiceFilter(label=_("导师类别"), queryset=MentorRole.objects.none())
    status = django_filters.ChoiceFilter(label=_("状态"), choices=MentorPair.Status.choices)
    quiet = django_filters.ChoiceFilter(
        label=_("长期未帮带"), choices=YES_NO, method="filter_quiet"
    )
    run = django_filters.NumberFilter(field_name="run_id", label=_("匹配方案"))
    q = django_filters.CharFilter(label=_("学员"), method="filter_q")
    mentor = django_filters.CharFilter(label=_("导师"), method="filter_mentor")

    class Meta:
        model = MentorPair
        fields: list[str] = []

    def filter_quiet(self, queryset, name, value):
        return queryset.filter(is_quiet=value == "1")

    def filter_q(self, queryset, name, value):
        return (
            queryset.filter(_prefixed(search_q(value), "mentee__")) if value.strip() else queryset
        )

    def filter_mentor(self, queryset, name, value):
        return (
            queryset.filter(_mentor_name_q(value.strip(), "mentor__"))
            if value.strip()
            else queryset
        )


class LogFilter(_Scoped):
    program = django_filters.ModelChoiceFilter(
        label=_("培养项目"), field_name="pair__program", queryset=Program.objects.none()
    )
    mode = django_filters.ChoiceFilter(label=_("方式"), choices=MentoringLog.Mode.choices)
    confirmed = django_filters.ChoiceFilter(
        label=_("已确认"), choices=YES_NO, method="filter_confirmed"
    )
    date_from = django_filters.DateFilter(label=_("起始日期"), field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("截止日期"), field_name="date", lookup_expr="lte")
    q = django_filters.CharFilter(label=_("学员"), method="filter_q")
    pair = django_filters.NumberFilter(field_name="pair_id", label=_("导师结对"))

    class Meta:
        model = MentoringLog
        fields: list[str] = []

    def filter_confirmed(self, queryset, name, value):
        return queryset.filter(confirmed_at__isnull=value != "1")

    def filter_q(self, queryset, name, value):
        if not value.strip():
            return queryset
        return queryset.filter(_prefixed(search_q(value), "pair__mentee__"))


class MentorFilter(_Scoped):
    q = django_filters.CharFilter(label=_("姓名"), method="filter_q")
    kind = django_filters.ChoiceFilter(label=_("导师来源"), choices=MentorProfile.Kind.choices)
    active = django_filters.ChoiceFilter(label=_("在任"), choices=YES_NO, method="filter_active")
    specialty = django_filters.CharFilter(
        label=_("专长"), field_name="specialties", lookup_expr="icontains"
    )

    class Meta:
        model = MentorProfile
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        return (
            queryset.filter(_mentor_name_q(value.strip(), "user__")) if value.strip() else queryset
        )

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "1")
