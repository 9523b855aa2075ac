"""Forms of the growth record area: a fitness review's judgement, a programme's schedule."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import FitnessReview


class FitnessReviewForm(forms.Form):
    # Not required here: the service refuses a missing judgement, with the same words on the
    # page and in the API.
    judgement = forms.ChoiceField(
        label=_("适岗评价"),
        choices=FitnessReview.Judgement.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    reasons = forms.CharField(
        label=_("评价理由"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    strengths = forms.CharField(
        label=_("主要优点"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    weaknesses = forms.CharField(
        label=_("不足及改进方向"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ScheduleForm(forms.Form):
    interval_months = forms.IntegerField(label=_("分析周期（月）"), initial=6)
    lead_days = forms.IntegerField(label=_("提前开启天数"), initial=30)
    active = forms.BooleanField(label=_("启用"), required=False, initial=True)
