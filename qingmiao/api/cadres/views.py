"""The cadre registry's endpoints: org units, code tables and cadre records. They read
through the cadre selectors and write through its services, exactly as the pages do; nothing
here decides on its own what a user may see.
"""

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, generics, mixins, permissions, status, viewsets
from rest_framework.response import Response

from qingmiao.cadres import selectors, services
from qingmiao.cadres.filters import CadreFilter
from qingmiao.cadres.models import CodeTable, OrgUnit

from ..base import ApiView, ScopedViewSet
from ..filters import ScopedFilterBackend
from . import serializers


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("单位列表"),
        description=gettext_lazy("本人可见范围内的单位，按树的顺序（先上级后下级）。"),
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("单位详情"), description=gettext_lazy("可见范围外的单位返回 404。")
    ),
)
class OrgUnitViewSet(ApiView, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.OrgUnitSerializer
    required_perms = {"list": "cadres.view_orgunit", "retrieve": "cadres.view_orgunit"}

    def get_queryset(self):
        visible = selectors.orgunit_queryset(self.request.user)
        # The parent is the unit whose path is this one's minus its last step, if visible.
        parent = visible.filter(
            path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - OrgUnit.steplen)
        ).values("pk")[:1]
        return visible.annotate(parent_pk=Subquery(parent))


@extend_schema(
    summary=gettext_lazy("代码表（国家标准代码等参考数据）"),
    parameters=[
        OpenApiParameter(
            "table",
            OpenApiTypes.STR,
            required=True,
            enum=CodeTable.values,
            description=gettext_lazy("代码表，如 GB4762（政治面貌）。"),
        )
    ],
)
class CodeListView(ApiView, generics.ListAPIView):
    """Active values of one code table, in display order. Every signed-in user may read them."""

    serializer_class = serializers.CodeItemSerializer
    permission_classes = [permissions.IsAuthenticated]

    def list(self, request, *args, **kwargs):
        table = request.query_params.get("table", "")
        if table not in CodeTable.values:
            raise exceptions.ValidationError(
                {
                    "table": [
                        _("请用 table 参数指定代码表，可选：%(tables)s。")
                        % {"tables": "、".join(CodeTable.values)}
                    ]
                }
            )
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.codes(self.request.query_params.get("table", ""))


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("干部列表"),
        description=gettext_lazy(
            "本人可见范围内的干部，筛选条件与干部列表页面相同。q 按姓名、全拼或首字母查找"
            "（“张伟”“zhangwei”“zw”）。列表不含身份证号码等敏感信息。"
        ),
        parameters=[
            OpenApiParameter(
                "political_status",
                OpenApiTypes.STR,
                description=gettext_lazy("政治面貌代码，如 01。"),
            ),
            OpenApiParameter(
                "rank", OpenApiTypes.STR, description=gettext_lazy("职务职级代码，如 R21。")
            ),
        ],
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("干部档案详情"),
        description=gettext_lazy(
            "含简历、奖惩、年度考核；家庭成员仅对有查看敏感信息权限的角色返回。"
            "未脱敏的每次查看都记入审计日志。"
        ),
    ),
    create=extend_schema(
        summary=gettext_lazy("新建干部档案"),
        description=gettext_lazy(
            "与新建页面同一套校验（身份证号码校验位、与出生日期和性别一致等），"
            "出错时返回 400 和逐字段的错误信息，不保存任何内容。"
        ),
        request=serializers.CadreWriteSerializer,
        responses={201: serializers.CadreDetailSerializer},
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("修改干部档案（须带 version）"),
        description=gettext_lazy(
            "只改所传字段。version 须为读取时得到的版本号；记录已被他人修改时返回 409，"
            "不做任何更改。只读字段（id、name_pinyin、created_at 等）传入也会被忽略。"
        ),
        request=serializers.CadreWriteSerializer,
        responses={
            200: serializers.CadreDetailSerializer,
            409: OpenApiResponse(description=gettext_lazy("记录已被他人修改，未做任何更改。")),
        },
    ),
    destroy=extend_schema(
        summary=gettext_lazy("删除干部档案"),
        description=gettext_lazy("删除前的完整记录保留在审计日志中。"),
    ),
)
class CadreViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    required_perms = {
        "list": "cadres.view_cadre",
        "retrieve": "cadres.view_cadre",
        "create": "cadres.add_cadre",
        "partial_update": "cadres.change_cadre",
        "destroy": "cadres.delete_cadre",
    }
    filter_backends = [ScopedFilterBackend]
    filterset_class = CadreFilter
    filterset_options = {"codes_by_value": True}
    getter = staticmethod(selectors.cadre_get)

    def get_queryset(self):
        return selectors.cadre_queryset(self.request.user)

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.CadreListSerializer
        if self.action in ("create", "partial_update"):
            return serializers.CadreWriteSerializer
        return serializers.CadreDetailSerializer

    def _detail(self, cadre, status_code=status.HTTP_200_OK, headers=None) -> Response:
        """The detail representation; an unmasked one is recorded as a view of sensitive data."""
        user = self.request.user
        show_sensitive = user.has_perm("cadres.view_sensitive")
        if show_sensitive:
            shown = (
                ["id_number", "family_members"] if cadre.id_number_encrypted else ["family_members"]
            )
            services.sensitive_viewed(actor=user, cadre=cadre, fields=shown, channel="api")
        data = serializers.CadreDetailSerializer(
            cadre, context={**self.get_serializer_context(), "show_sensitive": show_sensitive}
        ).data
        return Response(data, status=status_code, headers=headers)

    def retrieve(self, request, *args, **kwargs):
        return self._detail(self.get_object())

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        cadre = services.cadre_create(
            actor=request.user,
            data=values["data"],
            id_number=values["id_number"],
            tags=values["tags"] or (),
        )
        location = reverse("api:cadre-detail", args=[cadre.pk])
        return self._detail(
            self.refetch(cadre),
            status.HTTP_201_CREATED,
            headers={"Location": location},
        )

    def partial_update(self, request, *args, **kwargs):
        cadre = self.get_object()
        serializer = self.get_serializer(cadre, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        services.cadre_update(
            actor=request.user,
            cadre=cadre,
            data=values["data"],
            expected_version=values["version"],
            id_number=values["id_number"],
            tags=values["tags"],
        )
        return self._detail(self.refetch(cadre))

    def destroy(self, request, *args, **kwargs):
        services.cadre_delete(actor=request.user, cadre=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
