"""Forms of democratic evaluation and annual appraisal (they collect input; the services hold
the rules)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qingmiao.accounts import scoping
from qingmiao.cadres.models import Appraisal, Cadre

from .models import Evaluation
from .models.evaluation import OptionSet, Turnout, VoterType
from .selectors import evaluation as selectors
from .services import evaluation as services

_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_SPLIT = re.compile(r"[\s,，、;；]+")


class Styled:
    def style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(
                widget, forms.RadioSelect | forms.HiddenInput | forms.CheckboxSelectMultiple
            ):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def split_names(text: str) -> list[str]:
    return [t for t in _SPLIT.split(text or "") if t]


class EvaluationForm(Styled, forms.Form):
    title = forms.CharField(label=gettext_lazy("测评名称"), max_length=100)
    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=Evaluation.Kind.choices)
    unit = forms.ModelChoiceField(label=gettext_lazy("组织单位"), queryset=None)
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100)
    subjects = forms.CharField(
        label=gettext_lazy("测评对象"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "填写姓名或档案编号，用逗号、顿号或换行分隔；须是组织单位及下级单位的干部。"
        ),
    )
    questions = forms.CharField(
        label=gettext_lazy("测评内容"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("每行一项；不填即为“总体评价”一项。"),
    )
    option_set = forms.ChoiceField(label=gettext_lazy("评价档次"), choices=OptionSet.choices)
    voter_types = forms.MultipleChoiceField(
        label=gettext_lazy("参评人员类别"),
        choices=VoterType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    opens_at = forms.DateTimeField(label=gettext_lazy("开始时间"), widget=_DATETIME)
    closes_at = forms.DateTimeField(label=gettext_lazy("截止时间"), widget=_DATETIME)
    min_turnout = forms.ChoiceField(
        label=gettext_lazy("最低回收率"),
        choices=Turnout.choices,
        initial=Turnout.TWO_THIRDS,
        help_text=gettext_lazy("收回的票数达到发出票数的这一比例，结果才公布。"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = scoping.visible(user, type(user.org_unit)).order_by("path")
        self.fields["unit"].initial = user.org_unit_id
        self.fields["year"].initial = timezone.localdate().year
        self.style()

    def clean(self):
        data = super().clean()
        unit = data.get("unit")
        if unit is not None and "subjects" in data:
            data["subjects"] = self._cadres(unit, split_names(data["subjects"]))
        data["questions"] = [q.strip() for q in (data.get("questions") or "").splitlines()]
        return data

    def _cadres(self, unit, names):
        pool = scoping.visible(self.user, Cadre).filter(
            unit__path__startswith=unit.path, is_active=True
        )
        ids = [int(n) for n in names if n.isdigit()]
        found = {c.pk: c for c in pool.filter(pk__in=ids)}
        by_name: dict[str, list] = {}
        for c in pool.filter(name__in=[n for n in names if not n.isdigit()]):
            by_name.setdefault(c.name, []).append(c)
        chosen, problems = [], []
        for n in names:
            matches = [found[int(n)]] if n.isdigit() and int(n) in found else by_name.get(n, [])
            if len(matches) == 1:
                if matches[0] not in chosen:
                    chosen.append(matches[0])
            elif not matches:
                problems.append(_("找不到“%(n)s”。") % {"n": n})
            else:
                problems.append(
                    _("有 %(k)s 名干部叫“%(n)s”，请改填档案编号。") % {"k": len(matches), "n": n}
                )
        if problems:
            self.add_error("subjects", " ".join(problems))
        return chosen


class IssueForm(Styled, forms.Form):
    voter_type = forms.ChoiceField(label=gettext_lazy("参评人员类别"), choices=())
    count = forms.IntegerField(
        label=gettext_lazy("张数"), min_value=1, max_value=services.MAX_SLIPS, initial=20
    )

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["voter_type"].choices = [
            (g.voter_type, g.get_voter_type_display()) for g in evaluation.groups.all()
        ]
        self.style()


class SendForm(Styled, forms.Form):
    voter_type = forms.ChoiceField(label=gettext_lazy("参评人员类别"), choices=())
    users = forms.CharField(
        label=gettext_lazy("发送对象"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("填写登录名，用逗号或换行分隔；对方登录后自行领取测评票。"),
    )

    def __init__(self, *args, evaluation, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["voter_type"].choices = [
            (g.voter_type, g.get_voter_type_display()) for g in evaluation.groups.all()
        ]
        self.style()

    def clean_users(self):
        try:
            return selectors.accounts_to_ask(self.user, split_names(self.cleaned_data["users"]))
        except ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["users"]) from None


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("测评码"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"class": "form-control form-control-lg", "autocomplete": "off"}
        ),
    )


class BallotForm(forms.Form):
    """One radio group per subject and question; field names are `answer_key`s."""

    def __init__(self, *args, evaluation, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        choices = evaluation.options()
        unanswered = _("请作出评价。")
        self.groups = []
        for subject in subjects:
            names = []
            for question in evaluation.questions.all():
                key = services.answer_key(subject.pk, question.pk)
                self.fields[key] = forms.ChoiceField(
                    label=question.title,
                    choices=choices,
                    widget=forms.RadioSelect(attrs={"class": "btn-check"}),
                    # The service's words, so the page and the API refuse alike.
                    error_messages={"required": unanswered, "invalid_choice": unanswered},
                )
                names.append(key)
            self.groups.append((subject, names))

    def grouped(self):
        return [(subject, [self[n] for n in names]) for subject, names in self.groups]


class AppraisalRowForm(forms.Form):
    cadre = forms.IntegerField(widget=forms.HiddenInput)
    grade = forms.ChoiceField(
        label=gettext_lazy("考核等次"),
        choices=[("", gettext_lazy("未定")), *Appraisal.Result.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    note = forms.CharField(
        label=gettext_lazy("说明"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )


AppraisalFormSet = formset_factory(AppraisalRowForm, extra=0)


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("考核等次表（.xlsx）"))


class QuotaForm(Styled, forms.Form):
    percent = forms.IntegerField(label=gettext_lazy("优秀比例（%）"), min_value=1, max_value=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()
