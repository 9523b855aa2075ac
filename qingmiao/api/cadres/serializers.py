"""Representations of the API.

Codes (GB/T 2261.1 性别, GB/T 4762 政治面貌, …) are written and read by their code value, e.g.
`"gender": "1"`; each is accompanied in responses by its name (`"gender_name": "男"`) so that
what a client reads can be sent back unchanged. Units and tags are referred to by id. Dates are
ISO (`1995-05-12`); the month-precision dates of a record are stored as the first of the month.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.settings import api_settings

from qingmiao.cadres.forms import CODE_FIELDS, CadreForm
from qingmiao.cadres.models import (
    Appraisal,
    Cadre,
    CodeItem,
    FamilyMember,
    OrgUnit,
    ResumeEntry,
    RewardPunishment,
)

# --- reference data -------------------------------------------------------------------------


class OrgUnitSerializer(serializers.ModelSerializer):
    unit_type_name = serializers.CharField(source="get_unit_type_display", read_only=True)
    parent = serializers.IntegerField(
        source="parent_pk",
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy("上级单位 id；最上级单位或上级不在你的可见范围内时为 null。"),
    )

    class Meta:
        model = OrgUnit
        fields = [
            "id", "name", "short_name", "code", "unit_type", "unit_type_name", "is_remote",
            "parent", "depth",
        ]  # fmt: skip
        read_only_fields = fields


class CodeItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = CodeItem
        fields = ["table", "code", "name", "short_name", "parent_code", "form_name", "sort"]
        read_only_fields = fields


# --- cadre records: reading -----------------------------------------------------------------


def _code(table: str):
    return serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text=format_lazy("{}: {}", table, gettext_lazy("代码值")),
    )


def _code_name(field: str):
    return serializers.CharField(source=f"{field}.name", read_only=True, allow_null=True)


class CadreListSerializer(serializers.ModelSerializer):
    """One row of the cadre list. It never carries the ID number or anything sensitive."""

    gender = _code("GB2261.1")
    gender_name = _code_name("gender")
    political_status = _code("GB4762")
    political_status_name = _code_name("political_status")
    fulltime_education = _code("GB4658")
    fulltime_education_name = _code_name("fulltime_education")
    fulltime_degree = _code("GB6864")
    fulltime_degree_name = _code_name("fulltime_degree")
    rank = _code("RANK")
    rank_name = _code_name("rank")
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    age = serializers.IntegerField(read_only=True, allow_null=True)
    generation_band = serializers.CharField(read_only=True)
    tag_names = serializers.SlugRelatedField(
        source="tags", slug_field="name", many=True, read_only=True
    )

    class Meta:
        model = Cadre
        fields = [
            "id", "name", "name_pinyin", "gender", "gender_name", "birth_date", "age",
            "generation_band", "political_status", "political_status_name",
            "fulltime_education", "fulltime_education_name", "fulltime_degree",
            "fulltime_degree_name", "unit", "unit_name", "post", "rank", "rank_name", "tags",
            "tag_names", "is_active",
        ]  # fmt: skip
        read_only_fields = fields


class ResumeEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = ResumeEntry
        fields = ["id", "start_date", "end_date", "content"]
        read_only_fields = fields


class FamilyMemberSerializer(serializers.ModelSerializer):
    relation = _code("GB4761")
    relation_name = _code_name("relation")
    political_status = _code("GB4762")
    political_status_name = _code_name("political_status")

    class Meta:
        model = FamilyMember
        fields = [
            "id", "relation", "relation_name", "name", "birth_date", "political_status",
            "political_status_name", "work_unit_post",
        ]  # fmt: skip
        read_only_fields = fields


class RewardPunishmentSerializer(serializers.ModelSerializer):
    kind_name = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = RewardPunishment
        fields = ["id", "kind", "kind_name", "date", "content", "issuer"]
        read_only_fields = fields


class AppraisalSerializer(serializers.ModelSerializer):
    result_name = serializers.CharField(source="get_result_display", read_only=True)

    class Meta:
        model = Appraisal
        fields = ["id", "year", "result", "result_name"]
        read_only_fields = fields


def mask_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if phone else ""


class CadreDetailSerializer(CadreListSerializer):
    """The whole record with its sections (read-only here).

    Sensitive parts follow the caller's role: without `view_sensitive` the ID number and the
    phone are masked and the family members are null. The view passes `show_sensitive` in the
    context and records every unmasked response in the audit log.
    """

    ethnicity = _code("GB3304")
    ethnicity_name = _code_name("ethnicity")
    inservice_education = _code("GB4658")
    inservice_education_name = _code_name("inservice_education")
    inservice_degree = _code("GB6864")
    inservice_degree_name = _code_name("inservice_degree")
    marital_status = _code("GB2261.2")
    marital_status_name = _code_name("marital_status")
    years_since_hire = serializers.IntegerField(read_only=True, allow_null=True)
    sensitive_shown = serializers.SerializerMethodField(
        help_text=gettext_lazy("为 true 时身份证号码、联系电话和家庭成员未脱敏。")
    )
    id_number = serializers.SerializerMethodField(
        help_text=gettext_lazy("身份证号码；无查看敏感信息权限时脱敏（如 110105********1234）。")
    )
    phone = serializers.SerializerMethodField(
        help_text=gettext_lazy("联系电话；无查看敏感信息权限时脱敏。")
    )
    resume_entries = ResumeEntrySerializer(many=True, read_only=True)
    family_members = serializers.SerializerMethodField(
        help_text=gettext_lazy("家庭主要成员及重要社会关系；无查看敏感信息权限时为 null。")
    )
    rewards_punishments = RewardPunishmentSerializer(many=True, read_only=True)
    appraisals = AppraisalSerializer(many=True, read_only=True)

    class Meta(CadreListSerializer.Meta):
        fields = [
            "id", "version", "name", "name_pinyin", "gender", "gender_name", "ethnicity",
            "ethnicity_name", "birth_date", "age", "generation_band", "sensitive_shown",
            "id_number", "native_place", "birthplace", "political_status",
            "political_status_name", "party_join_date", "work_start_date", "hire_date",
            "years_since_hire", "fulltime_education", "fulltime_education_name",
            "fulltime_degree", "fulltime_degree_name", "fulltime_school", "fulltime_major",
            "inservice_education", "inservice_education_name", "inservice_degree",
            "inservice_degree_name", "inservice_school", "inservice_major", "unit", "unit_name",
            "post", "rank", "rank_name", "rank_date", "expertise", "household_registration",
            "marital_status", "marital_status_name", "spouse_location", "phone", "tags",
            "tag_names", "is_active", "created_at", "updated_at", "resume_entries",
            "family_members", "rewards_punishments", "appraisals",
        ]  # fmt: skip
        read_only_fields = fields

    @property
    def show_sensitive(self) -> bool:
        return bool(self.context.get("show_sensitive"))

    def get_sensitive_shown(self, cadre) -> bool:
        return self.show_sensitive

    def get_id_number(self, cadre) -> str:
        return cadre.id_number if self.show_sensitive else cadre.id_number_masked

    def get_phone(self, cadre) -> str:
        return cadre.phone if self.show_sensitive else mask_phone(cadre.phone)

    @extend_schema_field(FamilyMemberSerializer(many=True, allow_null=True))
    def get_family_members(self, cadre):
        if not self.show_sensitive:
            return None
        return FamilyMemberSerializer(cadre.family_members.all(), many=True).data


# --- cadre records: writing -----------------------------------------------------------------


_CODE_HELP = gettext_lazy(
    "代码值，见 GET /api/v1/codes/?table=<代码表>；空字符串或 null 表示清空。"
)


def _code_input(table: str, *, required: bool = False):
    return serializers.CharField(
        required=required,
        allow_blank=not required,
        allow_null=not required,
        help_text=format_lazy("{}: {}", table, _CODE_HELP),
    )


_MONTH_HELP = gettext_lazy("年月：1990-05、1990.05 或 199005；也可写完整日期 1990-05-01。")


def _month_input():
    return serializers.CharField(
        required=False, allow_blank=True, allow_null=True, help_text=_MONTH_HELP
    )


# Ids are 64-bit: a larger number is refused as input rather than sent to the database.
MAX_ID = 2**63 - 1


def _text_input():
    return serializers.CharField(required=False, allow_blank=True, allow_null=True)


def form_errors_to_detail(form) -> dict:
    """A Django form's errors as the API's field → [messages] map, codes kept."""
    detail = {}
    for field, errors in form.errors.as_data().items():
        key = api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field
        detail[key] = [
            ErrorDetail(message, code=error.code or "invalid")
            for error in errors
            for message in error.messages
        ]
    return detail


def _instance_form_data(cadre: Cadre) -> dict:
    """The record as CadreForm data, so that a partial update keeps what it does not send."""
    data = {}
    for name in WRITABLE_FIELDS:
        if name in CODE_FIELDS:
            item = getattr(cadre, name)
            data[name] = item.code if item is not None else ""
        elif name == "unit":
            data[name] = cadre.unit_id
        elif name == "tags":
            data[name] = [tag.pk for tag in cadre.tags.all()]
        elif name == "id_number":
            data[name] = cadre.id_number
        else:
            value = getattr(cadre, name)
            data[name] = "" if value is None else value
    return data


class CadreWriteSerializer(serializers.Serializer):
    """Creating or changing a record's basic information.

    The values are checked by the same form as the record page (`CadreForm`), so a rule, such
    as the ID number's check digit or its agreement with the birth date and gender, cannot
    differ between page and API. Fields not listed here (id, version as a value, name_pinyin,
    created_at, the linked account, …) are read-only: they are ignored when sent. Sections
    (resume, family, …) are not written through this resource.
    """

    name = serializers.CharField(help_text=gettext_lazy("姓名"))
    gender = _code_input("GB2261.1", required=True)
    ethnicity = _code_input("GB3304")
    birth_date = serializers.CharField(
        help_text=gettext_lazy("出生日期：1995-05-12；也可只写年月 1995-05。")
    )
    id_number = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text=gettext_lazy(
            "身份证号码（18 位，旧 15 位自动升位）；空字符串表示清空，不传则不变。"
        ),
    )
    native_place = _text_input()
    birthplace = _text_input()
    political_status = _code_input("GB4762")
    party_join_date = _month_input()
    work_start_date = _month_input()
    hire_date = _month_input()
    fulltime_education = _code_input("GB4658")
    fulltime_degree = _code_input("GB6864")
    fulltime_school = _text_input()
    fulltime_major = _text_input()
    inservice_education = _code_input("GB4658")
    inservice_degree = _code_input("GB6864")
    inservice_school = _text_input()
    inservice_major = _text_input()
    unit = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text=gettext_lazy("工作单位 id（本单位及下属单位）。")
    )
    post = _text_input()
    rank = _code_input("RANK")
    rank_date = _month_input()
    expertise = _text_input()
    household_registration = _text_input()
    marital_status = _code_input("GB2261.2")
    spouse_location = _text_input()
    phone = _text_input()
    tags = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        help_text=gettext_lazy("标签 id 列表；传入即整体替换。"),
    )
    is_active = serializers.BooleanField(
        required=False, help_text=gettext_lazy("在职；新建时默认 true。")
    )
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "修改（PATCH）时必填：读取时得到的 version；记录已被他人修改则返回 409。"
        ),
    )

    def validate(self, attrs):
        instance = self.instance
        if instance is not None and attrs.get("version") is None:
            raise serializers.ValidationError(
                {"version": [_("修改时必须提供读取记录时得到的版本号（version）。")]}
            )
        data = _instance_form_data(instance) if instance is not None else {"is_active": True}
        for key, value in attrs.items():
            data[key] = "" if value is None else value
        form = CadreForm(data=data, instance=instance, user=self.context["request"].user)
        for name in CODE_FIELDS:
            form.fields[name].to_field_name = "code"
        if not form.is_valid():
            raise serializers.ValidationError(form_errors_to_detail(form))
        return {
            "data": form.model_data(),
            "id_number": form.cleaned_data.get("id_number") or "",
            "tags": form.cleaned_data.get("tags"),
            "version": attrs.get("version"),
        }


WRITABLE_FIELDS = tuple(name for name in CadreWriteSerializer._declared_fields if name != "version")
