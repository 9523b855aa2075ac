"""管 · the growth record (成长纪实档案) timeline, fitness reviews
(适岗情况与能力水平分析), the record as .docx and PDF: endpoints.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from qingmiao.cadres.models import Cadre
from qingmiao.supervision import jobs_records
from qingmiao.supervision.filters_records import FitnessFilter
from qingmiao.supervision.selectors import fitness as fitness_selectors
from qingmiao.supervision.selectors import growth as selectors
from qingmiao.supervision.services import fitness as services

from ...base import ScopedViewSet
from ...filters import ScopedFilterBackend
from ..serializers import records as s

# Whoever reads cadre records reads growth records (scope decides whose).
_READ_RECORD = "cadres.view_cadre"


@extend_schema_view(
    retrieve=extend_schema(
        summary=gettext_lazy("成长纪实档案"),
        description=gettext_lazy(
            "一名干部的成长纪实：选拔、教育培训、导师帮带、实践锻炼、工作成果、考察考核、"
            "测评、年度考核、适岗分析等纪实事项按时间排列，可按类别（kind，可多选）和年度"
            "（year）筛选；年度概况总是涵盖全部纪实。"
        ),
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, many=True, enum=list(s.KINDS)),
            OpenApiParameter("year", OpenApiTypes.INT),
        ],
        responses={200: s.GrowthRecordSerializer},
    ),
    export=extend_schema(
        summary=gettext_lazy("导出成长纪实档案"),
        description=gettext_lazy("在后台生成 Word 或 PDF 文件，返回任务编号。"),
        request=s.ExportSerializer,
        responses={202: s.JobStartedSerializer},
    ),
)
class GrowthRecordViewSet(ScopedViewSet):
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = s.GrowthRecordSerializer
    required_perms = {"retrieve": _READ_RECORD, "export": "supervision.export_records"}
    getter = staticmethod(selectors.record_cadre_get)

    def get_queryset(self):
        # Read by the schema (the id's type); the record comes through the getter.
        return Cadre.objects.none()

    def retrieve(self, request, *args, **kwargs):
        cadre = self.get_object()
        try:
            kinds, year = selectors.parse_filters(request.query_params)
        except ValueError as exc:
            message = _("没有这一类纪实事项。") if str(exc) == "kind" else _("年度应为四位数字。")
            raise ValidationError({str(exc): message}) from exc
        data = selectors.record(request.user, cadre, kinds=kinds, year=year)
        return Response(s.GrowthRecordSerializer({"cadre": cadre, **data}).data)

    @action(detail=True, methods=["post"])
    def export(self, request, pk=None):
        cadre = self.get_object()
        body = s.ExportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        job = jobs_records.growth_export_start(
            actor=request.user, cadre=cadre, fmt=body.validated_data["format"]
        )
        return Response({"job": job.pk}, status=status.HTTP_202_ACCEPTED)


_READ = "supervision.view_records"
_REVIEW = "supervision.review_fitness"


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("适岗情况与能力水平分析列表"),
        description=gettext_lazy(
            "按状态（待分析、已超期、已分析）、适岗评价、培养项目、单位筛选。"
        ),
    ),
    retrieve=extend_schema(summary=gettext_lazy("适岗情况与能力水平分析详情")),
    create=extend_schema(
        summary=gettext_lazy("录入一次周期外的适岗分析"),
        description=gettext_lazy("如调动、提拔前的分析：写明分析期间、适岗评价和评价理由。"),
        request=s.FitnessCreateSerializer,
        responses={201: s.FitnessReviewSerializer},
    ),
    record=extend_schema(
        summary=gettext_lazy("录入到期的适岗分析"),
        description=gettext_lazy(
            "适岗评价（fit 胜任、mostly_fit 基本胜任、unfit 不胜任）和评价理由必填。"
        ),
        request=s.JudgementSerializer,
        responses={200: s.FitnessReviewSerializer},
    ),
)
class FitnessReviewViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = s.FitnessReviewSerializer
    filter_backends = [ScopedFilterBackend]
    filterset_class = FitnessFilter
    required_perms = {"list": _READ, "retrieve": _READ, "create": _REVIEW, "record": _REVIEW}
    getter = staticmethod(fitness_selectors.review_get)
    getters = {"record": fitness_selectors.managed_review_get}

    def get_queryset(self):
        return fitness_selectors.review_queryset(self.request.user).order_by("due_date", "id")

    def create(self, request, *args, **kwargs):
        body = s.FitnessCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        cadre = selectors.record_cadre_get(request.user, data.pop("cadre"))
        review = services.review_create(actor=request.user, cadre=cadre, data=data)
        return Response(
            s.FitnessReviewSerializer(self.refetch(review)).data, status=status.HTTP_201_CREATED
        )

    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        review = self.get_object()
        body = s.JudgementSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.review_record(actor=request.user, review=review, data=body.validated_data)
        return Response(s.FitnessReviewSerializer(self.refetch(review)).data)


ROUTES: list = [
    ("supervision/growth-records", GrowthRecordViewSet, "supervision-growth-record"),
    ("supervision/fitness-reviews", FitnessReviewViewSet, "supervision-fitness-review"),
]
