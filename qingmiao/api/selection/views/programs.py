"""Programs, their eligibility rules, the eligibility check and screening."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from qingmiao.accounts import scoping
from qingmiao.cadres import selectors as cadre_selectors
from qingmiao.selection import eligibility, selectors, services

from ...base import ScopedViewSet
from .. import serializers
from ._common import _non_field
from .funnel import ProgramFunnelMixin


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("培养项目列表"),
        description=gettext_lazy(
            "已发布的项目对能查看项目的角色可见；草稿只对主办单位在本人单位范围内的"
            "组织部门一方可见。"
        ),
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("培养项目详情"),
        description=gettext_lazy("不在可见范围内的项目返回 404。"),
    ),
    create=extend_schema(
        summary=gettext_lazy("新建培养项目"),
        description=gettext_lazy(
            "新建的项目为草稿，同时建立空的资格条件。出错时返回 400 和逐字段的错误信息，"
            "不保存任何内容。"
        ),
        request=serializers.ProgramWriteSerializer,
        responses={201: serializers.ProgramSerializer},
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("修改培养项目"),
        description=gettext_lazy(
            "只改所传字段；赛道须传完整列表。不在本人管理范围内的项目返回 404。"
        ),
        request=serializers.ProgramWriteSerializer,
        responses={200: serializers.ProgramSerializer},
    ),
)
class ProgramViewSet(
    ProgramFunnelMixin, ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin
):
    http_method_names = ["get", "post", "patch", "put", "head", "options"]
    serializer_class = serializers.ProgramSerializer
    required_perms = {
        "list": "selection.view_program",
        "retrieve": "selection.view_program",
        "create": "selection.manage_program",
        "partial_update": "selection.manage_program",
        "transition": "selection.manage_program",
        "rule": "selection.view_program",
        "rule_update": "selection.manage_program",
        "eligibility": ("selection.apply", "selection.recommend"),
        "screen": "selection.screen_application",
        "funnel": "selection.view_funnel",
    }
    getter = staticmethod(selectors.program_detail_get)
    getters = {
        "rule": selectors.program_get,
        "eligibility": selectors.program_get,
        "partial_update": selectors.managed_program_get,
        "transition": selectors.managed_program_get,
        "rule_update": selectors.managed_program_get,
        "screen": selectors.managed_program_get,
        "funnel": selectors.overseen_program_get,
    }

    def get_queryset(self):
        return (
            selectors.program_queryset(self.request.user)
            .prefetch_related("tracks")
            .order_by("-created_at", "-id")
        )

    def _detail(self, program, status_code=status.HTTP_200_OK, headers=None) -> Response:
        program = self.refetch(program)
        return Response(
            serializers.ProgramSerializer(program).data, status=status_code, headers=headers
        )

    def create(self, request, *args, **kwargs):
        serializer = serializers.ProgramWriteSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        tracks = values.pop("tracks", [])
        program = services.program_create(actor=request.user, data=values, tracks=tracks)
        location = reverse("api:program-detail", args=[program.pk])
        return self._detail(program, status.HTTP_201_CREATED, headers={"Location": location})

    def partial_update(self, request, *args, **kwargs):
        program = self.get_object()
        serializer = serializers.ProgramWriteSerializer(
            program, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        tracks = values.pop("tracks", None)
        services.program_update(actor=request.user, program=program, data=values, tracks=tracks)
        return self._detail(program)

    @extend_schema(
        summary=gettext_lazy("变更项目状态"),
        description=gettext_lazy(
            "发布并开始报名（须有未到期的报名截止时间和至少一个关卡，资格条件随即锁定）、"
            "截止报名开始闯关（须审查完全部报名，通过者进入第一关）、结束项目（须每个关卡"
            "都已确定晋级）。前提不满足时返回 400 和原因，不做任何更改。"
        ),
        request=serializers.TransitionSerializer,
        responses={200: serializers.ProgramSerializer},
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        program = self.get_object()
        serializer = serializers.TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.program_transition(
            actor=request.user, program=program, to=serializer.validated_data["to"]
        )
        return self._detail(program)

    # --- the eligibility rule

    def _rule_response(self, program) -> Response:
        rule = getattr(program, "rule", None)
        if rule is None:
            raise exceptions.NotFound()
        return Response(
            serializers.EligibilityRuleSerializer(rule, context=self.get_serializer_context()).data
        )

    @extend_schema(
        summary=gettext_lazy("资格条件"),
        description=gettext_lazy("项目的资格条件，逐项给出要求的文字说明。"),
        responses={200: serializers.EligibilityRuleSerializer},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def rule(self, request, pk=None):
        return self._rule_response(self.get_object())

    @extend_schema(
        summary=gettext_lazy("设置资格条件"),
        description=gettext_lazy(
            "整体替换：未传的条件视为不限。政治面貌、职务职级按代码值，单位、标签按 id。"
            "报名开始后资格条件锁定，修改返回 400。"
        ),
        request=serializers.EligibilityRuleSerializer,
        responses={200: serializers.EligibilityRuleSerializer},
    )
    @rule.mapping.put
    def rule_update(self, request, pk=None):
        program = self.get_object()
        serializer = serializers.EligibilityRuleSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data, m2m = serializer.rule_values()
        services.rule_save(actor=request.user, program=program, data=data, m2m=m2m)
        return self._rule_response(selectors.program_get(request.user, program.pk))

    @extend_schema(
        summary=gettext_lazy("资格核验"),
        description=gettext_lazy(
            "逐条核验干部是否符合项目的资格条件。干部核验本人；单位干部专员和组织部管理员"
            "用 cadre 参数指定本单位范围内的干部（范围外为 404）。"
        ),
        parameters=[serializers.EligibilityQuerySerializer],
        responses={200: serializers.EligibilitySerializer},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def eligibility(self, request, pk=None):
        user = request.user
        program = self.get_object()
        query = serializers.EligibilityQuerySerializer(data=request.query_params)
        query.fields["cadre"].required = not user.has_perm("selection.apply")
        query.is_valid(raise_exception=True)
        own = cadre_selectors.own_cadre(user) if user.has_perm("selection.apply") else None
        if "cadre" in query.validated_data:
            asked = query.validated_data["cadre"]
            if own is not None and asked == own.pk:
                cadre = own  # a cadre may name their own record
            elif not user.has_perm("selection.recommend"):
                raise exceptions.PermissionDenied()
            else:
                cadre = scoping.get_visible_or_404(
                    user, cadre_selectors.cadre_queryset(user), pk=asked
                )
        else:
            cadre = own
            if cadre is None:
                raise _non_field(_("您的账户未关联干部档案，无法报名。"))
        results = eligibility.check(getattr(program, "rule", None), cadre)
        payload = {
            "program": program.pk,
            "cadre": cadre.pk,
            "cadre_name": cadre.name,
            "eligible": eligibility.is_eligible(results),
            "rules": [r.as_dict() for r in results],
        }
        return Response(serializers.EligibilitySerializer(payload).data)

    @extend_schema(
        summary=gettext_lazy("资格审查"),
        description=gettext_lazy(
            "批量审查所选报名（不通过须填写理由），或用 by_rules 按资格条件一次审查全部"
            "待审查的报名。只能在报名期内进行；全部成功或全部不做。"
        ),
        request=serializers.ScreenSerializer,
        responses={200: serializers.ScreenResultSerializer},
    )
    @action(detail=True, methods=["post"])
    def screen(self, request, pk=None):
        user = request.user
        program = self.get_object()
        serializer = serializers.ScreenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        if values["by_rules"]:
            counts = services.applications_screen_by_rules(actor=user, program=program)
            result = {"screened": counts["eligible"] + counts["ineligible"], **counts}
        else:
            n = services.applications_screen(
                actor=user,
                program=program,
                applications=values["applications"],
                eligible=values["eligible"],
                reason=values["reason"],
            )
            result = {
                "screened": n,
                "eligible": n if values["eligible"] else 0,
                "ineligible": 0 if values["eligible"] else n,
            }
        return Response(serializers.ScreenResultSerializer(result).data)
