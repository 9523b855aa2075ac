"""Forms of the results pages. They collect and type the input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qingmiao.cadres.forms import MarkInvalidMixin
from qingmiao.cadres.models import Cadre

from ..models import Deliverable, DeliverableOutcome, InvestmentRecord, ProblemSolved, Team
from ..uploads import EVIDENCE_LIMITS_TEXT, LIMITS_TEXT

DOCUMENT_ACCEPT = (
    ".pdf,.docx,application/pdf,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
EVIDENCE_ACCEPT = f"{DOCUMENT_ACCEPT},image/jpeg,image/png"


def _date(label):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))


class _Styled(MarkInvalidMixin):
    def style(self):
        for field in self.fields.values():
            w = field.widget
            if isinstance(w, forms.CheckboxSelectMultiple):
                continue
            if isinstance(w, forms.Select):
                w.attrs.setdefault("class", "form-select")
            else:
                w.attrs.setdefault("class", "form-control")


class CadreChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.unit.name}）"


class _Credit(_Styled, forms.Form):
    team = forms.ModelChoiceField(label=_("调研组"), queryset=Team.objects.none(), required=False)

    def __init__(self, *args, teams=None, cadres=None, **kwargs):
        super().__init__(*args, **kwargs)
        if teams is not None:
            self.fields["team"].queryset = teams
        credit = "authors" if "authors" in self.fields else "cadres"
        if cadres is not None:
            self.fields[credit].queryset = cadres
        self.style()


class DeliverableForm(_Credit):
    kind = forms.ChoiceField(label=_("成果类型"), choices=Deliverable.Kind.choices)
    title = forms.CharField(label=_("题目"), max_length=150)
    summary = forms.CharField(
        label=_("内容摘要"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    authors = CadreChoices(
        label=_("执笔人"), queryset=Cadre.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )  # fmt: skip
    submitted_on = _date(_("提交日期"))
    file = forms.FileField(
        label=_("附件"), required=False, help_text=LIMITS_TEXT,
        widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_ACCEPT}),
    )  # fmt: skip
    field_order = ["kind", "title", "summary", "team", "authors", "submitted_on", "file"]


def deliverable_initial(d: Deliverable) -> dict:
    """A deliverable's values to correct it on either form (staff's or the submitter's)."""
    return {
        "kind": d.kind,
        "title": d.title,
        "summary": d.summary,
        "team": d.team_id,
        "authors": [c.pk for c in d.authors.all()],
        "submitted_on": d.submitted_on,
    }


class SubmitForm(_Styled, forms.Form):
    """A cadre submits their team's deliverable (phone)."""

    kind = forms.ChoiceField(label=_("成果类型"), choices=Deliverable.Kind.choices)
    title = forms.CharField(label=_("题目"), max_length=150)
    summary = forms.CharField(
        label=_("内容摘要"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    authors = CadreChoices(
        label=_("执笔人"), queryset=Cadre.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("不选则为本人。"),
    )  # fmt: skip
    submitted_on = _date(_("提交日期"))
    file = forms.FileField(
        label=_("附件"), required=False, help_text=LIMITS_TEXT,
        widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_ACCEPT}),
    )  # fmt: skip

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["authors"].queryset = members
        self.style()


class OutcomeForm(_Styled, forms.Form):
    # Body and evidence are checked by the service, so the page and the API say the same.
    kind = forms.ChoiceField(label=_("成效"), choices=DeliverableOutcome.Kind.choices)
    body = forms.CharField(
        label=_("采纳或转化单位"), max_length=100, required=False,
        help_text=_("如：区政府、区发展改革委、“十五五”规划编制组"),
    )  # fmt: skip
    date = _date(_("日期"))
    evidence = forms.CharField(
        label=_("佐证"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
        help_text=_("如：批示、会议纪要、文件文号、规划章节"),
    )  # fmt: skip
    evidence_file = forms.FileField(
        label=_("佐证材料"), required=False, help_text=EVIDENCE_LIMITS_TEXT,
        widget=forms.ClearableFileInput(attrs={"accept": EVIDENCE_ACCEPT}),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class InvestmentForm(_Credit):
    enterprise_name = forms.CharField(label=_("企业名称"), max_length=120)
    credit_code = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=25,
        required=False,
        help_text=_("18 位，末位为校验位"),
    )
    # Typed as text: the service reads the amount, so a page and the API refuse in one wording.
    registered_capital = forms.CharField(label=_("注册资本（万元）"), max_length=30, required=False)
    industry = forms.CharField(label=_("所属产业"), max_length=60, required=False)
    stage = forms.ChoiceField(label=_("进展"), choices=InvestmentRecord.Stage.choices)
    date = _date(_("日期"))
    cadres = CadreChoices(
        label=_("引进人"), queryset=Cadre.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )  # fmt: skip
    field_order = [
        "enterprise_name", "credit_code", "registered_capital", "industry", "stage", "date",
        "team", "cadres",
    ]  # fmt: skip


class InvestmentStageForm(_Styled, forms.Form):
    stage = forms.ChoiceField(label=_("进展"), choices=InvestmentRecord.Stage.choices)
    date = _date(_("日期"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class ProblemForm(_Credit):
    title = forms.CharField(label=_("难题"), max_length=150)
    beneficiary = forms.CharField(label=_("受益企业或项目"), max_length=120)
    beneficiary_kind = forms.ChoiceField(
        label=_("受益方类型"), choices=ProblemSolved.BeneficiaryKind.choices
    )
    outcome = forms.CharField(label=_("解决成效"), widget=forms.Textarea(attrs={"rows": 3}))
    date = _date(_("解决日期"))
    cadres = CadreChoices(
        label=_("参与干部"), queryset=Cadre.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )  # fmt: skip
    field_order = ["title", "beneficiary", "beneficiary_kind", "outcome", "date", "team", "cadres"]
