"""The API's own endpoints: tokens, the schema and its documentation page."""

import json

from django.contrib.auth import authenticate, user_logged_in, user_logged_out
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
)
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from .authentication import (
    API_AUTHENTICATION,
    ExpiringTokenAuthentication,
    token_expired,
    token_expires_at,
)
from .base import NotCached


class TokenObtainSerializer(serializers.Serializer):
    username = serializers.CharField(write_only=True, help_text=gettext_lazy("用户名"))
    password = serializers.CharField(
        write_only=True, style={"input_type": "password"}, trim_whitespace=False
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)
    expires_at = serializers.DateTimeField(read_only=True)


class Locked(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"


class TokenView(NotCached, APIView):
    """Obtain (POST, with username and password) or revoke (DELETE) an API token.

    Sign-in goes through the same authentication as the login page, so failures count towards
    the lock-out and are audited, and a locked-out account gets no token (429).
    """

    authentication_classes = [ExpiringTokenAuthentication]
    permission_classes = [permissions.AllowAny]
    parser_classes = [JSONParser]
    renderer_classes = [JSONRenderer]
    serializer_class = TokenObtainSerializer

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
        request=TokenObtainSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(description=gettext_lazy("用户名或密码错误。")),
            429: OpenApiResponse(description=gettext_lazy("登录失败次数过多，账户已锁定。")),
        },
        auth=[],
    )
    def post(self, request):
        serializer = TokenObtainSerializer(data=request.data)
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
