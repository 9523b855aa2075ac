"""Representations of a rater's tasks and score sheets: under blind review the code alone."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from qingmiao.selection.models import (
    ScoreSheet,
)

from ...cadres.serializers import MAX_ID
from ._common import STATEMENT_MAX, _name


class CandidateSerializer(serializers.Serializer):
    """A candidate as a rater sees them: under blind review the code alone."""

    code = serializers.CharField()
    name = serializers.CharField(required=False, help_text=gettext_lazy("盲评时不提供。"))
    unit_name = serializers.CharField(required=False, help_text=gettext_lazy("盲评时不提供。"))
    track_name = serializers.CharField(
        required=False, allow_null=True, help_text=gettext_lazy("盲评时不提供。")
    )


def candidate_of(assignment) -> dict:
    entry = assignment.entry
    if assignment.stage.blind:
        return {"code": entry.code}
    application = entry.application
    return {
        "code": entry.code,
        "name": application.cadre.name,
        "unit_name": application.cadre.unit.name,
        "track_name": application.track.name if application.track_id else None,
    }


class RaterStageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    program = serializers.IntegerField(source="program_id")
    program_name = serializers.CharField(source="program.name")
    blind = serializers.BooleanField()
    status = serializers.CharField()
    status_name = serializers.CharField(source="get_status_display")
    scoring_opens = serializers.DateTimeField(allow_null=True)
    scoring_closes = serializers.DateTimeField(allow_null=True)


class RaterAssignmentSerializer(serializers.Serializer):
    """One candidate the rater is asked to score."""

    id = serializers.IntegerField()
    stage = RaterStageSerializer()
    candidate = serializers.SerializerMethodField()
    sheet = serializers.SerializerMethodField()
    sheet_status = serializers.SerializerMethodField(
        help_text=gettext_lazy("draft 草稿、submitted 已提交；未开始评分时为空字符串。")
    )

    @extend_schema_field(CandidateSerializer)
    def get_candidate(self, assignment):
        return candidate_of(assignment)

    def get_sheet(self, assignment) -> int | None:
        sheet = getattr(assignment, "sheet", None)
        return sheet.pk if sheet is not None else None

    def get_sheet_status(self, assignment) -> str:
        sheet = getattr(assignment, "sheet", None)
        return sheet.status if sheet is not None else ""


@extend_schema_field(
    {
        "oneOf": [{"type": "number"}, {"type": "string"}],
        "nullable": True,
        "description": gettext_lazy("得分：0 到该维度满分之间的数；null 或空字符串表示不改动。"),
    }
)
class ScoreValueField(serializers.CharField):
    """Points as a number or a numeral string; the scoring service checks the range."""

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, allow_blank=True, required=False, max_length=20, **kwargs)


class SheetScoreSerializer(serializers.Serializer):
    dimension = serializers.IntegerField()
    name = serializers.CharField()
    weight = serializers.DecimalField(max_digits=5, decimal_places=2)
    max_score = serializers.DecimalField(max_digits=6, decimal_places=2)
    value = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    comment = serializers.CharField()


class SheetSerializer(serializers.Serializer):
    """A rater's sheet for one candidate: every dimension of the stage, scored or not."""

    assignment = serializers.IntegerField()
    sheet = serializers.IntegerField(allow_null=True)
    status = serializers.CharField(
        help_text=gettext_lazy("draft 草稿、submitted 已提交（已锁定）；未开始评分时为空字符串。")
    )
    candidate = serializers.SerializerMethodField()
    stage = RaterStageSerializer()
    comment = serializers.CharField()
    total = serializers.DecimalField(max_digits=7, decimal_places=3, allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    scores = SheetScoreSerializer(many=True)

    @extend_schema_field(CandidateSerializer)
    def get_candidate(self, payload) -> dict:
        return payload["candidate"]  # as `candidate_of` made it: the code alone when blind


class SheetScoreInputSerializer(serializers.Serializer):
    dimension = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    value = ScoreValueField()
    comment = serializers.CharField(max_length=300, allow_blank=True, required=False, default="")


class SheetWriteSerializer(serializers.Serializer):
    """Points per dimension. A dimension not listed keeps what was saved before; on submission
    every dimension must have points."""

    scores = SheetScoreInputSerializer(many=True, required=False)
    comment = serializers.CharField(
        max_length=STATEMENT_MAX,
        allow_blank=True,
        required=False,
        help_text=gettext_lazy("总体评语；不传则保留原有评语。"),
    )


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=300,
        allow_blank=True,
        required=False,
        default="",
        help_text=gettext_lazy("重新开放的理由（必填，记入审计日志）。"),
    )


class SheetStateSerializer(serializers.ModelSerializer):
    status_name = _name("status")

    class Meta:
        model = ScoreSheet
        fields = ["id", "assignment", "status", "status_name", "total", "submitted_at"]
        read_only_fields = fields
