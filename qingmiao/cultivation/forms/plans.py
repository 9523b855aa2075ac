"""Forms of the plan pages: templates with their milestones, creating plans for a cohort, a
milestone done (phone), a milestone sent back."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qingmiao.cadres.forms import MarkInvalidMixin
from qingmiao.cadres.models import OrgUnit
from qingmiao.selection.models import Program

from ..models import PlanTemplate
from ..uploads import EVIDENCE_LIMITS_TEXT
from .results import EVIDENCE_ACCEPT

YEARS = [(1, _("第一年")), (2, _("第二年")), (3, _("第三年"))]


def _style(form):
    for field in form.fields.values():
        w = field.widget
        if isinstance(w, forms.CheckboxInput):
            w.attrs.setdefault("class", "form-check-input")
        elif isinstance(w, forms.Select):
            w.attrs.setdefault("class", "form-select form-select-sm")
        else:
            w.attrs.setdefault("class", "form-control form-control-sm")


class TemplateForm(MarkInvalidMixin, forms.Form):
    name = forms.CharField(label=_("模板名称"), max_length=80)
    theme_year1 = forms.CharField(label=_("第一年主题"), max_length=60, initial="跟着干")
    theme_year2 = forms.CharField(label=_("第二年主题"), max_length=60, initial="独立干")
    theme_year3 = forms.CharField(label=_("第三年主题"), max_length=60, initial="成骨干")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class MilestoneRowForm(forms.Form):
    year = forms.TypedChoiceField(label=_("培养年度"), choices=YEARS, coerce=int)
    due_month = forms.IntegerField(label=_("入职后第几个月完成"), min_value=1, max_value=36)
    title = forms.CharField(label=_("节点"), max_length=120)
    evidence_required = forms.BooleanField(label=_("须上传佐证"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


MilestoneRows = forms.formset_factory(MilestoneRowForm, extra=3, max_num=36, validate_max=True)


class CohortForm(MarkInvalidMixin, forms.Form):
    """Who gets a plan: a program's participants or a unit's cadres, hired within dates."""

    template = forms.ModelChoiceField(label=_("计划模板"), queryset=PlanTemplate.objects.none())
    program = forms.ModelChoiceField(
        label=_("培养项目的学员"), queryset=Program.objects.none(), required=False
    )
    unit = forms.ModelChoiceField(
        label=_("或单位（含下属单位）的干部"), queryset=OrgUnit.objects.none(), required=False
    )
    hired_from = forms.DateField(
        label=_("入职日期从"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    hired_to = forms.DateField(
        label=_("入职日期至"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, templates=None, programs=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates
        self.fields["program"].queryset = programs
        self.fields["unit"].queryset = units
        _style(self)

    def clean(self):
        data = super().clean()
        if not data.get("program") and not data.get("unit"):
            raise forms.ValidationError(_("请选择培养项目或单位。"))
        if (
            data.get("hired_from")
            and data.get("hired_to")
            and data["hired_from"] > data["hired_to"]
        ):
            self.add_error("hired_to", _("结束日期不能早于开始日期。"))
        return data


class MilestoneDoneForm(MarkInvalidMixin, forms.Form):
    evidence = forms.CharField(
        label=_("完成情况"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    evidence_file = forms.FileField(
        label=_("佐证材料"), required=False, help_text=EVIDENCE_LIMITS_TEXT,
        widget=forms.ClearableFileInput(attrs={"accept": EVIDENCE_ACCEPT}),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].widget.attrs["class"] = "form-control"
        self.fields["evidence_file"].widget.attrs["class"] = "form-control"


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("退回理由"), max_length=300)
