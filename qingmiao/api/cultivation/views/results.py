"""Endpoints of the results area: deliverables and their outcomes, investment, problems
solved, and the roll-ups — through the same services, selectors and filters as the pages."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from qingmiao.cultivation.filters.results import DeliverableFilter, InvestmentFilter, ProblemFilter
from qingmiao.cultivation.models import Deliverable, DeliverableOutcome
from qingmiao.cultivation.selectors import results as selectors
from qingmiao.cultivation.selectors import results_rollup as rollup
from qingmiao.cultivation.services import results as services
from qingmiao.cultivation.services import results_edit

from ...base import ScopedViewSet
from ...filters import ScopedFilterBackend
from ..serializers import results as s

_READ = "cultivation.view_results"
_RECORD = "cultivation.record_results"
_UPLOADS = [JSONParser, MultiPartParser, FormParser]


def _required(value, field: str):
    if value in (None, ""):
        raise ValidationError({field: _("请填写此项。")})
    return value


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("调研成果列表"),
        description=gettext_lazy(
            "组织部门一方看到本单位主办项目的成果，单位干部专员看到执笔人（未署名时为调研组成员）"
            "在本单位范围内的成果，导师看到所指导调研组的成果。"
        ),
    ),
    retrieve=extend_schema(summary=gettext_lazy("调研成果详情")),
    create=extend_schema(
        summary=gettext_lazy("登记或提交调研成果"),
        description=gettext_lazy(
            "组织部门和单位干部专员登记（须传 program）；干部提交本组成果（须传 team）。"
            "附件可用 multipart 上传，只接受 PDF 或 Word（.docx），不超过 20 MB。"
        ),
        request=s.DeliverableWriteSerializer,
        responses={201: s.DeliverableSerializer},
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("修改调研成果"),
        description=gettext_lazy(
            "提交人在登记采纳或转化情况之前可以修改本人提交的成果；组织部门和单位干部专员随时"
            "可以修改。只改所传的项；新附件替换原附件。修改前后的内容记入审计日志。"
        ),
        request=s.DeliverableUpdateSerializer,
        responses={200: s.DeliverableSerializer},
    ),
    outcomes=extend_schema(
        summary=gettext_lazy("登记采纳、转化或纳入规划"),
        description=gettext_lazy("每种成效只登记一次，须写明佐证。"),
        request=s.OutcomeWriteSerializer,
        responses={201: s.DeliverableSerializer},
    ),
)
class DeliverableViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    http_method_names = ["get", "post", "patch", "head", "options"]
    parser_classes = _UPLOADS
    serializer_class = s.DeliverableSerializer
    filter_backends = [ScopedFilterBackend]
    filterset_class = DeliverableFilter
    required_perms = {
        "list": _READ,
        "retrieve": _READ,
        "create": (_RECORD, "cultivation.submit_deliverable"),
        "partial_update": (_RECORD, "cultivation.submit_deliverable"),
        "outcomes": _RECORD,
    }
    getter = staticmethod(selectors.deliverable_get)

    def get_queryset(self):
        return selectors.deliverable_queryset(self.request.user).order_by("-submitted_on", "-id")

    def create(self, request, *args, **kwargs):
        user = request.user
        body = s.DeliverableWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        if user.has_perm(_RECORD):
            program = selectors.program_get(user, _required(data.pop("program", None), "program"))
            data["team"] = selectors.team_for_credit(user, data.get("team"))
            data["authors"] = selectors.cadres_for_credit(user, data.get("authors"), "authors")
            d = services.deliverable_record(actor=user, program=program, data=data)
        else:
            team = selectors.my_team_get(user, _required(data.pop("team", None), "team"))
            data["authors"] = selectors.cadres_for_credit(user, data.get("authors"), "authors")
            d = services.deliverable_submit(actor=user, team=team, data=data)
        refetched = selectors.deliverable_queryset(user).get(pk=d.pk)
        return Response(s.DeliverableSerializer(refetched).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        user = request.user
        d = self.get_object()
        body = s.DeliverableUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        sent = dict(body.validated_data)
        data = {
            "kind": d.kind,
            "title": d.title,
            "summary": d.summary,
            "submitted_on": d.submitted_on,
            **{k: v for k, v in sent.items() if k not in ("team", "authors")},
        }
        if "authors" in sent:
            data["authors"] = selectors.cadres_for_credit(user, sent["authors"], "authors")
        if "team" in sent and user.has_perm(_RECORD):
            data["team"] = selectors.team_for_credit(user, sent["team"])
        results_edit.deliverable_update(actor=user, deliverable=d, data=data)
        return Response(s.DeliverableSerializer(self.refetch(d)).data)

    @action(detail=True, methods=["post"])
    def outcomes(self, request, pk=None):
        deliverable = self.get_object()
        body = s.OutcomeWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.deliverable_outcome_record(
            actor=request.user, deliverable=deliverable, data=dict(body.validated_data)
        )
        return Response(
            s.DeliverableSerializer(self.refetch(deliverable)).data, status=status.HTTP_201_CREATED
        )


class OutcomeViewSet(ScopedViewSet):
    http_method_names = ["patch", "options"]
    queryset = DeliverableOutcome.objects.none()  # names the model for the schema only
    parser_classes = _UPLOADS
    required_perms = {"partial_update": _RECORD}
    getter = staticmethod(selectors.outcome_file_get)

    @extend_schema(
        summary=gettext_lazy("修改成效"),
        description=gettext_lazy(
            "组织部门和单位干部专员更正已登记的采纳、转化或纳入规划情况（单位、日期、佐证、"
            "佐证材料）；成效类型不变。修改前后的内容记入审计日志。"
        ),
        request=s.OutcomeUpdateSerializer,
        responses={200: s.DeliverableSerializer},
    )
    def partial_update(self, request, *args, **kwargs):
        outcome = self.get_object()
        body = s.OutcomeUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = {
            "body": outcome.body,
            "date": outcome.date,
            "evidence": outcome.evidence,
            **body.validated_data,
        }
        results_edit.outcome_update(actor=request.user, outcome=outcome, data=data)
        deliverable = selectors.deliverable_get(request.user, outcome.deliverable_id)
        return Response(s.DeliverableSerializer(deliverable).data)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("招商引资列表")),
    retrieve=extend_schema(summary=gettext_lazy("招商引资详情")),
    create=extend_schema(
        summary=gettext_lazy("登记招商引资"),
        description=gettext_lazy(
            "统一社会信用代码按 GB 32100 校验位核验；注册资本以万元计，最多两位小数，不能为负。"
        ),
        request=s.InvestmentWriteSerializer,
        responses={201: s.InvestmentSerializer},
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("更新招商引资进展"),
        request=s.InvestmentWriteSerializer,
        responses={200: s.InvestmentSerializer},
    ),
)
class InvestmentViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    http_method_names = ["get", "post", "patch", "head", "options"]
    serializer_class = s.InvestmentSerializer
    filter_backends = [ScopedFilterBackend]
    filterset_class = InvestmentFilter
    required_perms = {
        "list": _READ,
        "retrieve": _READ,
        "create": _RECORD,
        "partial_update": _RECORD,
    }
    getter = staticmethod(selectors.investment_get)

    def get_queryset(self):
        return selectors.investment_queryset(self.request.user).order_by("-date", "-id")

    def create(self, request, *args, **kwargs):
        user = request.user
        body = s.InvestmentWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        program = selectors.program_get(user, _required(data.pop("program", None), "program"))
        data["team"] = selectors.team_for_credit(user, data.get("team"))
        data["cadres"] = selectors.cadres_for_credit(user, data.get("cadres"), "cadres")
        record = services.investment_record(actor=user, program=program, data=data)
        return Response(
            s.InvestmentSerializer(self.refetch(record)).data, status=status.HTTP_201_CREATED
        )

    def partial_update(self, request, *args, **kwargs):
        record = self.get_object()
        body = s.InvestmentWriteSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        data = {
            k: v for k, v in body.validated_data.items() if k not in ("program", "team", "cadres")
        }
        services.investment_update(actor=request.user, record=record, data=data)
        return Response(s.InvestmentSerializer(self.refetch(record)).data)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("破解难题列表")),
    retrieve=extend_schema(summary=gettext_lazy("破解难题详情")),
    create=extend_schema(
        summary=gettext_lazy("登记破解难题"),
        request=s.ProblemWriteSerializer,
        responses={201: s.ProblemSerializer},
    ),
)
class ProblemViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = s.ProblemSerializer
    filter_backends = [ScopedFilterBackend]
    filterset_class = ProblemFilter
    required_perms = {"list": _READ, "retrieve": _READ, "create": _RECORD}
    getter = staticmethod(selectors.problem_get)

    def get_queryset(self):
        return selectors.problem_queryset(self.request.user).order_by("-date", "-id")

    def create(self, request, *args, **kwargs):
        user = request.user
        body = s.ProblemWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        program = selectors.program_get(user, data.pop("program"))
        data["team"] = selectors.team_for_credit(user, data.get("team"))
        data["cadres"] = selectors.cadres_for_credit(user, data.get("cadres"), "cadres")
        problem = services.problem_record(actor=user, program=program, data=data)
        return Response(
            s.ProblemSerializer(self.refetch(problem)).data, status=status.HTTP_201_CREATED
        )


class ResultsSummaryViewSet(ScopedViewSet):
    """The roll-ups: totals, per team and per unit, over what the caller may see."""

    required_perms = {"list": _READ}
    pagination_class = None
    queryset = Deliverable.objects.none()  # for the schema; the figures come from the roll-ups

    @extend_schema(
        summary=gettext_lazy("成果汇总"),
        description=gettext_lazy(
            "调研成果按类型、采纳/转化/纳入规划数及比率，招商引资企业数和注册资本（万元，"
            "全部进展和已落户），破解难题数；另按调研组、按单位分列。一项成果有多名执笔人分属"
            "不同单位时，在每个单位各计一次，在合计中只计一次。"
        ),
        parameters=[
            OpenApiParameter("program", int, description=gettext_lazy("培养项目")),
            OpenApiParameter("unit", int, description=gettext_lazy("单位（含下属单位）")),
            OpenApiParameter("year", int, description=gettext_lazy("年度")),
        ],
        responses={200: s.ResultsSummarySerializer},
    )
    def list(self, request, *args, **kwargs):
        user = request.user
        args = selectors.rollup_arguments(user, request.query_params)
        return Response(
            s.ResultsSummarySerializer(
                {
                    "totals": rollup.results_totals(user, **args),
                    "by_team": rollup.results_by_team(user, **args),
                    "by_unit": rollup.results_by_unit(user, **args),
                }
            ).data
        )


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("我的调研成果"),
        description=gettext_lazy("本人执笔或本人所在调研组的调研成果及其成效。"),
    )
)
class MyDeliverableViewSet(ScopedViewSet, mixins.ListModelMixin):
    http_method_names = ["get", "head", "options"]
    serializer_class = s.DeliverableSerializer
    required_perms = {"list": "cultivation.submit_deliverable"}

    def get_queryset(self):
        return selectors.my_deliverables(self.request.user).order_by("-submitted_on", "-id")


ROUTES = [
    ("cultivation/my/deliverables", MyDeliverableViewSet, "cultivation-my-deliverable"),
    ("cultivation/deliverables", DeliverableViewSet, "cultivation-deliverable"),
    ("cultivation/deliverable-outcomes", OutcomeViewSet, "cultivation-deliverable-outcome"),
    ("cultivation/investments", InvestmentViewSet, "cultivation-investment"),
    ("cultivation/problems", ProblemViewSet, "cultivation-problem"),
    ("cultivation/results-summary", ResultsSummaryViewSet, "cultivation-results-summary"),
]
