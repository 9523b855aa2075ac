"""Representations of stages and their scoring schemes."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from qingmiao.selection import selectors
from qingmiao.selection.forms.staff import RATER_ROLES
from qingmiao.selection.models import (
    Dimension,
    Program,
    Stage,
)
from qingmiao.selection.models.stage import AggregationMethod, TieBreak

from ...cadres.serializers import MAX_ID
from ._common import _name, _user


class DimensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Dimension
        fields = ["id", "name", "weight", "max_score", "sort"]
        read_only_fields = fields


class StageSerializer(serializers.ModelSerializer):
    program_name = serializers.CharField(source="program.name", read_only=True)
    advancement_rule_name = _name("advancement_rule")
    aggregation_name = _name("aggregation")
    status_name = _name("status")
    tie_breaks = serializers.ListField(child=serializers.CharField(), read_only=True)
    rater_roles = serializers.ListField(child=serializers.CharField(), read_only=True)
    dimensions = DimensionSerializer(many=True, read_only=True)

    class Meta:
        model = Stage
        fields = [
            "id", "program", "program_name", "order", "name", "description",
            "advancement_rule", "advancement_rule_name", "rule_value", "aggregation",
            "aggregation_name", "tie_breaks", "rater_roles", "raters_per_candidate", "blind",
            "min_credit_hours", "scoring_opens", "scoring_closes", "status", "status_name",
            "dimensions",
        ]  # fmt: skip
        read_only_fields = fields


class DimensionWriteSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text=gettext_lazy("已有维度的 id；新增的维度不传。"),
    )

    class Meta:
        model = Dimension
        fields = ["id", "name", "weight", "max_score"]


class StageWriteSerializer(serializers.ModelSerializer):
    """A stage with its scoring scheme. `dimensions`, when sent, is the whole scheme: listed
    dimensions with an id are changed, those without one added, and those not listed removed;
    new dimensions follow the existing ones. Nothing can change once scoring has begun."""

    program = serializers.PrimaryKeyRelatedField(
        queryset=Program.objects.none(), help_text=gettext_lazy("所属项目 id（仅新建时）。")
    )
    order = serializers.IntegerField(
        min_value=1,
        max_value=32767,
        required=False,
        help_text=gettext_lazy("顺序，从 1 开始；新建时不传则排在最后。"),
    )
    aggregation = serializers.ChoiceField(choices=AggregationMethod.choices, required=False)
    tie_breaks = serializers.ListField(
        child=serializers.ChoiceField(choices=TieBreak.choices),
        required=False,
        help_text=gettext_lazy("同分时依次比较的规则；新建时默认 first_dimension、raw_mean。"),
    )
    rater_roles = serializers.ListField(
        child=serializers.ChoiceField(choices=[(r.value, r.label) for r in RATER_ROLES]),
        allow_empty=False,
        required=False,
        help_text=gettext_lazy("可担任评委的角色；新建时默认 rater。"),
    )
    raters_per_candidate = serializers.IntegerField(min_value=1, max_value=50, required=False)
    dimensions = DimensionWriteSerializer(many=True, required=False)

    class Meta:
        model = Stage
        fields = [
            "program", "order", "name", "description", "advancement_rule", "rule_value",
            "aggregation", "tie_breaks", "rater_roles", "raters_per_candidate", "blind",
            "min_credit_hours", "scoring_opens", "scoring_closes", "dimensions",
        ]  # fmt: skip
        validators = []  # a second stage of the same order is refused by the service, by field

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "request" in self.context:
            self.fields["program"].queryset = selectors.managed_programs(_user(self))
        if self.instance is not None:
            del self.fields["program"]  # a stage does not move between programs
