"""Forms of the attendance area (they collect input; the services hold the rules)."""

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from qingmiao.accounts import scoping
from qingmiao.cadres.models import OrgUnit, Tag
from qingmiao.selection.models import Program

from ..models import Attendance, HourRequirement
from ..uploads import EVIDENCE_LIMITS_TEXT

SCORE_CHOICES = [(i, str(i)) for i in range(1, 6)]


class Styled:
    """Bootstrap's classes on every widget, so templates render fields as they come."""

    def style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.HiddenInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class RosterRowForm(forms.Form):
    cadre = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label=_("出勤情况"),
        choices=[("", _("未记录")), *Attendance.Status.choices],
        required=False,
    )
    minutes_late = forms.IntegerField(
        label=_("迟到分钟"), min_value=0, max_value=1440, required=False
    )
    minutes_early = forms.IntegerField(
        label=_("早退分钟"), min_value=0, max_value=1440, required=False
    )


RosterFormSet = formset_factory(RosterRowForm, extra=0)


class SignInForm(Styled, forms.Form):
    code = forms.CharField(
        label=_("签到码"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class MakeUpForm(Styled, forms.Form):
    session = forms.TypedChoiceField(label=_("授课"), coerce=int)
    how = forms.CharField(
        label=_("补学方式"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("如：观看课程录像并提交学习心得"),
    )
    evidence = forms.FileField(label=_("补学材料"), required=False, help_text=EVIDENCE_LIMITS_TEXT)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.style()
        self.fields["session"].choices = [
            (a.session_id, f"{a.session} · {a.session.starts_at:%Y.%m.%d}") for a in candidates
        ]


class FeedbackForm(Styled, forms.Form):
    content = forms.TypedChoiceField(
        label=_("内容质量"),
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
    )
    delivery = forms.TypedChoiceField(
        label=_("讲授水平"),
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
    )
    organization = forms.TypedChoiceField(
        label=_("组织安排"),
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
    )
    usefulness = forms.TypedChoiceField(
        label=_("学用结合"),
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
    )
    comment = forms.CharField(
        label=_("意见建议"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class DecideForm(forms.Form):
    note = forms.CharField(label=_("审核意见"), max_length=200, required=False)


class RequirementForm(Styled, forms.Form):
    """A plain form (not a ModelForm): the service states the program-or-year rule in words on
    the field, where the model's constraint would only give a generic refusal."""

    name = forms.CharField(label=_("名称"), max_length=80)
    hours = forms.DecimalField(label=_("应修学时"), max_digits=6, decimal_places=1, min_value=0)
    program = forms.ModelChoiceField(
        label=_("培养项目"), queryset=Program.objects.none(), required=False
    )
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)
    unit = forms.ModelChoiceField(
        label=_("适用单位（含下级）"), queryset=OrgUnit.objects.none(), required=False
    )
    tag = forms.ModelChoiceField(label=_("适用标签"), queryset=Tag.objects.none(), required=False)

    def __init__(self, *args, user=None, instance: HourRequirement | None = None, **kwargs):
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    k: getattr(instance, k)
                    for k in ("name", "hours", "program", "year", "unit", "tag")
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = scoping.visible(user, Program).order_by("-start_date")
        self.fields["unit"].queryset = scoping.visible(user, OrgUnit).order_by("path")
        self.fields["tag"].queryset = Tag.objects.order_by("name")
        self.style()
