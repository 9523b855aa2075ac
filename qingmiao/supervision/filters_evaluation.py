"""The evaluation and appraisal lists' filters, shared by pages, exports and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from qingmiao.accounts import scoping
from qingmiao.cadres.models import Appraisal, OrgUnit

from .models import AppraisalProposal, Evaluation


class EvaluationFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("年度"))
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=Evaluation.Kind.choices)
    q = django_filters.CharFilter(label=_("测评名称"), field_name="title", lookup_expr="icontains")
    sort = django_filters.OrderingFilter(fields=(("opens_at", "opens"), ("title", "title")))

    class Meta:
        model = Evaluation
        fields = ["year", "kind", "q"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class ProposalFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("年度"))
    unit = django_filters.ModelChoiceFilter(label=_("单位"), queryset=OrgUnit.objects.none())
    grade = django_filters.ChoiceFilter(label=_("考核等次"), choices=Appraisal.Result.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=AppraisalProposal.Status.choices)
    q = django_filters.CharFilter(label=_("姓名"), field_name="cadre__name", lookup_expr="contains")
    sort = django_filters.OrderingFilter(
        fields=(("cadre__name_pinyin", "name"), ("grade", "grade"), ("unit__path", "unit"))
    )

    class Meta:
        model = AppraisalProposal
        fields = ["year", "unit", "grade", "status", "q"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["unit"].queryset = scoping.visible(user, OrgUnit).order_by("path")
