"""Representations of applications and screening."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from qingmiao.accounts import scoping
from qingmiao.cadres import selectors as cadre_selectors
from qingmiao.cadres.models import Cadre
from qingmiao.selection.models import (
    Application,
    Program,
    Track,
)

from ...cadres.serializers import MAX_ID
from ._common import STATEMENT_MAX, _name, _user
from .programs import RuleResultSerializer


class ApplicantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    gender_name = serializers.CharField(source="gender.name", allow_null=True)
    birth_date = serializers.DateField()
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit.name")
    fulltime_education_name = serializers.CharField(
        source="fulltime_education.name", allow_null=True
    )
    political_status_name = serializers.CharField(source="political_status.name", allow_null=True)


class ApplicationSerializer(serializers.ModelSerializer):
    program_name = serializers.CharField(source="program.name", read_only=True)
    cadre = ApplicantSerializer(read_only=True)
    track_name = serializers.CharField(source="track.name", read_only=True, allow_null=True)
    mode_name = _name("mode")
    status_name = _name("status")
    outcome_name = _name("outcome")
    current_stage_name = serializers.CharField(
        source="current_stage.name", read_only=True, allow_null=True
    )
    eligibility = RuleResultSerializer(
        many=True,
        read_only=True,
        help_text=gettext_lazy("报名时（或按资格条件审查时）逐条核验的结果。"),
    )

    class Meta:
        model = Application
        fields = [
            "id", "program", "program_name", "cadre", "track", "track_name", "mode", "mode_name",
            "statement", "recommended_by", "status", "status_name", "eligibility",
            "screened_at", "screening_reason", "outcome", "outcome_name", "current_stage",
            "current_stage_name", "created_at", "withdrawn_at",
        ]  # fmt: skip
        read_only_fields = fields


class ApplicationCreateSerializer(serializers.Serializer):
    """自主报名 (a cadre: program, track, statement) or 单位推荐 (an officer or administrator:
    also the cadre). Which one is decided by the caller's role, not by the request."""

    program = serializers.PrimaryKeyRelatedField(queryset=Program.objects.none())
    cadre = serializers.PrimaryKeyRelatedField(
        queryset=Cadre.objects.none(),
        required=False,
        error_messages={
            "required": gettext_lazy("请选择要推荐的干部。"),
            "null": gettext_lazy("请选择要推荐的干部。"),
            "does_not_exist": gettext_lazy("只能推荐本单位及下属单位的干部。"),
        },
        help_text=gettext_lazy("推荐的干部 id（单位推荐时必填，自主报名时不传）。"),
    )
    track = serializers.PrimaryKeyRelatedField(
        queryset=Track.objects.none(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": gettext_lazy("所选赛道不属于该项目。")},
        help_text=gettext_lazy("赛道 id；项目设有赛道时必填。"),
    )
    statement = serializers.CharField(
        max_length=STATEMENT_MAX,
        error_messages={
            "required": gettext_lazy("请填写报名陈述。"),
            "blank": gettext_lazy("请填写报名陈述。"),
        },
        help_text=gettext_lazy("报名陈述（单位推荐时为推荐理由），不超过 2000 字。"),
    )

    def __init__(self, *args, recommending: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.recommending = recommending
        if "request" in self.context:
            user = _user(self)
            self.fields["program"].queryset = scoping.visible(user, Program)
            self.fields["track"].queryset = scoping.visible(user, Track)
            self.fields["cadre"].queryset = cadre_selectors.cadre_queryset(user).filter(
                is_active=True
            )
        if recommending:
            self.fields["cadre"].required = True
            message = gettext_lazy("请填写推荐理由。")
            self.fields["statement"].error_messages.update(required=message, blank=message)
        else:
            del self.fields["cadre"]


class ScreenSerializer(serializers.Serializer):
    applications = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        help_text=gettext_lazy("要审查的报名 id。"),
    )
    eligible = serializers.BooleanField(
        required=False, help_text=gettext_lazy("true 为资格审查通过，false 为未通过。")
    )
    reason = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("审查意见；不通过时必填。"),
    )
    by_rules = serializers.BooleanField(
        required=False,
        default=False,
        help_text=gettext_lazy("为 true 时按资格条件一次审查全部待审查的报名，忽略其他字段。"),
    )

    def validate(self, attrs):
        if attrs["by_rules"]:
            return attrs
        errors = {}
        if not attrs.get("applications"):
            errors["applications"] = [_("请先勾选要审查的报名。")]
        if "eligible" not in attrs:
            errors["eligible"] = [self.fields["eligible"].error_messages["required"]]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class ScreenResultSerializer(serializers.Serializer):
    screened = serializers.IntegerField()
    eligible = serializers.IntegerField()
    ineligible = serializers.IntegerField()
