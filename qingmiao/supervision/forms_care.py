"""Forms of care (关心关爱): open a case, plan or record a follow-up, unmask with a reason,
mark a cadre by hand, the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CareKind, CareRules, CareStatus, FlagKind

DATE = {"type": "date"}


def _date(label, required=True):
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"), required=required
    )


class Styled:
    """Bootstrap's classes on every widget (small ones in the forms inside a table)."""

    small = False

    def style(self):
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if self.small:
                css += f" {css}-sm"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class CaseForm(Styled, forms.Form):
    kind = forms.ChoiceField(label=_("关爱措施"), choices=CareKind.choices)
    summary = forms.CharField(label=_("事项"), max_length=100)
    notes = forms.CharField(
        label=_("情况说明"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    owner = forms.ModelChoiceField(label=_("责任人"), queryset=None)
    opened_on = _date(_("开始日期"), required=False)
    plan = forms.CharField(label=_("第一步跟进内容"), max_length=200, required=False)
    due_on = _date(_("跟进期限"), required=False)

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda u: u.full_name or u.username
        self.style()


class FollowUpForm(Styled, forms.Form):
    small = True

    # Required by the service, which says so in its own words on the page and in the API.
    plan = forms.CharField(label=_("跟进内容"), max_length=200, required=False)
    due_on = _date(_("跟进期限"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class OutcomeForm(Styled, forms.Form):
    small = True

    outcome = forms.ChoiceField(
        label=_("跟进结果"), choices=[("", "—"), *CareStatus.choices], required=False
    )
    result = forms.CharField(
        label=_("跟进情况"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    done_on = _date(_("完成日期"), required=False)
    next_plan = forms.CharField(label=_("下一步跟进内容"), max_length=200, required=False)
    next_due_on = _date(_("下次跟进期限"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class UnmaskForm(forms.Form):
    reason = forms.CharField(label=_("查看理由"), max_length=200, required=False)


class FlagForm(Styled, forms.Form):
    small = True

    kind = forms.ChoiceField(
        label=_("关爱类别"), choices=[("", _("选择类别")), *FlagKind.choices], required=False
    )
    reason = forms.CharField(label=_("理由"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class RulesForm(Styled, forms.ModelForm):
    class Meta:
        model = CareRules
        fields = ["local_places", "remote_unit_codes", "recent_years"]
        widgets = {
            "local_places": forms.Textarea(attrs={"rows": 3}),
            "remote_unit_codes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()
