"""Forms of 管 · rounds: the scheme (with its dimension rows), opening a round, an inspector's
scores, a host's evaluation, reopening with a reason, nominating. The rules live in the
services; these only shape what was typed."""

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from qingmiao.accounts.models import User
from qingmiao.accounts.roles import Role
from qingmiao.core.errors import apply_errors
from qingmiao.cultivation.models import PracticeAssignment
from qingmiao.selection.models import Program

from .models import Round, Scheme

DIMENSION_ROWS = 8
_TEXT = {"class": "form-control"}
_SMALL = {"class": "form-control form-control-sm"}


class SchemeForm(forms.Form):
    name = forms.CharField(label=_("方案名称"), max_length=100, widget=forms.TextInput(_TEXT))
    scale_min = forms.DecimalField(label=_("最低分"), widget=forms.NumberInput(_SMALL))
    scale_max = forms.DecimalField(label=_("最高分"), widget=forms.NumberInput(_SMALL))
    scale_step = forms.DecimalField(label=_("计分步长"), widget=forms.NumberInput(_SMALL))
    weight_task = forms.DecimalField(label=_("任务完成情况"), widget=forms.NumberInput(_SMALL))
    weight_host = forms.DecimalField(
        label=_("服务对象（企业）评价"), widget=forms.NumberInput(_SMALL)
    )
    weight_ledger = forms.DecimalField(label=_("台账检查"), widget=forms.NumberInput(_SMALL))
    note = forms.CharField(
        label=_("修订说明"), max_length=200, required=False, widget=forms.TextInput(_TEXT)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(DIMENSION_ROWS):
            self.fields[f"dim_name_{i}"] = forms.CharField(
                label=_("维度名称"), max_length=30, required=False, widget=forms.TextInput(_SMALL)
            )
            self.fields[f"dim_weight_{i}"] = forms.DecimalField(
                label=_("权重"), required=False, widget=forms.NumberInput(_SMALL)
            )
            self.fields[f"dim_descriptors_{i}"] = forms.CharField(
                label=_("分档说明"),
                required=False,
                widget=forms.Textarea({**_SMALL, "rows": 2}),
            )

    @staticmethod
    def initial_of(scheme: Scheme) -> dict:
        v = scheme.current
        initial = {"name": scheme.name}
        for f in ("scale_min", "scale_max", "scale_step", "weight_task", "weight_host",
                  "weight_ledger"):  # fmt: skip
            initial[f] = getattr(v, f).normalize()
        for i, d in enumerate(v.dimensions.order_by("order")):
            initial |= {f"dim_name_{i}": d.name, f"dim_weight_{i}": d.weight.normalize(),
                        f"dim_descriptors_{i}": d.descriptors}  # fmt: skip
        return initial

    def rows(self):
        return [
            (self[f"dim_name_{i}"], self[f"dim_weight_{i}"], self[f"dim_descriptors_{i}"])
            for i in range(DIMENSION_ROWS)
        ]

    def to_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("dim_")}
        data["dimensions"] = [
            {
                "name": self.cleaned_data.get(f"dim_name_{i}") or "",
                "weight": self.cleaned_data.get(f"dim_weight_{i}"),
                "descriptors": self.cleaned_data.get(f"dim_descriptors_{i}") or "",
            }
            for i in range(DIMENSION_ROWS)
        ]
        return data

    def apply(self, exc: ValidationError) -> None:
        """The service names a dimension row `dimensions.<i>.<field>`; here it is a field."""
        if hasattr(exc, "error_dict"):
            renamed = {}
            for key, errors in exc.error_dict.items():
                m = re.fullmatch(r"dimensions\.(\d+)\.(\w+)", key)
                renamed[f"dim_{m[2]}_{m[1]}" if m else key] = errors
            exc = ValidationError(renamed)
        apply_errors(self, exc)


class MonthField(forms.DateField):
    """A month typed as 2026-03 (the browser's month input)."""

    widget = forms.DateInput(attrs={"type": "month", "class": "form-control"})
    input_formats = ["%Y-%m"]

    def prepare_value(self, value):
        return value.strftime("%Y-%m") if isinstance(value, date) else value


class RoundForm(forms.Form):
    title = forms.CharField(label=_("考察名称"), max_length=100, widget=forms.TextInput(_TEXT))
    cohort = forms.CharField(
        label=_("考察对象"),
        max_length=100,
        widget=forms.TextInput(_TEXT),
        help_text=_("同一批对象逐月考察时名称保持一致，排名变化和累计排名按此衔接。"),
    )
    month = MonthField(label=_("考察月份"))
    scheme = forms.ModelChoiceField(
        label=_("考察方案"),
        queryset=Scheme.objects.none(),
        widget=forms.Select({"class": "form-select"}),
    )
    source = forms.ChoiceField(
        label=_("对象来源"), choices=Round.Source.choices, widget=forms.RadioSelect
    )
    program = forms.ModelChoiceField(
        label=_("培养项目"),
        queryset=Program.objects.none(),
        required=False,
        widget=forms.Select({"class": "form-select"}),
    )
    practice_kind = forms.ChoiceField(
        label=_("锻炼类型"),
        choices=[("", "—"), *PracticeAssignment.Kind.choices],
        required=False,
        widget=forms.Select({"class": "form-select"}),
    )
    cadres = forms.CharField(
        label=_("逐个选定的干部"),
        required=False,
        widget=forms.Textarea({**_TEXT, "rows": 2}),
        help_text=_("填写干部姓名，以逗号或换行分隔。"),
    )
    inspectors = forms.ModelMultipleChoiceField(
        label=_("考察组成员"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    asks_host = forms.BooleanField(
        label=_("请接收方（服务对象、企业）评价"), required=False, initial=True
    )

    def __init__(self, *args, user, schemes, programs, cadres, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self._cadres = cadres
        self.fields["scheme"].queryset = schemes
        self.fields["program"].queryset = programs
        self.fields["inspectors"].queryset = User.objects.filter(
            role=Role.INSPECTOR, is_active=True
        ).order_by("username")
        self.fields["inspectors"].label_from_instance = lambda u: u.full_name or u.username

    def clean_cadres(self):
        names = [
            n.strip() for n in re.split(r"[,，、\s]+", self.cleaned_data["cadres"]) if n.strip()
        ]
        if not names:
            return []
        found = list(self._cadres.filter(name__in=names))
        missing = sorted(set(names) - {c.name for c in found})
        if missing:
            raise ValidationError(_("没有找到这些干部：%(names)s") % {"names": "、".join(missing)})
        return found


class HostForm(forms.Form):
    host_score = forms.CharField(
        label=_("评分"), widget=forms.NumberInput({**_TEXT, "step": "any", "inputmode": "decimal"})
    )
    host_note = forms.CharField(
        label=_("评价意见"), required=False, widget=forms.Textarea({**_TEXT, "rows": 3})
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("重新开启的理由"), max_length=300, widget=forms.TextInput(_TEXT)
    )


class NominateForm(forms.Form):
    reason = forms.CharField(label=_("推荐理由"), max_length=300, widget=forms.TextInput(_SMALL))
    cumulative = forms.BooleanField(label=_("按累计排名"), required=False)


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("现场照片"), required=False)


class ScoreForm(forms.Form):
    """One field per dimension of the round's scheme version, with its note; the ledger check;
    the notes on task completion. The scale is checked by the service (one message each)."""

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        version = member.round.version
        self.dimensions = list(version.dimensions.all())
        given = {s.dimension_id: s for s in member.scores.all()}
        number = {**_TEXT, "inputmode": "decimal", "step": str(version.scale_step),
                  "min": str(version.scale_min), "max": str(version.scale_max)}  # fmt: skip
        for d in self.dimensions:
            self.fields[f"score_{d.pk}"] = forms.CharField(
                label=d.name, required=False, widget=forms.NumberInput(number)
            )
            self.fields[f"note_{d.pk}"] = forms.CharField(
                label=_("评分依据"), required=False, max_length=300, widget=forms.TextInput(_TEXT)
            )
            if d.pk in given and not self.is_bound:
                self.initial[f"score_{d.pk}"] = given[d.pk].value.normalize()
                self.initial[f"note_{d.pk}"] = given[d.pk].note
        self.with_ledger = bool(version.weight_ledger)
        if self.with_ledger:
            self.fields["ledger_score"] = forms.CharField(
                label=_("台账检查"), required=False, widget=forms.NumberInput(number)
            )
            self.fields["ledger_note"] = forms.CharField(
                label=_("台账检查情况"), required=False, widget=forms.Textarea({**_TEXT, "rows": 2})
            )
        self.fields["task_note"] = forms.CharField(
            label=_("任务完成情况"), required=False, widget=forms.Textarea({**_TEXT, "rows": 3})
        )
        if not self.is_bound and member.scored_at:
            self.initial |= {
                "ledger_score": member.ledger_score.normalize() if member.ledger_score else "",
                "ledger_note": member.ledger_note,
                "task_note": member.task_note,
            }

    def rows(self):
        return [(d, self[f"score_{d.pk}"], self[f"note_{d.pk}"]) for d in self.dimensions]

    def to_data(self) -> dict:
        c = self.cleaned_data
        return {
            "scores": {d.pk: c.get(f"score_{d.pk}") for d in self.dimensions},
            "notes": {d.pk: c.get(f"note_{d.pk}") for d in self.dimensions},
            "ledger_score": c.get("ledger_score"),
            "ledger_note": c.get("ledger_note", ""),
            "task_note": c.get("task_note", ""),
        }
