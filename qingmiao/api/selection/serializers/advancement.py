"""Representations of advancement decisions."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from qingmiao.selection.models import (
    AdvancementDecision,
    AdvancementResult,
    AdvancementRule,
)
from qingmiao.selection.models.stage import AggregationMethod


class AdvancementOverrideSerializer(serializers.Serializer):
    advanced = serializers.BooleanField()
    reason = serializers.CharField(max_length=300, allow_blank=True, required=False, default="")


class AdvancementConfirmSerializer(serializers.Serializer):
    overrides = serializers.DictField(
        child=AdvancementOverrideSerializer(),
        required=False,
        default=dict,
        help_text=gettext_lazy(
            "与按规则得出的结果不同的考生：以关卡考生 id（entry）为键，调整须填写理由。"
        ),
    )
    note = serializers.CharField(allow_blank=True, required=False, default="")

    def validate_overrides(self, value):
        if any(not key.isdigit() or len(key) > 18 for key in value):
            raise serializers.ValidationError(_("调整的考生不属于该关卡。"))
        return {int(key): (o["advanced"], o["reason"]) for key, o in value.items()}


class AdvancementResultSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="entry.code")
    name = serializers.CharField(source="entry.application.cadre.name")
    unit_name = serializers.CharField(source="entry.application.cadre.unit.name")
    adjusted = serializers.BooleanField(help_text=gettext_lazy("最终结果与按规则得出的不同。"))

    class Meta:
        model = AdvancementResult
        fields = [
            "entry", "code", "name", "unit_name", "rank", "score", "proposed", "advanced",
            "adjusted", "reason",
        ]  # fmt: skip
        read_only_fields = fields


class DecisionWarningSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.DictField()


class AdvancementDecisionSerializer(serializers.ModelSerializer):
    decided_by = serializers.IntegerField(source="decided_by_id")
    decided_by_name = serializers.CharField(source="decided_by.display_name")
    method_name = serializers.SerializerMethodField()
    rule_name = serializers.SerializerMethodField()
    warnings = DecisionWarningSerializer(many=True)
    advanced_count = serializers.SerializerMethodField()
    results = AdvancementResultSerializer(many=True, source="result_rows")

    class Meta:
        model = AdvancementDecision
        fields = [
            "id", "stage", "decided_by", "decided_by_name", "decided_at", "method",
            "method_name", "rule", "rule_name", "rule_value", "note", "warnings",
            "advanced_count", "results",
        ]  # fmt: skip
        read_only_fields = fields

    def get_method_name(self, decision) -> str:
        if decision.method in AggregationMethod.values:
            return str(AggregationMethod(decision.method).label)
        return decision.method

    def get_rule_name(self, decision) -> str:
        if decision.rule in AdvancementRule.values:
            return str(AdvancementRule(decision.rule).label)
        return decision.rule

    def get_advanced_count(self, decision) -> int:
        return sum(1 for r in decision.result_rows if r.advanced)
