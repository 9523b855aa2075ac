"""Representations of schemes, rounds, their members (scores, stored results, the month's
figures from cultivation) and nominations."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from qingmiao.accounts.models import User
from qingmiao.accounts.roles import Role
from qingmiao.cadres.models import Cadre
from qingmiao.cultivation.models import PracticeAssignment
from qingmiao.selection.models import Program
from qingmiao.supervision import scoring_rounds
from qingmiao.supervision.models import (
    DimensionScore,
    Nomination,
    Round,
    RoundMember,
    Scheme,
    SchemeDimension,
    SchemeVersion,
)

_SCORE = {"max_digits": 6, "decimal_places": 2}


class SchemeDimensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = SchemeDimension
        fields = ["id", "order", "name", "weight", "descriptors"]
        read_only_fields = fields


class SchemeVersionSerializer(serializers.ModelSerializer):
    dimensions = SchemeDimensionSerializer(many=True, read_only=True)

    class Meta:
        model = SchemeVersion
        fields = ["id", "number", "scale_min", "scale_max", "scale_step", "weight_task",
                  "weight_host", "weight_ledger", "note", "frozen_at", "dimensions"]  # fmt: skip
        read_only_fields = fields


class SchemeSerializer(serializers.ModelSerializer):
    current = serializers.SerializerMethodField()

    class Meta:
        model = Scheme
        fields = ["id", "name", "created_at", "current"]
        read_only_fields = fields

    def get_current(self, obj) -> dict:
        return SchemeVersionSerializer(obj.current).data


class SchemeDimensionWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=30)
    weight = serializers.DecimalField(**_SCORE)
    descriptors = serializers.CharField(required=False, allow_blank=True, default="")


class SchemeWriteSerializer(serializers.Serializer):
    """A scheme, or its change (a new version once a round uses the current one). The service
    checks the rules: the scale, weights adding up to 100."""

    name = serializers.CharField(max_length=100, required=False)
    scale_min = serializers.DecimalField(**_SCORE)
    scale_max = serializers.DecimalField(**_SCORE)
    scale_step = serializers.DecimalField(**_SCORE)
    weight_task = serializers.DecimalField(**_SCORE)
    weight_host = serializers.DecimalField(**_SCORE)
    weight_ledger = serializers.DecimalField(**_SCORE)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    dimensions = SchemeDimensionWriteSerializer(many=True)


class RoundSerializer(serializers.ModelSerializer):
    version_name = serializers.CharField(source="version.__str__", read_only=True)
    scheme = serializers.IntegerField(source="version.scheme_id", read_only=True)
    status_name = serializers.CharField(source="get_status_display", read_only=True)
    member_count = serializers.IntegerField(read_only=True, default=None)
    scored_count = serializers.IntegerField(read_only=True, default=None)
    total_rule = serializers.SerializerMethodField()
    cumulative_rule = serializers.SerializerMethodField()

    class Meta:
        model = Round
        fields = ["id", "title", "cohort", "month", "scheme", "version", "version_name",
                  "source", "program", "practice_kind", "asks_host", "status", "status_name",
                  "closed_at", "member_count", "scored_count", "total_rule",
                  "cumulative_rule"]  # fmt: skip
        read_only_fields = fields

    def get_total_rule(self, obj) -> str:
        return str(scoring_rounds.TOTAL_RULE)

    def get_cumulative_rule(self, obj) -> str:
        return str(scoring_rounds.CUMULATIVE_RULE)


class RoundWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=100)
    cohort = serializers.CharField(max_length=100)
    month = serializers.DateField(help_text=gettext_lazy("考察月份，填该月任一日，如 2026-11-01。"))
    scheme = serializers.PrimaryKeyRelatedField(queryset=Scheme.objects.none())
    source = serializers.ChoiceField(choices=Round.Source.choices)
    program = serializers.PrimaryKeyRelatedField(
        queryset=Program.objects.none(), required=False, allow_null=True
    )
    practice_kind = serializers.ChoiceField(
        choices=PracticeAssignment.Kind.choices, required=False, allow_blank=True
    )
    cadres = serializers.PrimaryKeyRelatedField(
        queryset=Cadre.objects.none(), many=True, required=False
    )
    inspectors = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(role=Role.INSPECTOR, is_active=True), many=True
    )
    asks_host = serializers.BooleanField(required=False, default=True)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from qingmiao.accounts import scoping

        self.fields["scheme"].queryset = scoping.visible(user, Scheme)
        self.fields["program"].queryset = scoping.visible(user, Program)
        self.fields["cadres"].child_relation.queryset = scoping.visible(user, Cadre)


class DimensionScoreSerializer(serializers.ModelSerializer):
    dimension_name = serializers.CharField(source="dimension.name", read_only=True)

    class Meta:
        model = DimensionScore
        fields = ["dimension", "dimension_name", "value", "note"]
        read_only_fields = fields


class RoundMemberSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    cadre_unit = serializers.CharField(source="cadre.unit.name", read_only=True)
    movement = serializers.SerializerMethodField()
    cumulative_movement = serializers.SerializerMethodField()

    class Meta:
        model = RoundMember
        fields = ["id", "round", "cadre", "cadre_name", "cadre_unit", "scored_at",
                  "task_points", "host_points", "ledger_points", "total", "rank",
                  "previous_rank", "movement", "cumulative", "cumulative_rank",
                  "previous_cumulative_rank", "cumulative_movement",
                  "months_scored"]  # fmt: skip
        read_only_fields = fields

    def get_movement(self, obj) -> str:
        return scoring_rounds.movement(obj.rank, obj.previous_rank)

    def get_cumulative_movement(self, obj) -> str:
        return scoring_rounds.movement(obj.cumulative_rank, obj.previous_cumulative_rank)


class MonthFiguresSerializer(serializers.Serializer):
    hours = serializers.DecimalField(max_digits=8, decimal_places=1)
    logs = serializers.IntegerField()
    deliverables = serializers.IntegerField()
    adopted = serializers.IntegerField()
    capital = serializers.DecimalField(max_digits=18, decimal_places=2)
    problems = serializers.IntegerField()


class RoundMemberDetailSerializer(RoundMemberSerializer):
    scores = DimensionScoreSerializer(many=True, read_only=True)
    figures = serializers.SerializerMethodField()

    class Meta(RoundMemberSerializer.Meta):
        fields = [*RoundMemberSerializer.Meta.fields, "task_note", "ledger_score", "ledger_note",
                  "host_score", "host_note", "host_at", "scores", "figures"]  # fmt: skip
        read_only_fields = fields

    def get_figures(self, obj) -> MonthFiguresSerializer:
        return MonthFiguresSerializer(self.context.get("figures") or {}).data


class RoundScoreWriteSerializer(serializers.Serializer):
    """Every dimension of the round's version with its score; the scale is checked by the
    service, each refusal on `score_<dimension id>`."""

    scores = serializers.DictField(child=serializers.CharField(allow_blank=True))
    notes = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)
    ledger_score = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    ledger_note = serializers.CharField(required=False, allow_blank=True, default="")
    task_note = serializers.CharField(required=False, allow_blank=True, default="")


class RoundHostWriteSerializer(serializers.Serializer):
    host_score = serializers.CharField()
    host_note = serializers.CharField(required=False, allow_blank=True, default="")


class RoundReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class NominateWriteSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)
    cumulative = serializers.BooleanField(required=False, default=False)


class NominationSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)

    class Meta:
        model = Nomination
        fields = ["id", "round", "cadre", "cadre_name", "rank", "cumulative", "reason",
                  "nominated_at"]  # fmt: skip
        read_only_fields = fields


class RoundOverviewSerializer(serializers.Serializer):
    distribution = serializers.ListField(child=serializers.ListField())
    movement = serializers.DictField(child=serializers.IntegerField())
    ranked = serializers.IntegerField()
    average = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    dimensions = serializers.ListField(child=serializers.DictField())
    progress = serializers.DictField(child=serializers.IntegerField())
