"""Stages with their scoring schemes; raters, ranking and the cut are mixed in from their
own modules.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from qingmiao.accounts.roles import Role
from qingmiao.selection import selectors, services
from qingmiao.selection.filters import StageFilter
from qingmiao.selection.models import (
    Stage,
)
from qingmiao.selection.models.stage import TieBreak

from ...base import ScopedViewSet
from ...filters import ScopedFilterBackend
from .. import serializers
from .advancement import StageAdvancementMixin
from .ranking import StageRankingMixin
from .raters import StageRatersMixin


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("关卡列表"),
        description=gettext_lazy(
            "可见项目的关卡及其评分维度；评委只看到分配给自己的关卡。可按 program 筛选。"
        ),
    ),
    retrieve=extend_schema(summary=gettext_lazy("关卡详情")),
    create=extend_schema(
        summary=gettext_lazy("新建关卡"),
        description=gettext_lazy(
            "连同评分维度一起保存；出错时返回 400 和逐字段的错误信息，不保存任何内容。"
        ),
        request=serializers.StageWriteSerializer,
        responses={201: serializers.StageSerializer},
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("修改关卡"),
        description=gettext_lazy(
            "只改所传字段；传 dimensions 时为完整的评分维度列表。评分开始后不能修改。"
        ),
        request=serializers.StageWriteSerializer,
        responses={200: serializers.StageSerializer},
    ),
)
class StageViewSet(
    StageRatersMixin,
    StageRankingMixin,
    StageAdvancementMixin,
    ScopedViewSet,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
):
    http_method_names = ["get", "post", "patch", "head", "options"]
    serializer_class = serializers.StageSerializer
    filter_backends = [ScopedFilterBackend]
    filterset_class = StageFilter
    required_perms = {
        "list": ("selection.view_program", "selection.score"),
        "retrieve": ("selection.view_program", "selection.score"),
        "create": "selection.manage_program",
        "partial_update": "selection.manage_program",
        "open_scoring": "selection.manage_program",
        "assignments": "selection.manage_raters",
        "assignments_auto": "selection.manage_raters",
        "ranking": "selection.view_ranking",
        "advancement": "selection.view_ranking",
        "advancement_confirm": "selection.decide_advancement",
    }
    # advancement_confirm names a missing reason `reason_<entry id>`.
    service_error_nesting = {"reason_": ("overrides", "reason")}
    getter = staticmethod(selectors.stage_get)
    getters = {
        "partial_update": selectors.managed_stage_get,
        "open_scoring": selectors.managed_stage_get,
        "assignments": selectors.managed_stage_get,
        "assignments_auto": selectors.managed_stage_get,
        "advancement_confirm": selectors.managed_stage_get,
        "ranking": selectors.overseen_stage_get,
        "advancement": selectors.overseen_stage_get,
    }

    def get_queryset(self):
        return selectors.stage_list(self.request.user)

    def _detail(self, stage, status_code=status.HTTP_200_OK, headers=None) -> Response:
        return Response(
            serializers.StageSerializer(self.refetch(stage)).data,
            status=status_code,
            headers=headers,
        )

    def _save(self, stage: Stage, values: dict) -> Stage:
        rows = values.pop("dimensions", None)
        for name, value in values.items():
            setattr(stage, name, value)
        return services.stage_save(actor=self.request.user, stage=stage, dimensions=rows)

    def create(self, request, *args, **kwargs):
        serializer = serializers.StageWriteSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        program = values.pop("program")
        if "order" not in values:
            last = program.stages.order_by("-order").values_list("order", flat=True).first()
            values["order"] = (last or 0) + 1
        values.setdefault("rater_roles", [Role.RATER])
        values.setdefault("tie_breaks", [TieBreak.FIRST_DIMENSION, TieBreak.RAW_MEAN])
        stage = self._save(Stage(program=program), values)
        location = reverse("api:stage-detail", args=[stage.pk])
        return self._detail(stage, status.HTTP_201_CREATED, headers={"Location": location})

    def partial_update(self, request, *args, **kwargs):
        stage = self.get_object()
        serializer = serializers.StageWriteSerializer(
            stage, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        self._save(stage, dict(serializer.validated_data))
        return self._detail(stage)

    @extend_schema(
        summary=gettext_lazy("开始评分"),
        description=gettext_lazy(
            "须已有考生、评分维度和评委分配；开始后评分方案锁定。条件不满足时返回 400。"
        ),
        request=None,
        responses={200: serializers.StageSerializer},
    )
    @action(detail=True, methods=["post"], url_path="open-scoring")
    def open_scoring(self, request, pk=None):
        stage = self.get_object()
        services.stage_open_scoring(actor=request.user, stage=stage)
        return self._detail(stage)
