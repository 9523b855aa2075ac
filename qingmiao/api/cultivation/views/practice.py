"""Endpoints of the practice area: assignments, their reports and the host's evaluation."""

from django.urls import reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from qingmiao.cultivation.filters.practice import AssignmentFilter
from qingmiao.cultivation.selectors import practice as selectors
from qingmiao.cultivation.services import practice as services

from ...base import ScopedViewSet
from ...filters import ScopedFilterBackend
from ..serializers import practice as serializers

_READ = ("cultivation.view_practice", "cultivation.report_practice")


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("实践锻炼列表"),
        description=gettext_lazy(
            "组织部门一方看到本单位范围内干部和本单位主办项目的实践锻炼，单位干部专员看到"
            "本单位干部的和派到本单位的，导师看到所带学员的，干部看到本人的，接收方联系人"
            "只看到本单位接收的人员。status 为按起止日期确定的当前状态。"
        ),
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("实践锻炼详情"),
        description=gettext_lazy("不在可见范围内的返回 404。"),
    ),
    create=extend_schema(
        summary=gettext_lazy("安排实践锻炼"),
        description=gettext_lazy(
            "结束日期不早于开始日期；同一干部的脱产锻炼时间不能重叠；接收方联系人须为"
            "“接收方联系人”账号；填写培养项目时干部须是该项目学员。出错返回 400，不保存。"
        ),
        request=serializers.AssignmentWriteSerializer,
        responses={201: serializers.AssignmentSerializer},
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("修改实践锻炼"),
        description=gettext_lazy("只改所传字段，规则同新增。"),
        request=serializers.AssignmentWriteSerializer,
        responses={200: serializers.AssignmentSerializer},
    ),
)
class PracticeAssignmentViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    http_method_names = ["get", "post", "patch", "head", "options"]
    serializer_class = serializers.AssignmentSerializer
    filter_backends = [ScopedFilterBackend]
    filterset_class = AssignmentFilter
    required_perms = {
        "list": _READ,
        "retrieve": _READ,
        "create": "cultivation.manage_practice",
        "partial_update": "cultivation.manage_practice",
        "reports": _READ,
        "report_create": "cultivation.report_practice",
        "evaluation": _READ,
        "evaluate": "cultivation.evaluate_practice",
    }
    getter = staticmethod(selectors.assignment_get)
    getters = {
        "report_create": selectors.own_assignment_get,
        "evaluate": selectors.hosted_assignment_get,
    }

    def get_queryset(self):
        return selectors.assignment_queryset(self.request.user).order_by("-start_date", "-id")

    def _detail(self, assignment, status_code=status.HTTP_200_OK, headers=None):
        return Response(
            serializers.AssignmentSerializer(self.refetch(assignment)).data,
            status=status_code,
            headers=headers,
        )

    def create(self, request, *args, **kwargs):
        serializer = serializers.AssignmentWriteSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        assignment = services.assignment_create(actor=request.user, data=serializer.validated_data)
        location = reverse("api:practice-assignment-detail", args=[assignment.pk])
        return self._detail(assignment, status.HTTP_201_CREATED, headers={"Location": location})

    def partial_update(self, request, *args, **kwargs):
        assignment = self.get_object()
        serializer = serializers.AssignmentWriteSerializer(
            data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        services.assignment_update(
            actor=request.user, assignment=assignment, data=serializer.validated_data
        )
        return self._detail(assignment)

    @extend_schema(
        summary=gettext_lazy("锻炼报告"),
        description=gettext_lazy("一项实践锻炼的全部报告，新的在前。"),
        responses={200: serializers.ReportSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def reports(self, request, pk=None):
        assignment = self.get_object()
        rows = selectors.assignment_reports(request.user, assignment)
        return Response(serializers.ReportSerializer(rows, many=True).data)

    @extend_schema(
        summary=gettext_lazy("提交锻炼报告"),
        description=gettext_lazy(
            "干部本人按月提交，每月一份；报告期须在锻炼期间内且不晚于本月。不是本人的锻炼返回 404。"
        ),
        request=serializers.ReportWriteSerializer,
        responses={201: serializers.ReportSerializer},
    )
    @reports.mapping.post
    def report_create(self, request, pk=None):
        assignment = self.get_object()
        serializer = serializers.ReportWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.report_submit(
            actor=request.user, assignment=assignment, **serializer.validated_data
        )
        return Response(serializers.ReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("接收方评价"),
        description=gettext_lazy("尚未评价时返回 404。"),
        responses={200: serializers.EvaluationSerializer},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def evaluation(self, request, pk=None):
        assignment = self.get_object()
        found = selectors.assignment_evaluation(request.user, assignment)
        if found is None:
            raise exceptions.NotFound()
        return Response(serializers.EvaluationSerializer(found).data)

    @extend_schema(
        summary=gettext_lazy("提交接收方评价"),
        description=gettext_lazy(
            "只有该锻炼的接收方联系人可以评价，锻炼期满前 30 天起，只能评价一次。"
            "不是本人接收的人员返回 404。"
        ),
        request=serializers.EvaluationWriteSerializer,
        responses={201: serializers.EvaluationSerializer},
    )
    @evaluation.mapping.post
    def evaluate(self, request, pk=None):
        assignment = self.get_object()
        serializer = serializers.EvaluationWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        found = services.evaluation_submit(
            actor=request.user, assignment=assignment, **serializer.validated_data
        )
        return Response(
            serializers.EvaluationSerializer(found).data, status=status.HTTP_201_CREATED
        )


ROUTES: list = [("practice-assignments", PracticeAssignmentViewSet, "practice-assignment")]
