"""Applications: listing, applying or recommending, withdrawing."""

from django.urls import reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from qingmiao.selection import selectors, services
from qingmiao.selection.filters import ApplicationFilter

from ...base import ScopedViewSet
from ...filters import ScopedFilterBackend
from .. import serializers


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("报名列表"),
        description=gettext_lazy(
            "干部看到本人的报名，单位干部专员看到本单位及下属单位干部的报名，组织部门一方"
            "看到本单位主办项目的全部报名。"
        ),
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("报名详情"),
        description=gettext_lazy("不在可见范围内的报名返回 404。"),
    ),
    create=extend_schema(
        summary=gettext_lazy("报名或推荐"),
        description=gettext_lazy(
            "干部自主报名（program、track、statement）；单位干部专员和组织部管理员推荐本单位"
            "范围内的干部（另加 cadre）。按调用者的角色决定是哪一种。须在报名期内、符合资格"
            "条件、未报过名。"
        ),
        request=serializers.ApplicationCreateSerializer,
        responses={201: serializers.ApplicationSerializer},
    ),
)
class ApplicationViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = serializers.ApplicationSerializer
    filter_backends = [ScopedFilterBackend]
    filterset_class = ApplicationFilter
    required_perms = {
        "list": ("selection.view_application", "selection.apply"),
        "retrieve": ("selection.view_application", "selection.apply"),
        "create": ("selection.apply", "selection.recommend"),
        "withdraw": ("selection.apply", "selection.recommend"),
    }
    getter = staticmethod(selectors.application_get)

    def get_queryset(self):
        return selectors.application_queryset(self.request.user).order_by(
            "program_id", "created_at", "id"
        )

    def _detail(self, application, status_code=status.HTTP_200_OK, headers=None) -> Response:
        application = self.refetch(application)
        return Response(
            serializers.ApplicationSerializer(application).data,
            status=status_code,
            headers=headers,
        )

    def create(self, request, *args, **kwargs):
        user = request.user
        recommending = user.has_perm("selection.recommend")
        serializer = serializers.ApplicationCreateSerializer(
            data=request.data, context=self.get_serializer_context(), recommending=recommending
        )
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        if recommending:
            application = services.application_recommend(
                actor=user,
                program=values["program"],
                cadre=values["cadre"],
                track=values.get("track"),
                statement=values["statement"],
            )
        else:
            application = services.application_submit(
                actor=user,
                program=values["program"],
                track=values.get("track"),
                statement=values["statement"],
            )
        location = reverse("api:application-detail", args=[application.pk])
        return self._detail(application, status.HTTP_201_CREATED, headers={"Location": location})

    @extend_schema(
        summary=gettext_lazy("撤回报名"),
        description=gettext_lazy(
            "报名者本人或推荐该干部的人在报名期内撤回；其他人返回 403。撤回的报名保留。"
        ),
        request=None,
        responses={200: serializers.ApplicationSerializer},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        application = self.get_object()
        services.application_withdraw(actor=request.user, application=application)
        return self._detail(application)
