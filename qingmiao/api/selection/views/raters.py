"""Rater assignments of a stage."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from qingmiao.selection import selectors, services

from .. import serializers


class StageRatersMixin:
    @extend_schema(
        summary=gettext_lazy("关卡的评委分配"),
        description=gettext_lazy("每个评分任务（评委 × 考生）及其评分表状态。"),
        responses={200: serializers.StageAssignmentSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def assignments(self, request, pk=None):
        stage = self.get_object()
        page = self.paginate_queryset(selectors.stage_assignments(stage))
        return self.get_paginated_response(
            serializers.StageAssignmentSerializer(page, many=True).data
        )

    @extend_schema(
        summary=gettext_lazy("自动分配评委"),
        description=gettext_lazy(
            "每名考生分配 k 名评委，负荷尽量均衡，回避同单位和已申报关系的考生。"
            "有人开始评分后不能重新分配；任何考生分不足 k 名评委时不做任何分配。"
        ),
        request=serializers.AutoAssignSerializer,
        responses={200: serializers.AutoAssignResultSerializer},
    )
    @action(detail=True, methods=["post"], url_path="assignments/auto")
    def assignments_auto(self, request, pk=None):
        stage = self.get_object()
        serializer = serializers.AutoAssignSerializer(
            data=request.data, context=self.get_serializer_context(), stage=stage
        )
        serializer.is_valid(raise_exception=True)
        result = services.assignments_auto(
            actor=request.user,
            stage=stage,
            raters=list(serializer.validated_data["raters"]),
            k=serializer.validated_data.get("k"),
        )
        return Response(serializers.AutoAssignResultSerializer(result).data)
