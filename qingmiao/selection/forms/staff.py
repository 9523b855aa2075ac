"""Forms of the organization department's selection pages: programs, eligibility rules,
stages with their dimensions, screening, raters, the application list's filters."""

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from qingmiao.accounts import scoping
from qingmiao.accounts.roles import Role
from qingmiao.cadres.forms import MarkInvalidMixin
from qingmiao.cadres.models import CodeItem, CodeTable, OrgUnit, Tag, UnitType

from ..models import (
    Dimension,
    EligibilityRule,
    Program,
    Stage,
)
from ..models.stage import AggregationMethod, TieBreak
from ..wording import METHOD_EXPLANATION

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"

# Who may be asked to score a stage.
RATER_ROLES = (Role.RATER, Role.LEADER, Role.MENTOR)

# One line on what each aggregation method does, shown beside the choice.
# The method explanations shown beside the choice; worded once for every page and the API.
METHOD_HELP = METHOD_EXPLANATION


def _style(form: forms.BaseForm) -> None:
    """Bootstrap classes on every widget (checkbox lists keep their own layout)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            continue
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _datetime_field(label, **kwargs):
    return forms.DateTimeField(
        label=label,
        required=False,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        **kwargs,
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return "\u3000" * max(obj.depth - 1, 0) + obj.name


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return "\u3000" * max(obj.depth - 1, 0) + obj.name


class CodeMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


# --- programs ---------------------------------------------------------------------------------


class ProgramForm(MarkInvalidMixin, forms.ModelForm):
    organizer = UnitChoiceField(label=_("主办单位"), queryset=OrgUnit.objects.none())
    registration_opens = _datetime_field(_("报名开始"), help_text=_("留空则发布时开始报名"))
    registration_closes = _datetime_field(_("报名截止"))
    tracks = forms.CharField(
        label=_("赛道"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": _("如：\n智能物联\n生命健康")}),
        help_text=_("每行一个赛道；不设赛道请留空。已有报名的赛道不能删除。"),
    )

    class Meta:
        model = Program
        fields = [
            "name", "kind", "organizer", "description", "partner_institutions", "start_date",
            "end_date", "registration_opens", "registration_closes", "capacity", "entry_mode",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "start_date": _date_widget(),
            "end_date": _date_widget(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizer"].queryset = scoping.visible(user, OrgUnit).order_by("path")
        self.fields["capacity"].widget.attrs["min"] = 0
        if self.instance.pk:
            self.initial.setdefault(
                "tracks", "\n".join(t.name for t in self.instance.tracks.order_by("sort", "id"))
            )
        _style(self)

    def clean_tracks(self) -> list[str]:
        names, seen = [], set()
        for line in self.cleaned_data.get("tracks", "").splitlines():
            name = line.strip()
            if not name:
                continue
            if len(name) > 40:
                raise forms.ValidationError(_("赛道名称不能超过 40 个字。"))
            if name in seen:
                raise forms.ValidationError(_("赛道“%(name)s”重复。") % {"name": name})
            seen.add(name)
            names.append(name)
        return names

    def model_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}


class RuleForm(MarkInvalidMixin, forms.ModelForm):
    """资格条件. Every empty field means 'no requirement'."""

    M2M = ("political_statuses", "units", "ranks", "required_tags")

    political_statuses = CodeMultipleChoiceField(
        label=_("政治面貌"),
        queryset=CodeItem.objects.of(CodeTable.POLITICAL),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    unit_types = forms.MultipleChoiceField(
        label=_("单位类型"),
        choices=UnitType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    units = UnitMultipleChoiceField(
        label=_("限定单位（含下级）"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("按住 Ctrl（Mac 为 ⌘）可多选；不选则不限单位。"),
    )
    ranks = CodeMultipleChoiceField(
        label=_("职务职级"),
        queryset=CodeItem.objects.of(CodeTable.RANK),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    required_tags = forms.ModelMultipleChoiceField(
        label=_("必须具有的标签"),
        queryset=Tag.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = EligibilityRule
        fields = [
            "born_from", "born_to", "max_age", "age_reference_date", "min_education_level",
            "political_statuses", "unit_types", "units", "min_years_since_hire",
            "max_years_since_hire", "ranks", "required_tags",
        ]  # fmt: skip
        widgets = {
            "born_from": _date_widget(),
            "born_to": _date_widget(),
            "age_reference_date": _date_widget(),
        }
        help_texts = {
            "born_from": _("如“90后”：1990-01-01"),
            "age_reference_date": _("留空则按审查当日计算"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = scoping.visible(user, OrgUnit).order_by("path")
        self.fields["min_education_level"].choices = [
            ("", _("不限")),
            *self.fields["min_education_level"].choices[1:],
        ]
        for name in ("max_age", "min_years_since_hire", "max_years_since_hire"):
            self.fields[name].widget.attrs["min"] = 0
        _style(self)

    def model_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in self.M2M}

    def m2m_data(self) -> dict:
        return {k: list(self.cleaned_data.get(k) or []) for k in self.M2M}


# --- screening ----------------------------------------------------------------------------------


class ScreenForm(forms.Form):
    """Bulk 资格审查 of the ticked applications (their ids come as a list `ids`)."""

    DECISIONS = [("eligible", _("资格审查通过")), ("ineligible", _("资格审查未通过"))]

    decision = forms.ChoiceField(label=_("审查结论"), choices=DECISIONS)
    reason = forms.CharField(label=_("审查意见"), max_length=300, required=False)


# --- stages -------------------------------------------------------------------------------------


class StageForm(MarkInvalidMixin, forms.ModelForm):
    aggregation = forms.ChoiceField(
        label=_("计分方法"), choices=AggregationMethod.choices, widget=forms.RadioSelect
    )
    tie_breaks = forms.MultipleChoiceField(
        label=_("同分排序规则"),
        choices=TieBreak.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("同分时按勾选项自上而下依次比较；仍然同分的并列，由人工确定。"),
    )
    rater_roles = forms.MultipleChoiceField(
        label=_("评分角色"),
        choices=[(r.value, r.label) for r in RATER_ROLES],
        widget=forms.CheckboxSelectMultiple,
        initial=[Role.RATER],
    )
    min_credit_hours = forms.DecimalField(
        label=_("最低学时要求（培养模块接入后生效）"),
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=1,
    )
    scoring_opens = _datetime_field(_("评分开始"))
    scoring_closes = _datetime_field(_("评分截止"))

    class Meta:
        model = Stage
        fields = [
            "order", "name", "description", "advancement_rule", "rule_value", "aggregation",
            "tie_breaks", "rater_roles", "raters_per_candidate", "blind", "min_credit_hours",
            "scoring_opens", "scoring_closes",
        ]  # fmt: skip
        help_texts = {
            "rule_value": _("前 N 名填人数，前 X% 填百分比，分数线填百分制分数；人工确定可留空。"),
            "blind": _("评委只看到考生编号，看不到姓名和单位。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            if not self.instance.rater_roles:
                self.initial["rater_roles"] = [Role.RATER]
            if not self.instance.tie_breaks:
                self.initial["tie_breaks"] = [TieBreak.FIRST_DIMENSION, TieBreak.RAW_MEAN]
        chosen = [str(v) for v in self.initial.get("tie_breaks") or []]
        # Checked rules first, in the order they apply; then the others.
        self.fields["tie_breaks"].choices = [
            *((v, TieBreak(v).label) for v in chosen if v in TieBreak.values),
            *((v, label) for v, label in TieBreak.choices if v not in chosen),
        ]
        self.fields["order"].widget.attrs["min"] = 1
        self.fields["raters_per_candidate"].widget.attrs["min"] = 1
        self.method_help = METHOD_HELP
        _style(self)

    def clean_order(self):
        order = self.cleaned_data["order"]
        if order < 1:
            raise forms.ValidationError(_("顺序从 1 开始。"))
        return order

    def clean_tie_breaks(self):
        # In the order the boxes were listed when sent (the page lets them be reordered).
        return list(dict.fromkeys(self.cleaned_data.get("tie_breaks") or []))


class DimensionForm(MarkInvalidMixin, forms.ModelForm):
    class Meta:
        model = Dimension
        fields = ["name", "weight", "max_score"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")
        self.fields["weight"].widget.attrs["step"] = "0.01"


class BaseDimensionFormSet(BaseInlineFormSet):
    """The page's rows; `stage_save` checks the scheme as a whole (ids, duplicate names) and
    saves it, so the page and the API refuse the same things in the same words."""


def dimension_formset(stage: Stage, data=None, *, extra: int = 1):
    formset_class = inlineformset_factory(
        Stage,
        Dimension,
        form=DimensionForm,
        formset=BaseDimensionFormSet,
        extra=extra,
        can_delete=True,
    )
    return formset_class(
        data, instance=stage, prefix="dims", queryset=Dimension.objects.order_by("sort", "id")
    )


# --- raters -------------------------------------------------------------------------------------


class RaterChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class AssignForm(forms.Form):
    raters = RaterChoiceField(
        label=_("评委"), queryset=None, widget=forms.CheckboxSelectMultiple, required=True
    )
    k = forms.IntegerField(label=_("每名考生评委数"), min_value=1, max_value=50)

    def __init__(self, *args, raters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["raters"].queryset = raters
        self.fields["raters"].error_messages["required"] = _("请至少选择一名评委。")
        self.fields["k"].widget.attrs["class"] = "form-control form-control-sm"


class ConflictForm(forms.Form):
    rater = forms.ModelChoiceField(label=_("评委"), queryset=None, empty_label="—")
    entry = forms.ModelChoiceField(label=_("考生"), queryset=None, empty_label="—")
    reason = forms.CharField(
        label=_("回避事由"), max_length=200, widget=forms.TextInput(), required=False
    )

    def __init__(self, *args, raters, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rater"].queryset = raters
        self.fields["rater"].label_from_instance = lambda u: u.display_name
        self.fields["entry"].queryset = entries
        self.fields["entry"].label_from_instance = lambda e: (
            f"{e.code} {e.application.cadre.name}（{e.application.cadre.unit.name}）"
        )
        for name in ("rater", "entry"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["reason"].widget.attrs["class"] = "form-control form-control-sm"


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("重新开放的理由"), max_length=300, required=False)
