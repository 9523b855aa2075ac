"""A stage's ranking (read-only), one page of the stored fit at a time."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from qingmiao.selection import selectors_ranking

from .. import serializers
from ._ranking_payload import ranking_payload


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
        stored = selectors_ranking.ranking_page(
            stage,
            method,
            page_number=query.validated_data.get("page", 1),
            page_size=query.validated_data.get("page_size", 50),
        )
        return Response(serializers.RankingSerializer(ranking_payload(stored)).data)
