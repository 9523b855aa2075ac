"""管 · assessment schemes, monthly rounds (月度考察) and their scoring, the
performance list (实绩清单), the cadre portrait (干部画像): endpoints.

The same services and selectors as the pages: a refusal reads as on the form (400, by field),
out of scope is 404, a role without the capability 403.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from qingmiao.supervision import evidence_rounds
from qingmiao.supervision.filters_rounds import RankingFilter, RoundFilter
from qingmiao.supervision.models import RoundMember
from qingmiao.supervision.selectors import overview_rounds
from qingmiao.supervision.selectors import rounds as selectors
from qingmiao.supervision.services import rounds as services
from qingmiao.supervision.services import rounds_close
from qingmiao.supervision.services import schemes as scheme_services

from ...base import ScopedViewSet
from ...filters import ScopedFilterBackend
from ..serializers import rounds as serializers

_STAFF = "supervision.view_rounds"


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("考察方案列表")),
    retrieve=extend_schema(
        summary=gettext_lazy("考察方案详情"),
        description=gettext_lazy("含现行版本的维度、权重和计分档次。"),
    ),
    create=extend_schema(
        summary=gettext_lazy("新建考察方案"),
        description=gettext_lazy(
            "三项评价来源的权重合计须为 100，各维度权重合计须为 100。出错返回 400，不保存。"
        ),
        request=serializers.SchemeWriteSerializer,
        responses={201: serializers.SchemeSerializer},
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("修改考察方案"),
        description=gettext_lazy(
            "现行版本已用于考察的，生成新版本，已有考察结果不变。须传完整的计分档次、权重和维度。"
        ),
        request=serializers.SchemeWriteSerializer,
        responses={200: serializers.SchemeSerializer},
    ),
)
class SchemeViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    http_method_names = ["get", "post", "patch", "head", "options"]
    serializer_class = serializers.SchemeSerializer
    required_perms = {
        "list": _STAFF,
        "retrieve": _STAFF,
        "create": "supervision.manage_schemes",
        "partial_update": "supervision.manage_schemes",
    }
    getter = staticmethod(selectors.scheme_get)

    def get_queryset(self):
        return selectors.scheme_queryset(self.request.user).prefetch_related("versions__dimensions")

    def create(self, request, *args, **kwargs):
        serializer = serializers.SchemeWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        scheme = scheme_services.scheme_create(actor=request.user, data=serializer.validated_data)
        return Response(
            serializers.SchemeSerializer(self.refetch(scheme)).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": reverse("api:supervision-scheme-detail", args=[scheme.pk])},
        )

    def partial_update(self, request, *args, **kwargs):
        scheme = self.get_object()
        serializer = serializers.SchemeWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        scheme_services.scheme_update(
            actor=request.user, scheme=scheme, data=serializer.validated_data
        )
        return Response(serializers.SchemeSerializer(self.refetch(scheme)).data)


_LIST = OpenApiParameter(
    "list",
    str,
    enum=["month", "cumulative"],
    description=gettext_lazy("month 本月排名（默认），cumulative 累计排名"),
)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("月度考察列表"),
        description=gettext_lazy(
            "组织部门和领导看到本单位范围内组织的、或含本单位范围内干部的考察；考察组成员看到本组的考察。"
        ),
    ),
    retrieve=extend_schema(summary=gettext_lazy("月度考察详情")),
    create=extend_schema(
        summary=gettext_lazy("发起月度考察"),
        description=gettext_lazy(
            "按培养项目、某类实践锻炼或逐个选定生成考察对象并保存名单；同一批对象每月一次。"
        ),
        request=serializers.RoundWriteSerializer,
        responses={201: serializers.RoundSerializer},
    ),
)
class RoundViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = serializers.RoundSerializer
    filter_backends = [ScopedFilterBackend]
    filterset_class = RoundFilter
    required_perms = {
        "list": _STAFF,
        "retrieve": _STAFF,
        "create": "supervision.manage_rounds",
        "close": "supervision.manage_rounds",
        "reopen": "supervision.reopen_round",
        "ranking": "supervision.view_performance",
        "overview": "supervision.view_performance",
        "nominations": "supervision.view_performance",
    }
    getter = staticmethod(selectors.round_get)
    getters = {"close": selectors.managed_round_get, "reopen": selectors.managed_round_get}

    def get_queryset(self):
        return selectors.round_queryset(self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = serializers.RoundWriteSerializer(data=request.data, user=request.user)
        serializer.is_valid(raise_exception=True)
        round_ = services.round_create(actor=request.user, data=serializer.validated_data)
        return Response(
            serializers.RoundSerializer(self.refetch(round_)).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": reverse("api:supervision-round-detail", args=[round_.pk])},
        )

    @extend_schema(
        summary=gettext_lazy("结束考察"),
        description=gettext_lazy("计算并保存得分、名次和累计排名；结束后评分不能再改。"),
        request=None,
        responses={200: serializers.RoundSerializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def close(self, request, pk=None):
        round_ = rounds_close.round_close(actor=request.user, round_=self.get_object())
        return Response(serializers.RoundSerializer(self.refetch(round_)).data)

    @extend_schema(
        summary=gettext_lazy("重新开启考察"),
        description=gettext_lazy("须说明理由，记入日志。"),
        request=serializers.RoundReopenSerializer,
        responses={200: serializers.RoundSerializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def reopen(self, request, pk=None):
        round_ = self.get_object()
        serializer = serializers.RoundReopenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rounds_close.round_reopen(actor=request.user, round_=round_, **serializer.validated_data)
        return Response(serializers.RoundSerializer(self.refetch(round_)).data)

    @extend_schema(
        summary=gettext_lazy("实绩清单"),
        description=gettext_lazy(
            "按名次排列，未考察的在后；movement 为与上次考察相比的名次变化（↑3、↓1、新进）。"
        ),
        parameters=[_LIST],
        responses={200: serializers.RoundMemberSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def ranking(self, request, pk=None):
        round_ = self.get_object()
        rows = selectors.ranking(
            request.user, round_, cumulative=request.query_params.get("list") == "cumulative"
        )
        filterset = RankingFilter(request.query_params, queryset=rows, user=request.user)
        rows = filterset.qs if filterset.is_valid() else rows.none()
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(serializers.RoundMemberSerializer(page, many=True).data)

    @extend_schema(
        summary=gettext_lazy("考察概况"),
        description=gettext_lazy("得分分布、名次变化、各维度平均分和评分进度。"),
        responses={200: serializers.RoundOverviewSerializer},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def overview(self, request, pk=None):
        summary = overview_rounds.summary(request.user, self.get_object())
        return Response(serializers.RoundOverviewSerializer(summary).data)

    @extend_schema(
        summary=gettext_lazy("推荐进入储备库的干部"),
        responses={200: serializers.NominationSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def nominations(self, request, pk=None):
        rows = selectors.nominations(request.user, self.get_object())
        return Response(serializers.NominationSerializer(rows, many=True).data)


@extend_schema_view(
    retrieve=extend_schema(
        summary=gettext_lazy("考察对象详情"),
        description=gettext_lazy(
            "各维度得分及依据、接收方评价、台账检查、结束后保存的得分和名次，以及培养工作中已有的本月记录（学时、帮带、成果、引资、解决难题）。"
        ),
        responses={200: serializers.RoundMemberDetailSerializer},
    ),
)
class RoundMemberViewSet(ScopedViewSet, mixins.RetrieveModelMixin):
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = serializers.RoundMemberDetailSerializer
    required_perms = {
        "retrieve": ("supervision.view_rounds", "supervision.evaluate_round"),
        "score": "supervision.score_round",
        "host_evaluation": "supervision.evaluate_round",
        "nominate": "supervision.nominate_reserve",
    }
    queryset = RoundMember.objects.none()  # the schema's path type; reads use the getters
    getter = staticmethod(selectors.member_get)
    getters = {
        "score": selectors.inspected_member_get,
        "host_evaluation": selectors.hosted_member_get,
    }

    def _detail(self, member):
        member = selectors.member_get(self.request.user, member.pk)
        first, last = evidence_rounds.month_range(member.round.month)
        figures = evidence_rounds.figures([member.cadre_id], first, last)[member.cadre_id]
        return Response(
            serializers.RoundMemberDetailSerializer(member, context={"figures": figures}).data
        )

    def retrieve(self, request, *args, **kwargs):
        return self._detail(self.get_object())

    @extend_schema(
        summary=gettext_lazy("考察评分"),
        description=gettext_lazy(
            "考察组成员对本组考察的干部逐项评分；超出计分档次的按项返回 400；考察结束后不能再评分。"
        ),
        request=serializers.RoundScoreWriteSerializer,
        responses={200: serializers.RoundMemberDetailSerializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def score(self, request, pk=None):
        member = self.get_object()
        serializer = serializers.RoundScoreWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.member_score(actor=request.user, member=member, data=serializer.validated_data)
        return self._detail(member)

    @extend_schema(
        summary=gettext_lazy("接收方评价"),
        description=gettext_lazy(
            "只有该干部实践锻炼的接收方联系人可以评价，不是本单位接收的返回 404。"
        ),
        request=serializers.RoundHostWriteSerializer,
        responses={200: serializers.RoundMemberDetailSerializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[], url_path="host-evaluation")
    def host_evaluation(self, request, pk=None):
        member = self.get_object()
        serializer = serializers.RoundHostWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.host_evaluate(actor=request.user, member=member, data=serializer.validated_data)
        return Response({"host_score": str(member.host_score), "host_note": member.host_note})

    @extend_schema(
        summary=gettext_lazy("推荐进入储备库"),
        description=gettext_lazy("考察结束后，可推荐本月或累计排名前 10 名的干部，须填写理由。"),
        request=serializers.NominateWriteSerializer,
        responses={201: serializers.NominationSerializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def nominate(self, request, pk=None):
        member = self.get_object()
        selectors.managed_round_get(request.user, member.round_id)
        serializer = serializers.NominateWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        nomination = rounds_close.nominate(
            actor=request.user, member=member, **serializer.validated_data
        )
        return Response(
            serializers.NominationSerializer(nomination).data, status=status.HTTP_201_CREATED
        )


ROUTES: list = [
    ("supervision/schemes", SchemeViewSet, "supervision-scheme"),
    ("supervision/rounds", RoundViewSet, "supervision-round"),
    ("supervision/round-members", RoundMemberViewSet, "supervision-round-member"),
]
