"""A rater's tasks and score sheets, and reopening a sheet."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from qingmiao.selection import selectors, services
from qingmiao.selection.models import (
    RaterAssignment,
    ScoreSheet,
)

from ...base import ScopedViewSet
from .. import serializers


def _sheet_payload(user, assignment) -> dict:
    sheet = getattr(assignment, "sheet", None)
    dimensions = selectors.stage_dimensions(user, assignment.stage_id)
    scores = {s.dimension_id: s for s in sheet.scores.all()} if sheet is not None else {}
    return {
        "assignment": assignment.pk,
        "sheet": sheet.pk if sheet is not None else None,
        "status": sheet.status if sheet is not None else "",
        "candidate": serializers.candidate_of(assignment),
        "stage": assignment.stage,
        "comment": sheet.comment if sheet is not None else "",
        "total": sheet.total if sheet is not None else None,
        "submitted_at": sheet.submitted_at if sheet is not None else None,
        "scores": [
            {
                "dimension": d.pk,
                "name": d.name,
                "weight": d.weight,
                "max_score": d.max_score,
                "value": scores[d.pk].value if d.pk in scores else None,
                "comment": scores[d.pk].comment if d.pk in scores else "",
            }
            for d in dimensions
        ],
    }


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("我的评分任务"),
        description=gettext_lazy(
            "分配给本人的考生，按关卡。盲评关卡只给出考生编号，不给姓名和单位。"
        ),
    )
)
class MyAssignmentViewSet(ScopedViewSet, mixins.ListModelMixin):
    serializer_class = serializers.RaterAssignmentSerializer
    queryset = RaterAssignment.objects.none()  # names the model for the schema only
    required_perms = {"list": "selection.score"}

    def get_queryset(self):
        return selectors.rater_assignments(self.request.user)


@extend_schema_view(
    retrieve=extend_schema(
        summary=gettext_lazy("评分任务详情"),
        description=gettext_lazy("只有被分配的评委本人可见，其他人返回 404。"),
    )
)
class AssignmentViewSet(ScopedViewSet, mixins.RetrieveModelMixin):
    http_method_names = ["get", "post", "put", "head", "options"]
    serializer_class = serializers.RaterAssignmentSerializer
    queryset = RaterAssignment.objects.none()  # names the model for the schema only
    required_perms = {
        "retrieve": "selection.score",
        "sheet": "selection.score",
        "sheet_save": "selection.score",
        "sheet_submit": "selection.score",
    }
    # sheet_save names a dimension's error `dim_<dimension id>`.
    service_error_nesting = {"dim_": ("scores", None)}
    getter = staticmethod(selectors.assignment_get)

    def get_queryset(self):
        return selectors.rater_assignments(self.request.user)

    def _sheet_response(self, assignment) -> Response:
        assignment = self.get_object()  # again, with the sheet as saved
        payload = _sheet_payload(self.request.user, assignment)
        return Response(serializers.SheetSerializer(payload).data)

    def _save(self, request, *, submit: bool) -> Response:
        assignment = self.get_object()
        serializer = serializers.SheetWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        sheet = getattr(assignment, "sheet", None)
        saved = (
            {s.dimension_id: (s.value, s.comment) for s in sheet.scores.all()}
            if sheet is not None
            else {}
        )
        values = {}
        for row in serializer.validated_data.get("scores", []):
            value = row.get("value")
            if value in (None, "") and row["dimension"] in saved:
                continue  # nothing typed: keep what was saved
            values[row["dimension"]] = (value, row["comment"])
        if submit:
            values = {**{k: v for k, v in saved.items() if k not in values}, **values}
        comment = serializer.validated_data.get(
            "comment", sheet.comment if sheet is not None else ""
        )
        services.sheet_save(
            actor=request.user,
            assignment=assignment,
            values=values,
            comment=comment,
            submit=submit,
        )
        return self._sheet_response(assignment)

    @extend_schema(
        summary=gettext_lazy("评分表"),
        description=gettext_lazy("本关卡的每个评分维度及已保存的得分。"),
        responses={200: serializers.SheetSerializer},
    )
    @action(detail=True, methods=["get"])
    def sheet(self, request, pk=None):
        return self._sheet_response(self.get_object())

    @extend_schema(
        summary=gettext_lazy("保存评分草稿"),
        description=gettext_lazy(
            "保存所传维度的得分（0 到满分之间），未传的维度保留原值。须在评分期内；"
            "已提交的评分表已锁定。出错时返回 400，不保存任何内容；某一维度的错误在 "
            "scores 下以维度 id 为键。"
        ),
        request=serializers.SheetWriteSerializer,
        responses={200: serializers.SheetSerializer},
    )
    @sheet.mapping.put
    def sheet_save(self, request, pk=None):
        return self._save(request, submit=False)

    @extend_schema(
        summary=gettext_lazy("提交评分表"),
        description=gettext_lazy(
            "可同时传入得分（与保存草稿相同），未传的维度用已保存的草稿。每个维度都须有"
            "得分；提交后锁定，只有管理员能重新开放。"
        ),
        request=serializers.SheetWriteSerializer,
        responses={200: serializers.SheetSerializer},
    )
    @action(detail=True, methods=["post"], url_path="sheet/submit")
    def sheet_submit(self, request, pk=None):
        return self._save(request, submit=True)


class SheetViewSet(ScopedViewSet):
    serializer_class = serializers.SheetStateSerializer
    required_perms = {"reopen": "selection.reopen_sheet"}
    getter = staticmethod(selectors.managed_sheet_get)

    def get_queryset(self):
        return ScoreSheet.objects.none()  # names the model for the schema only

    @extend_schema(
        summary=gettext_lazy("重新开放评分表"),
        description=gettext_lazy(
            "把已提交的评分表退回草稿，让评委修改后重新提交。须填写理由，记入审计日志；"
            "关卡确定晋级后不能再开放。"
        ),
        request=serializers.ReopenSerializer,
        responses={200: serializers.SheetStateSerializer},
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        sheet = self.get_object()
        serializer = serializers.ReopenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        sheet = services.sheet_reopen(
            actor=request.user, sheet=sheet, reason=serializer.validated_data["reason"]
        )
        sheet = self.refetch(sheet)
        return Response(serializers.SheetStateSerializer(sheet).data)
