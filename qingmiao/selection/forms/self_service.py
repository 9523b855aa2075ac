"""Forms of the self-service pages: applying, recommending, scoring, declaring a conflict.

The forms check the shape of the input; the business rules (registration window, eligibility,
score ranges, deadlines, locking) belong to the services, whose messages are put back onto the
form with `add_service_errors`.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from qingmiao.cadres.forms import MarkInvalidMixin
from qingmiao.cadres.templatetags.qingmiao import plain_number

from ..models import Track

STATEMENT_MAX = 2000


class _ApplicationForm(MarkInvalidMixin, forms.Form):
    """Track (required when the program has tracks) and a statement."""

    track = forms.ModelChoiceField(
        label=_("赛道"),
        queryset=Track.objects.none(),
        required=False,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("请选择赛道。"),
            "invalid_choice": _("所选赛道不属于该项目。"),
        },
    )
    statement = forms.CharField(
        label=_("报名陈述"),
        widget=forms.Textarea(attrs={"rows": 6, "class": "form-control"}),
        max_length=STATEMENT_MAX,
        error_messages={
            "required": _("请填写报名陈述。"),
            "max_length": _("报名陈述不能超过 %(limit_value)d 字（现有 %(show_value)d 字）。"),
        },
    )

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        tracks = Track.objects.filter(program=program).order_by("sort", "id")
        self.fields["track"].queryset = tracks
        self.fields["track"].required = tracks.exists()
        self.fields["track"].widget.attrs["class"] = "form-check-input"
        self.fields["statement"].widget.attrs["maxlength"] = STATEMENT_MAX


class ApplyForm(_ApplicationForm):
    """自主报名."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statement"].help_text = _(
            "请简述您的工作经历、对本项目领域的兴趣和希望得到的锻炼，不超过 2000 字。"
        )


class RecommendForm(_ApplicationForm):
    """单位推荐: the cadre is chosen from the officer's own scope."""

    cadre = forms.ModelChoiceField(
        label=_("推荐干部"),
        queryset=None,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("请选择要推荐的干部。"),
            "invalid_choice": _("只能推荐本单位及下属单位的干部。"),
        },
    )

    def __init__(self, *args, cadres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = cadres
        self.fields["statement"].label = _("推荐理由")
        self.fields["statement"].error_messages["required"] = _("请填写推荐理由。")
        self.fields["statement"].help_text = _("请写明推荐该干部的理由，不超过 2000 字。")


class ScoreSheetForm(forms.Form):
    """One number and one comment per dimension, and an overall comment. The numbers are taken
    as typed: the scoring service checks them against each dimension's range."""

    comment = forms.CharField(
        label=_("总体评语"),
        required=False,
        max_length=STATEMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )

    def __init__(self, *args, dimensions, scores=None, comment="", **kwargs):
        super().__init__(*args, **kwargs)
        self.dimensions = list(dimensions)
        scores = scores or {}
        for dim in self.dimensions:
            score = scores.get(dim.pk)
            self.fields[f"dim_{dim.pk}"] = forms.CharField(
                label=dim.name,
                required=False,
                max_length=20,
                initial=plain_number(score.value) if score else "",
                widget=forms.NumberInput(
                    attrs={
                        "class": "form-control form-control-lg qm-score-input",
                        "inputmode": "decimal",
                        "min": "0",
                        "max": plain_number(dim.max_score),
                        "step": "0.5",
                        "autocomplete": "off",
                    }
                ),
            )
            self.fields[f"note_{dim.pk}"] = forms.CharField(
                label=_("评语"),
                required=False,
                max_length=300,
                initial=score.comment if score else "",
                widget=forms.TextInput(
                    attrs={"class": "form-control", "placeholder": _("评语（可选，不超过 300 字）")}
                ),
            )
        self.fields["comment"].initial = comment

    def rows(self):
        """(dimension, score field, comment field) for the template."""
        return [(d, self[f"dim_{d.pk}"], self[f"note_{d.pk}"]) for d in self.dimensions]

    def values(self) -> dict:
        """What sheet_save takes: {dimension id: (points as typed, comment)}."""
        return {
            d.pk: (self.cleaned_data.get(f"dim_{d.pk}", ""), self.cleaned_data.get(f"note_{d.pk}"))
            for d in self.dimensions
        }


class ConflictForm(MarkInvalidMixin, forms.Form):
    """回避申报: the rater names one of their own candidates (by code under blind review)."""

    entry = forms.TypedChoiceField(
        label=_("考生"),
        coerce=int,
        error_messages={
            "required": _("请选择考生。"),
            "invalid_choice": _("请从您的评分任务中选择考生。"),
        },
    )
    reason = forms.CharField(
        label=_("回避事由"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_("如：近亲属、曾在同一单位共事、存在利益关系等，不超过 200 字。"),
        error_messages={
            "required": _("请填写回避事由。"),
            "max_length": _("回避事由不能超过 %(limit_value)d 字（现有 %(show_value)d 字）。"),
        },
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [("", "—"), *choices]
        self.fields["entry"].widget.attrs["class"] = "form-select form-select-lg"
