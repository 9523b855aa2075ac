"""The API's endpoints. They read through the cadre selectors and write through its services,
exactly as the pages do; nothing here decides on its own what a user may see."""

import json

from django.contrib.auth import authenticate, user_logged_in, user_logged_out
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
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions, generics, mixins, permissions, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from qingmiao.cadres import selectors, services
from qingmiao.cadres.filters import CadreFilter
from qingmiao.cadres.models import CodeTable, OrgUnit

from . import serializers
from .authentication import (
    API_AUTHENTICATION,
    ExpiringTokenAuthentication,
    token_expired,
    token_expires_at,
)
from .base import ApiView, NotCached, ScopedViewSet
from .filters import ScopedFilterBackend


class Locked(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"


# --- org units --------------------------------------------------------------------------------


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


# --- reference codes ------------------------------------------------------------------------


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


# --- cadre records --------------------------------------------------------------------------


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


# --- tokens -----------------------------------------------------------------------------------


class TokenView(NotCached, APIView):
    """Obtain (POST, with username and password) or revoke (DELETE) an API token.

    Sign-in goes through the same authentication as the login page, so failures count towards
    the lock-out and are audited, and a locked-out account gets no token (429).
    """

    authentication_classes = [ExpiringTokenAuthentication]
    permission_classes = [permissions.AllowAny]
    parser_classes = [JSONParser]
    renderer_classes = [JSONRenderer]
    serializer_class = serializers.TokenObtainSerializer

    def get_permissions(self):
        if self.request.method == "DELETE":
            return [permissions.IsAuthenticated()]
        return super().get_permissions()

    @extend_schema(
        summary=gettext_lazy("获取 API 令牌"),
        description=gettext_lazy(
            "用户名和密码与登录页面相同，连续失败同样计入锁定。之后的请求带请求头 "
            "“Authorization: Token <令牌>”。令牌的有效期与会话的最长时限相同。"
        ),
        request=serializers.TokenObtainSerializer,
        responses={
            200: serializers.TokenSerializer,
            400: OpenApiResponse(description=gettext_lazy("用户名或密码错误。")),
            429: OpenApiResponse(description=gettext_lazy("登录失败次数过多，账户已锁定。")),
        },
        auth=[],
    )
    def post(self, request):
        serializer = serializers.TokenObtainSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        http_request = request._request
        user = authenticate(
            http_request,
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        if getattr(http_request, "axes_locked_out", False):
            # Answer in JSON here rather than with the lock-out page the middleware would render.
            http_request.axes_locked_out = False
            raise Locked(
                _("连续登录失败次数过多，账户已被临时锁定。请稍后再试，或联系安全管理员解锁。")
            )
        if user is None:
            raise exceptions.ValidationError(
                {
                    api_settings.NON_FIELD_ERRORS_KEY: [
                        _("用户名或密码错误。连续多次错误将锁定账户。")
                    ]
                }
            )
        had_session = http_request.session.session_key is not None
        user_logged_in.send(sender=user.__class__, request=http_request, user=user)
        if not had_session:
            # A receiver may have opened a session to note the sign-in; a token client does
            # not use one, so none is kept and no cookie is sent.
            http_request.session.flush()
        token, created = Token.objects.get_or_create(user=user)
        if not created and token_expired(token):
            token.delete()
            token = Token.objects.create(user=user)
        return Response({"token": token.key, "expires_at": token_expires_at(token)})

    @extend_schema(
        summary=gettext_lazy("注销当前 API 令牌"),
        description=gettext_lazy("令牌立即失效。"),
        request=None,
        responses={204: None},
    )
    def delete(self, request):
        if request.auth is not None:
            request.auth.delete()
        user_logged_out.send(
            sender=request.user.__class__, request=request._request, user=request.user
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- schema and docs ----------------------------------------------------------------------------


class SchemaView(SpectacularAPIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [permissions.IsAuthenticated]


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from the app's own static files. The page has no inline script: its
    start-up script is served from this same URL (`?script`), as the CSP requires."""

    authentication_classes = API_AUTHENTICATION
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if request.GET.get("script") is not None and response.status_code == 200:
            # No external validator badge (the CSP would block it), and the script may only be
            # loaded by this site's own pages.
            ui_settings = json.loads(response.data["settings"] or "{}")
            response.data["settings"] = json.dumps({**ui_settings, "validatorUrl": None})
            response["Cross-Origin-Resource-Policy"] = "same-origin"
        return response
