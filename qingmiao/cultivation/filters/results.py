"""The results lists' filters (deliverables, investment, problems), shared by pages and API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qingmiao.accounts import scoping
from qingmiao.selection.models import Program

from ..models import Deliverable, DeliverableOutcome, InvestmentRecord, ProblemSolved, Team


class _ResultFilter(django_filters.FilterSet):
    program = django_filters.ModelChoiceFilter(label=_("培养项目"), queryset=Program.objects.none())
    team = django_filters.ModelChoiceFilter(label=_("调研组"), queryset=Team.objects.none())
    year = django_filters.NumberFilter(label=_("年度"), method="filter_year")
    q = django_filters.CharFilter(label=_("关键词"), method="filter_q")
    date_field = "date"
    text_fields: tuple[str, ...] = ()

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["program"].queryset = scoping.visible(user, Program)
            self.filters["team"].queryset = scoping.visible(user, Team).order_by("name")

    def filter_year(self, queryset, name, value):
        return queryset.filter(**{f"{self.date_field}__year": int(value)})

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        q = Q()
        for f in self.text_fields:
            q |= Q(**{f"{f}__icontains": value})
        return queryset.filter(q)


class DeliverableFilter(_ResultFilter):
    kind = django_filters.ChoiceFilter(label=_("成果类型"), choices=Deliverable.Kind.choices)
    outcome = django_filters.ChoiceFilter(
        label=_("成效"),
        choices=[*DeliverableOutcome.Kind.choices, ("none", _("尚无成效"))],
        method="filter_outcome",
    )
    sort = django_filters.OrderingFilter(
        fields=(("submitted_on", "date"), ("title", "title"), ("kind", "kind"))
    )
    date_field = "submitted_on"
    text_fields = ("title", "summary")

    class Meta:
        model = Deliverable
        fields = ["program", "kind", "team"]

    def filter_outcome(self, queryset, name, value):
        if value == "none":
            return queryset.exclude(pk__in=DeliverableOutcome.objects.values("deliverable_id"))
        return queryset.filter(
            pk__in=DeliverableOutcome.objects.filter(kind=value).values("deliverable_id")
        )


class InvestmentFilter(_ResultFilter):
    stage = django_filters.ChoiceFilter(label=_("进展"), choices=InvestmentRecord.Stage.choices)
    sort = django_filters.OrderingFilter(
        fields=(
            ("date", "date"),
            ("enterprise_name", "name"),
            ("registered_capital", "capital"),
            ("stage", "stage"),
        )
    )
    text_fields = ("enterprise_name", "credit_code", "industry")

    class Meta:
        model = InvestmentRecord
        fields = ["program", "stage", "team"]


class ProblemFilter(_ResultFilter):
    beneficiary_kind = django_filters.ChoiceFilter(
        label=_("受益方类型"), choices=ProblemSolved.BeneficiaryKind.choices
    )
    sort = django_filters.OrderingFilter(fields=(("date", "date"), ("title", "title")))
    text_fields = ("title", "beneficiary", "outcome")

    class Meta:
        model = ProblemSolved
        fields = ["program", "team", "beneficiary_kind"]
