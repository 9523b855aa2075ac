"""Forms of the practice pages: an assignment (staff), a report (the cadre), an evaluation
(the host). They only shape input; the rules live in services/practice.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qingmiao.accounts import scoping
from qingmiao.accounts.models import User
from qingmiao.accounts.roles import Role
from qingmiao.cadres.forms import MarkInvalidMixin
from qingmiao.cadres.models import OrgUnit
from qingmiao.selection.models import Program

from .. import practice_rules
from ..models import HostEvaluation, PracticeAssignment


def style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect):
            continue
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


def date_field(label):
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return "\u3000" * max(obj.depth - 1, 0) + obj.name


class HostChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.username


class AssignmentForm(MarkInvalidMixin, forms.Form):
    program = forms.ModelChoiceField(
        label=_("培养项目"), queryset=Program.objects.none(), required=False, empty_label="—"
    )
    kind = forms.ChoiceField(label=_("锻炼类型"), choices=PracticeAssignment.Kind.choices)
    direction = forms.ChoiceField(
        label=_("方向"),
        choices=PracticeAssignment.Direction.choices,
        help_text=_("挂职为双向：派出到上级机关、发达地区或企业，或接收外来干部。"),
    )
    host_name = forms.CharField(label=_("接收单位或企业"), max_length=100)
    host_unit = UnitChoiceField(
        label=_("接收单位（本区）"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label="—",
    )
    host_contact = HostChoiceField(
        label=_("接收方联系人"),
        queryset=User.objects.none(),
        required=False,
        empty_label="—",
        help_text=_("接收方联系人账号由安全管理员开通，登录后只能看到本单位接收的干部。"),
    )
    place = forms.CharField(label=_("地点"), max_length=100)
    post = forms.CharField(label=_("挂任职务或岗位"), max_length=100, required=False)
    start_date = date_field(_("开始日期"))
    end_date = date_field(_("结束日期"))
    full_time = forms.BooleanField(label=_("脱产"), required=False, initial=True)
    goals = forms.CharField(
        label=_("锻炼目标"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("按起止日期自动确定")), *PracticeAssignment.Status.choices],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = scoping.visible(user, Program).order_by("-start_date")
        self.fields["host_unit"].queryset = scoping.visible(user, OrgUnit).order_by("path")
        self.fields["host_contact"].queryset = User.objects.filter(
            role=Role.HOST, is_active=True
        ).order_by("full_name", "username")
        style(self)


class ReportForm(MarkInvalidMixin, forms.Form):
    period = forms.ChoiceField(label=_("报告期"), choices=())
    content = forms.CharField(
        label=_("工作情况"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("本月做了什么、解决了什么问题、下月打算。"),
    )

    def __init__(self, *args, assignment, taken=frozenset(), **kwargs):
        """`taken`: periods already reported, left out of the choices offered (a period sent
        again is refused by the service, in its words)."""
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [
            (p, practice_rules.period_label(p))
            for p in practice_rules.open_periods(assignment)
            if p not in taken
        ]
        style(self)


class EvaluationForm(MarkInvalidMixin, forms.Form):
    grade = forms.ChoiceField(
        label=_("评价等次"),
        choices=HostEvaluation.Grade.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择评价等次。")},
    )
    strengths = forms.CharField(
        label=_("主要表现"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    improvements = forms.CharField(
        label=_("不足与建议"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)
