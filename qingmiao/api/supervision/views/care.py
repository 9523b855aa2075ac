"""管 · care (关心关爱): endpoints. The same services, selectors and filter as the pages; every
answer that carries care records is audited as a view, and a case's notes come back only from
`unmask`, with a reason."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from qingmiao.accounts import scoping
from qingmiao.accounts.models import User
from qingmiao.cadres.models import Cadre
from qingmiao.supervision.filters_care import CareCaseFilter
from qingmiao.supervision.models import CareCase, CareFlag, CareFollowUp
from qingmiao.supervision.selectors import care as selectors
from qingmiao.supervision.services import care as services

from ...base import ScopedViewSet
from ...filters import ScopedFilterBackend
from ..serializers import care as s

_VIEW = "supervision.view_care"
_MANAGE = "supervision.manage_care"


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("关爱台账"),
        description=gettext_lazy(
            "仅组织部门和单位干部专员（本单位及下级）可以查看；每次查看记入审计日志。"
        ),
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("关爱措施详情"),
        description=gettext_lazy("情况说明和跟进情况隐藏，须通过 unmask 写明理由后查看。"),
        responses={200: s.CareCaseDetailSerializer},
    ),
    create=extend_schema(
        summary=gettext_lazy("登记关爱措施"),
        request=s.CareCaseWriteSerializer,
        responses={201: s.CareCaseDetailSerializer},
    ),
    unmask=extend_schema(
        summary=gettext_lazy("查看关爱措施详细情况"),
        request=s.CareUnmaskSerializer,
        responses={200: s.CareCaseDetailSerializer},
    ),
    follow_ups=extend_schema(
        summary=gettext_lazy("添加跟进事项"),
        request=s.CareFollowUpWriteSerializer,
        responses={201: s.CareCaseDetailSerializer},
    ),
)
class CareCaseViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = s.CareCaseSerializer
    filter_backends = [ScopedFilterBackend]
    filterset_class = CareCaseFilter
    required_perms = {
        "list": _VIEW,
        "retrieve": _VIEW,
        "create": _MANAGE,
        "unmask": _VIEW,
        "follow_ups": _VIEW,
    }
    getter = staticmethod(selectors.case_get)

    def get_queryset(self):
        return selectors.case_queryset(self.request.user).order_by("-opened_on", "-id")

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        services.care_viewed(actor=request.user, cases=page, channel="api")
        return self.get_paginated_response(s.CareCaseSerializer(page, many=True).data)

    def _detail(self, case, *, unmasked=False, code=status.HTTP_200_OK):
        data = s.CareCaseDetailSerializer(case, context={"unmasked": unmasked}).data
        return Response(data, status=code)

    def retrieve(self, request, *args, **kwargs):
        case = self.get_object()
        services.care_viewed(actor=request.user, cases=[case], channel="api")
        return self._detail(case)

    def create(self, request, *args, **kwargs):
        user = request.user
        body = s.CareCaseWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        cadre = (
            scoping.visible(user, Cadre).select_related("unit").filter(pk=data.pop("cadre")).first()
        )
        if cadre is None:
            raise ValidationError({"cadre": _("没有这名干部，或不在您的管理范围内。")})
        owner_id = data.pop("owner", None)
        data["owner"] = User.objects.filter(pk=owner_id).first() if owner_id else None
        case = services.care_case_open(actor=user, cadre=cadre, data=data)
        return self._detail(self.refetch(case), code=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def unmask(self, request, pk=None):
        case = self.get_object()
        body = s.CareUnmaskSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.care_unmask(
            actor=request.user,
            case=case,
            reason=body.validated_data.get("reason", ""),
            channel="api",
        )
        return self._detail(case, unmasked=True)

    @action(detail=True, methods=["post"], url_path="follow-ups")
    def follow_ups(self, request, pk=None):
        case = self.get_object()
        body = s.CareFollowUpWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.care_follow_up_add(actor=request.user, case=case, data=dict(body.validated_data))
        return self._detail(self.refetch(case), code=status.HTTP_201_CREATED)


@extend_schema_view(
    record=extend_schema(
        summary=gettext_lazy("记录跟进结果"),
        description=gettext_lazy(
            "已解决、无法解决即办结；跟进中的须同时给出下一步跟进内容和期限。"
        ),
        request=s.CareOutcomeWriteSerializer,
        responses={200: s.CareCaseDetailSerializer},
    ),
)
class CareFollowUpViewSet(ScopedViewSet):
    http_method_names = ["post", "options"]
    queryset = CareFollowUp.objects.none()  # for the schema only; reads go through the getter
    serializer_class = s.CareFollowUpSerializer
    required_perms = {"record": _VIEW}
    getter = staticmethod(selectors.follow_up_get)

    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        follow_up = self.get_object()
        body = s.CareOutcomeWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.care_follow_up_record(
            actor=request.user, follow_up=follow_up, data=dict(body.validated_data)
        )
        case = selectors.case_get(request.user, follow_up.case_id)
        return Response(s.CareCaseDetailSerializer(case, context={"unmasked": False}).data)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("关爱措施办理情况统计"),
        description=gettext_lazy("按关爱措施和办理状态计数，以及各类关爱对象人数。"),
        responses={200: s.CareCountsSerializer},
    )
)
class CareCountsViewSet(ScopedViewSet):
    required_perms = {"list": _VIEW}
    queryset = CareCase.objects.none()  # for the schema only
    serializer_class = s.CareCountsSerializer
    pagination_class = None

    def list(self, request, *args, **kwargs):
        counts = selectors.counts(request.user)
        data = {
            "rows": [
                {
                    "kind": kind,
                    "kind_name": label,
                    "by_status": [{"status": st, "count": n} for st, n in cells],
                    "total": total,
                }
                for kind, label, cells, total in counts["rows"]
            ],
            "totals": [{"status": st, "count": n} for st, n in counts["totals"]],
            "total": counts["total"],
            "flags": [
                {"kind": k, "kind_name": label, "cadres": n}
                for k, label, n in selectors.flag_counts(request.user)
            ],
        }
        return Response(s.CareCountsSerializer(data).data)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("干部的关爱对象标记"),
        description=gettext_lazy(
            "须传 cadre（干部 id）；按档案认定和人工标记的都列出，查看记入审计日志。"
        ),
        parameters=[OpenApiParameter("cadre", int, required=True)],
    )
)
class CareFlagViewSet(ScopedViewSet):
    required_perms = {"list": _VIEW}
    queryset = CareFlag.objects.none()  # for the schema only
    serializer_class = s.CareFlagSerializer
    pagination_class = None

    def list(self, request, *args, **kwargs):
        cadre = selectors.cadre_get(request.user, request.query_params.get("cadre"))
        flags = selectors.cadre_flags(request.user, cadre)
        services.care_viewed(actor=request.user, cases=[], channel="api_flags", cadre=cadre)
        return Response(s.CareFlagSerializer(flags, many=True).data)


ROUTES: list = [
    ("supervision/care/flags", CareFlagViewSet, "supervision-care-flag"),
    ("supervision/care/cases", CareCaseViewSet, "supervision-care-case"),
    ("supervision/care/follow-ups", CareFollowUpViewSet, "supervision-care-follow-up"),
    ("supervision/care/counts", CareCountsViewSet, "supervision-care-counts"),
]
