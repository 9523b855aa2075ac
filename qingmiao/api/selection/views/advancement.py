"""The cut: a stage's advancement decision."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from qingmiao.selection import selectors, services

from .. import serializers


class StageAdvancementMixin:
    def _decision_response(self, stage, status_code=status.HTTP_200_OK) -> Response:
        decision = selectors.stage_decision(self.request.user, stage)
        if decision is None:
            raise exceptions.NotFound(_("该关卡尚未确定晋级结果。"))
        results = list(
            decision.results.select_related("entry__application__cadre__unit").order_by(
                "rank", "entry__code"
            )
        )
        results.sort(key=lambda r: (r.rank is None, r.rank or 0, r.entry.code))
        decision.result_rows = results
        return Response(
            serializers.AdvancementDecisionSerializer(decision).data, status=status_code
        )

    @extend_schema(
        summary=gettext_lazy("晋级决定"),
        description=gettext_lazy(
            "已确定的晋级结果：谁在何时按什么方法和规则决定，每名考生的名次、得分、按规则"
            "的结果、最终结果和调整理由。尚未确定时返回 404。"
        ),
        responses={200: serializers.AdvancementDecisionSerializer},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def advancement(self, request, pk=None):
        return self._decision_response(self.get_object())

    @extend_schema(
        summary=gettext_lazy("确定晋级"),
        description=gettext_lazy(
            "按关卡的计分方法和晋级规则确定晋级；overrides 中与规则不同的结果须逐一填写"
            "理由。还有评分表未提交时返回 400，不做任何更改。晋级者以新编号进入下一关，"
            "最后一关的晋级者结业。"
        ),
        request=serializers.AdvancementConfirmSerializer,
        responses={
            201: serializers.AdvancementDecisionSerializer,
            400: OpenApiResponse(
                description=gettext_lazy("评分表未交齐、调整缺少理由或关卡已确定。")
            ),
        },
    )
    @advancement.mapping.post
    def advancement_confirm(self, request, pk=None):
        stage = self.get_object()
        serializer = serializers.AdvancementConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.advancement_confirm(
            actor=request.user,
            stage=stage,
            overrides=serializer.validated_data["overrides"],
            note=serializer.validated_data["note"],
        )
        return self._decision_response(stage, status.HTTP_201_CREATED)
