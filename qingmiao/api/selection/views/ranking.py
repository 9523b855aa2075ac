"""A stage's ranking (read-only)."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from qingmiao.selection import services, wording
from qingmiao.selection.models import (
    Stage,
)
from qingmiao.selection.models.stage import AggregationMethod

from .. import serializers
from ._common import _rounded


class StageRankingMixin:
    @extend_schema(
        summary=gettext_lazy("排名"),
        description=gettext_lazy(
            "按计分方法汇总已提交的评分，排出名次并标出按规则晋级的考生；给出每位评委的"
            "原始分和校正分、评委宽严程度，以及校正可能不可靠的提示。只读，不做任何更改。"
        ),
        parameters=[serializers.RankingQuerySerializer],
        responses={200: serializers.RankingSerializer},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def ranking(self, request, pk=None):
        stage = self.get_object()
        query = serializers.RankingQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        method = query.validated_data.get("method") or stage.aggregation
        preview = services.stage_ranking(stage, method)
        return Response(serializers.RankingSerializer(_ranking_payload(stage, preview)).data)


def _ranking_payload(stage: Stage, preview) -> dict:
    codes = {row.entry.pk: row.entry.code for row in preview.rows}

    def rater_name(rater_id) -> str:
        rater = preview.raters.get(rater_id)
        return rater.display_name if rater is not None else ""

    rows = []
    marks: dict = {}
    for row in preview.rows:
        application = row.entry.application
        for d in row.details:
            marks[d.rater] = marks.get(d.rater, 0) + 1
        rows.append(
            {
                "entry": row.entry.pk,
                "code": row.entry.code,
                "name": application.cadre.name,
                "unit_name": application.cadre.unit.name,
                "track_name": application.track.name if application.track_id else None,
                "rank": row.rank,
                "score": _rounded(row.score),
                "tied": row.tied,
                "proposed": row.proposed,
                "submitted": row.submitted,
                "assigned": row.assigned,
                "details": [
                    {
                        "rater": d.rater,
                        "rater_name": rater_name(d.rater),
                        "raw": _rounded(d.raw),
                        "adjusted": _rounded(d.adjusted),
                        "used": d.used,
                    }
                    for d in row.details
                ],
            }
        )
    rater_warning = {"sparse_rater", "no_spread"}
    warnings = [
        {
            "code": w.code,
            "rater": w.subject if w.code in rater_warning else None,
            "entry": w.subject if w.code == "unscored_candidate" else None,
            "detail": w.detail,
            "message": wording.warning_text(w, preview, codes),
        }
        for w in preview.warnings
    ]
    effects = sorted(
        (
            {
                "rater": rater,
                "rater_name": rater_name(rater),
                "effect": _rounded(effect),
                "marks": marks.get(rater, 0),
            }
            for rater, effect in preview.rater_effects.items()
        ),
        key=lambda e: -e["effect"],
    )
    return {
        "stage": stage.pk,
        "method": preview.method,
        "method_name": str(AggregationMethod(preview.method).label),
        "advancement_rule": stage.advancement_rule,
        "rule_value": stage.rule_value,
        "missing_sheets": preview.missing_sheets,
        "proposed_count": preview.proposed_count,
        "warnings": warnings,
        "rows": rows,
        "rater_effects": effects,
    }
