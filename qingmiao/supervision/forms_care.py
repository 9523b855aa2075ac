"""Forms of care (关心关爱): open a case, plan or record a follow-up, unmask with a reason,
mark a cadre by hand, the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CareKind, CareRules, CareStatus, FlagKind

DATE = forms.DateInput(attrs={"type": "date"})


class CaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("关爱措施"), choices=CareKind.choices)
    summary = forms.CharField(label=_("事项"), max_length=100)
    notes = forms.CharField(
        label=_("情况说明"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    owner = forms.ModelChoiceField(label=_("责任人"), queryset=None)
    opened_on = forms.DateField(label=_("开始日期"), widget=DATE, required=False)
    plan = forms.CharField(label=_("第一步跟进内容"), max_length=200, required=False)
    due_on = forms.DateField(label=_("跟进期限"), widget=DATE, required=False)

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda u: u.full_name or u.username


class FollowUpForm(forms.Form):
    # Required by the service, which says so in its own words on the page and in the API.
    plan = forms.CharField(label=_("跟进内容"), max_length=200, required=False)
    due_on = forms.DateField(label=_("跟进期限"), widget=DATE, required=False)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("跟进结果"), choices=[("", "—"), *CareStatus.choices], required=False
    )
    result = forms.CharField(
        label=_("跟进情况"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    done_on = forms.DateField(label=_("完成日期"), widget=DATE, required=False)
    next_plan = forms.CharField(label=_("下一步跟进内容"), max_length=200, required=False)
    next_due_on = forms.DateField(label=_("下次跟进期限"), widget=DATE, required=False)


class UnmaskForm(forms.Form):
    reason = forms.CharField(label=_("查看理由"), max_length=200, required=False)


class FlagForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("关爱类别"), choices=[("", "—"), *FlagKind.choices], required=False
    )
    reason = forms.CharField(label=_("理由"), max_length=200, required=False)


class RulesForm(forms.ModelForm):
    class Meta:
        model = CareRules
        fields = ["local_places", "remote_unit_codes", "recent_years"]
        widgets = {
            "local_places": forms.Textarea(attrs={"rows": 3}),
            "remote_unit_codes": forms.Textarea(attrs={"rows": 3}),
        }
