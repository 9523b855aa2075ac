"""Representations of programs, their eligibility rules and the eligibility check."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from qingmiao.accounts import scoping
from qingmiao.cadres.models import CodeItem, CodeTable, OrgUnit, Tag, UnitType
from qingmiao.selection import eligibility
from qingmiao.selection.models import (
    EligibilityRule,
    Program,
    ProgramStatus,
    Track,
)

from ...cadres.serializers import MAX_ID
from ._common import _name, _user


class TrackSerializer(serializers.ModelSerializer):
    class Meta:
        model = Track
        fields = ["id", "name", "description", "sort"]
        read_only_fields = fields


class ProgramSerializer(serializers.ModelSerializer):
    kind_name = _name("kind")
    organizer_name = serializers.CharField(source="organizer.name", read_only=True)
    entry_mode_name = _name("entry_mode")
    status_name = _name("status")
    tracks = TrackSerializer(many=True, read_only=True)

    class Meta:
        model = Program
        fields = [
            "id", "public_id", "name", "kind", "kind_name", "organizer", "organizer_name",
            "description", "partner_institutions", "start_date", "end_date",
            "registration_opens", "registration_closes", "capacity", "entry_mode",
            "entry_mode_name", "status", "status_name", "tracks", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class ProgramWriteSerializer(serializers.ModelSerializer):
    """Creating a program, or changing it (only the fields sent). The status is changed only by
    a transition; the eligibility rule has its own resource."""

    organizer = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.none(),
        error_messages={"does_not_exist": gettext_lazy("只能选择本单位及下属单位作为主办单位。")},
        help_text=gettext_lazy("主办单位 id：本单位或下属单位。"),
    )
    tracks = serializers.ListField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        help_text=gettext_lazy(
            "赛道名称，按显示顺序；不设赛道传空列表。修改时传入完整列表，已有报名的赛道不能删除。"
        ),
    )

    class Meta:
        model = Program
        fields = [
            "name", "kind", "organizer", "description", "partner_institutions", "start_date",
            "end_date", "registration_opens", "registration_closes", "capacity", "entry_mode",
            "tracks",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "request" in self.context:
            self.fields["organizer"].queryset = scoping.visible(_user(self), OrgUnit)

    def validate_tracks(self, value):
        # The same rules as the program form.
        names, seen = [], set()
        for raw in value:
            name = raw.strip()
            if not name:
                continue
            if len(name) > 40:
                raise serializers.ValidationError(_("赛道名称不能超过 40 个字。"))
            if name in seen:
                raise serializers.ValidationError(_("赛道“%(name)s”重复。") % {"name": name})
            seen.add(name)
            names.append(name)
        return names


TRANSITION_TARGETS = (
    ProgramStatus.REGISTRATION_OPEN,
    ProgramStatus.RUNNING,
    ProgramStatus.FINISHED,
)


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in TRANSITION_TARGETS],
        help_text=gettext_lazy(
            "draft → registration_open → running → finished，每步须满足其前提条件。"
        ),
    )


class RequirementSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    required = serializers.CharField()


class EligibilityRuleSerializer(serializers.ModelSerializer):
    """资格条件. Every field left empty asks nothing. PUT replaces the whole rule: a field not
    sent is cleared. The rule can be changed only while the program is a draft."""

    political_statuses = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        required=False,
        queryset=CodeItem.objects.of(CodeTable.POLITICAL),
        help_text=gettext_lazy('GB4762 代码值，如 ["01", "02"]。'),
    )
    political_status_names = serializers.SlugRelatedField(
        source="political_statuses", slug_field="name", many=True, read_only=True
    )
    unit_types = serializers.ListField(
        child=serializers.ChoiceField(choices=UnitType.choices), required=False
    )
    unit_type_names = serializers.ListField(
        source="unit_type_labels", child=serializers.CharField(), read_only=True
    )
    units = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=OrgUnit.objects.none(),
        help_text=gettext_lazy("限定单位 id（含下级单位）。"),
    )
    unit_names = serializers.SlugRelatedField(
        source="units", slug_field="name", many=True, read_only=True
    )
    ranks = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        required=False,
        queryset=CodeItem.objects.of(CodeTable.RANK),
        help_text=gettext_lazy("职务职级代码值。"),
    )
    rank_names = serializers.SlugRelatedField(
        source="ranks", slug_field="name", many=True, read_only=True
    )
    required_tags = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Tag.objects.all()
    )
    required_tag_names = serializers.SlugRelatedField(
        source="required_tags", slug_field="name", many=True, read_only=True
    )
    min_education_level_name = serializers.CharField(
        source="get_min_education_level_display", read_only=True, allow_null=True
    )
    editable = serializers.SerializerMethodField(
        help_text=gettext_lazy("项目为草稿时才能修改资格条件。")
    )
    requirements = serializers.SerializerMethodField(
        help_text=gettext_lazy("已设置的每一项条件的文字说明，与项目页面相同。")
    )

    PLAIN = (
        "born_from", "born_to", "max_age", "age_reference_date", "min_education_level",
        "min_years_since_hire", "max_years_since_hire",
    )  # fmt: skip
    M2M = ("political_statuses", "units", "ranks", "required_tags")

    class Meta:
        model = EligibilityRule
        fields = [
            "program", "born_from", "born_to", "max_age", "age_reference_date",
            "min_education_level", "min_education_level_name", "political_statuses",
            "political_status_names", "unit_types", "unit_type_names", "units", "unit_names",
            "min_years_since_hire", "max_years_since_hire", "ranks", "rank_names",
            "required_tags", "required_tag_names", "editable", "requirements",
        ]  # fmt: skip
        read_only_fields = ["program"]
        extra_kwargs = {
            "born_from": {"required": False},
            "born_to": {"required": False},
            "max_age": {"required": False},
            "age_reference_date": {"required": False},
            "min_education_level": {"required": False},
            "min_years_since_hire": {"required": False},
            "max_years_since_hire": {"required": False},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "request" in self.context:
            self.fields["units"].child_relation.queryset = scoping.visible(_user(self), OrgUnit)

    def get_editable(self, rule) -> bool:
        return rule.program.status == ProgramStatus.DRAFT

    @extend_schema_field(RequirementSerializer(many=True))
    def get_requirements(self, rule):
        return [
            {"key": key, "label": label, "required": text}
            for key, label, text in eligibility.requirements(rule)
        ]

    def rule_values(self) -> tuple[dict, dict]:
        """(data, m2m) for `services.rule_save`: everything not sent asks nothing."""
        values = self.validated_data
        data = {name: values.get(name) for name in self.PLAIN}
        data["unit_types"] = values.get("unit_types", [])
        m2m = {name: list(values.get(name, [])) for name in self.M2M}
        return data, m2m


class RuleResultSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    ok = serializers.BooleanField()
    required = serializers.CharField(help_text=gettext_lazy("要求"))
    actual = serializers.CharField(help_text=gettext_lazy("本人情况"))


class EligibilitySerializer(serializers.Serializer):
    program = serializers.IntegerField()
    cadre = serializers.IntegerField()
    cadre_name = serializers.CharField()
    eligible = serializers.BooleanField()
    rules = RuleResultSerializer(many=True)


class EligibilityQuerySerializer(serializers.Serializer):
    cadre = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
