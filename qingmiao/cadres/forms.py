from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from qingmiao.accounts import scoping

from . import idcard
from .models import (
    Appraisal,
    Cadre,
    CodeItem,
    CodeTable,
    FamilyMember,
    OrgUnit,
    ResumeEntry,
    RewardPunishment,
    Tag,
)
from .monthdate import MonthDateField

CODE_FIELDS = {
    "gender": CodeTable.GENDER,
    "ethnicity": CodeTable.ETHNICITY,
    "political_status": CodeTable.POLITICAL,
    "fulltime_education": CodeTable.EDUCATION,
    "fulltime_degree": CodeTable.DEGREE,
    "inservice_education": CodeTable.EDUCATION,
    "inservice_degree": CodeTable.DEGREE,
    "rank": CodeTable.RANK,
    "marital_status": CodeTable.MARITAL,
}

MONTH_FIELDS = ("party_join_date", "work_start_date", "hire_date", "rank_date")


class MarkInvalidMixin:
    """Mark fields with errors so Bootstrap shows them red next to their message."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = (widget.attrs.get("class", "") + " is-invalid").strip()
                widget.attrs["aria-invalid"] = "true"


class CodeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class CadreForm(MarkInvalidMixin, forms.ModelForm):
    """Basic information of a cadre record. The ID number is a plain field here: the model
    keeps only its ciphertext and digest."""

    id_number = forms.CharField(
        label=_("身份证号码"), required=False, max_length=20, help_text=_("18 位，末位可为 X")
    )
    birth_date = MonthDateField(label=_("出生年月"), with_day=True)
    tags = forms.ModelMultipleChoiceField(
        label=_("标签"),
        queryset=Tag.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Cadre
        fields = [
            "name", "gender", "ethnicity", "birth_date", "native_place", "birthplace",
            "political_status", "party_join_date", "work_start_date", "hire_date",
            "fulltime_education", "fulltime_degree", "fulltime_school", "fulltime_major",
            "inservice_education", "inservice_degree", "inservice_school", "inservice_major",
            "unit", "post", "rank", "rank_date", "expertise", "household_registration",
            "marital_status", "spouse_location", "phone", "photo", "tags", "is_active",
        ]  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name, table in CODE_FIELDS.items():
            field = self.fields[name]
            self.fields[name] = CodeChoiceField(
                queryset=CodeItem.objects.of(table),
                required=field.required,
                label=field.label,
                empty_label="—",
            )
        for name in MONTH_FIELDS:
            field = self.fields[name]
            self.fields[name] = MonthDateField(label=field.label, required=False)
        self.fields["unit"].queryset = scoping.visible(user, OrgUnit).order_by("path")
        self.fields["unit"].label_from_instance = lambda u: "　" * (u.depth - 1) + u.name
        if self.instance.pk and self.instance.id_number:
            self.initial.setdefault("id_number", self.instance.id_number)
        if self.instance.pk:
            self.initial.setdefault("tags", list(self.instance.tags.all()))
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, initial=self.instance.version, required=False
        )
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        if phone and not phone.replace("-", "").isdigit():
            raise ValidationError(_("联系电话只能包含数字和“-”。"))
        return phone

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "size") and photo.size > settings.PHOTO_MAX_BYTES:
            raise ValidationError(
                _("照片不能超过 %(mb)s MB。") % {"mb": settings.PHOTO_MAX_BYTES // (1024 * 1024)}
            )
        return photo

    def clean(self):
        cleaned = super().clean()
        number = cleaned.get("id_number", "")
        birth = cleaned.get("birth_date")
        if number:
            try:
                number = idcard.validate(number, birth_date=birth)
            except ValidationError as exc:
                self.add_error("id_number", exc)
            else:
                cleaned["id_number"] = number
                gender = cleaned.get("gender")
                if (
                    gender is not None
                    and gender.code in ("1", "2")
                    and idcard.gender_code_of(number) != gender.code
                ):
                    self.add_error("gender", _("性别与身份证号码（第 17 位）不一致。"))
        work_start, hire = cleaned.get("work_start_date"), cleaned.get("hire_date")
        if work_start and hire and hire < work_start:
            self.add_error("hire_date", _("录用时间不能早于参加工作时间。"))
        if birth:
            for name in ("party_join_date", "work_start_date", "hire_date"):
                value = cleaned.get(name)
                if value and value < birth:
                    self.add_error(name, _("不能早于出生年月。"))
        return cleaned

    def model_data(self) -> dict:
        """cleaned_data for the model's own fields (services take plain values)."""
        skip = {"id_number", "tags", "version"}
        data = {k: v for k, v in self.cleaned_data.items() if k not in skip}
        if data.get("photo") is False:  # "clear" ticked
            data["photo"] = ""
        elif data.get("photo") is None:
            data.pop("photo", None)
        return data


class _SectionForm(MarkInvalidMixin, forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name == "DELETE":
                continue
            widget = field.widget
            widget.attrs.setdefault(
                "class",
                "form-select form-select-sm"
                if isinstance(widget, forms.Select)
                else "form-control form-control-sm",
            )


class ResumeEntryForm(_SectionForm):
    start_date = MonthDateField(label=_("起始年月"))
    end_date = MonthDateField(label=_("截止年月"), required=False)

    class Meta:
        model = ResumeEntry
        fields = ["start_date", "end_date", "content"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("截止年月不能早于起始年月。"))
        return cleaned


class FamilyMemberForm(_SectionForm):
    birth_date = MonthDateField(label=_("出生年月"), required=False)
    relation = CodeChoiceField(
        label=_("称谓"), queryset=CodeItem.objects.of(CodeTable.RELATION), empty_label="—"
    )
    political_status = CodeChoiceField(
        label=_("政治面貌"),
        queryset=CodeItem.objects.of(CodeTable.POLITICAL),
        required=False,
        empty_label="—",
    )

    class Meta:
        model = FamilyMember
        fields = ["relation", "name", "birth_date", "political_status", "work_unit_post"]


class RewardPunishmentForm(_SectionForm):
    date = MonthDateField(label=_("时间"))

    class Meta:
        model = RewardPunishment
        fields = ["kind", "date", "content", "issuer"]


class AppraisalForm(_SectionForm):
    class Meta:
        model = Appraisal
        fields = ["year", "result"]

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 1950 <= year <= 2100:
            raise ValidationError(_("年度不合理。"))
        return year


_FORMSET_OPTIONS = {"extra": 1, "can_delete": True}
SECTION_FORMSETS = {
    "resume": inlineformset_factory(Cadre, ResumeEntry, form=ResumeEntryForm, **_FORMSET_OPTIONS),
    "family": inlineformset_factory(Cadre, FamilyMember, form=FamilyMemberForm, **_FORMSET_OPTIONS),
    "rewards": inlineformset_factory(
        Cadre, RewardPunishment, form=RewardPunishmentForm, **_FORMSET_OPTIONS
    ),
    "appraisals": inlineformset_factory(Cadre, Appraisal, form=AppraisalForm, **_FORMSET_OPTIONS),
}
SECTION_TITLES = {
    "resume": _("简历"),
    "family": _("家庭主要成员及重要社会关系"),
    "rewards": _("奖惩情况"),
    "appraisals": _("年度考核结果"),
}
