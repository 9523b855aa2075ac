"""The care ledger's filters (关爱台账), shared by the page, its export and the API."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from qingmiao.accounts import scoping
from qingmiao.accounts.models import User
from qingmiao.cadres.models import OrgUnit

from .models import CareCase, CareKind, CareStatus, FlagKind
from .selectors.care import flagged

YES = [("1", _("是"))]


class CareCaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("姓名"), method="filter_q")
    kind = django_filters.ChoiceFilter(label=_("关爱措施"), choices=CareKind.choices)
    status = django_filters.ChoiceFilter(label=_("办理状态"), choices=CareStatus.choices)
    flag = django_filters.ChoiceFilter(
        label=_("关爱类别"), choices=FlagKind.choices, method="filter_flag"
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("单位"), queryset=OrgUnit.objects.none(), method="filter_unit"
    )
    owner = django_filters.ModelChoiceFilter(label=_("责任人"), queryset=User.objects.none())
    mine = django_filters.ChoiceFilter(label=_("我负责的"), choices=YES, method="filter_mine")
    overdue = django_filters.ChoiceFilter(label=_("已逾期"), choices=YES, method="filter_overdue")
    sort = django_filters.OrderingFilter(
        fields=(("opened_on", "opened"), ("next_due", "due"), ("cadre__name_pinyin", "name"))
    )

    class Meta:
        model = CareCase
        fields = ["kind", "status", "owner"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user is not None:
            self.filters["unit"].queryset = scoping.visible(user, OrgUnit).order_by("path")
            owners = scoping.visible(user, CareCase).order_by().values("owner_id")
            self.filters["owner"].queryset = User.objects.filter(pk__in=owners).order_by("username")
        # The form is built on first use: after the scoped choices above.
        self.form.fields["sort"].widget = forms.HiddenInput()

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by("-opened_on", "-id")
        return queryset

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(cadre__name__contains=value) if value else queryset

    def filter_flag(self, queryset, name, value):
        return queryset.filter(flagged(value))

    @extend_schema_field(OpenApiTypes.INT)
    def filter_unit(self, queryset, name, value):
        return queryset.filter(cadre__unit__path__startswith=value.path)

    def filter_mine(self, queryset, name, value):
        return queryset.filter(owner=self.user) if self.user is not None else queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(status=CareStatus.ONGOING, next_due__lt=timezone.localdate())
