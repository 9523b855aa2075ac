"""Selection endpoints: programs and their eligibility rules, applications and screening,
stages with their scoring schemes, rater assignments, score sheets, the ranking, the cut and
the funnel.

The views are thin. Objects come through the selection selectors and the scoping layer (an
object outside the caller's scope is a 404, never a 403); every change is one call of a
selection service, whose refusals come back as 400 with its Chinese messages, by field where
the service names one. Who may call what is the role's capabilities, as on the pages.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.settings import api_settings

from qingmiao.accounts import scoping
from qingmiao.accounts.roles import Role
from qingmiao.cadres import selectors as cadre_selectors
from qingmiao.selection import eligibility, selectors, selectors_ranking, services
from qingmiao.selection.forms.staff import dimension_formset
from qingmiao.selection.models import (
    AdvancementDecision,
    Dimension,
    RaterAssignment,
    Stage,
)
from qingmiao.selection.models.stage import TieBreak

from ..filters import ScopedFilterBackend
from ..views import ApiView, validation_error
from . import serializers
from .filters import ApplicationFilter, StageFilter
from .ranking_payload import ranking_payload

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY


def _refused(exc: DjangoValidationError, remap=None) -> exceptions.ValidationError:
    """A service's ValidationError as a 400. `remap(key, messages)` may move a field error
    under another key (a score of one dimension under `scores`)."""
    if remap is None or not hasattr(exc, "error_dict"):
        return validation_error(exc)
    detail: dict = {}
    for key, messages in validation_error(exc).detail.items():
        target, value = remap(key, messages)
        if isinstance(value, dict):
            detail.setdefault(target, {}).update(value)
        else:
            detail[target] = value
    return exceptions.ValidationError(detail)


def _non_field(message: str) -> exceptions.ValidationError:
    return exceptions.ValidationError({NON_FIELD: [message]})


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


# --- programs ---------------------------------------------------------------------------------


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
    ApiView, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
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

    def get_queryset(self):
        return (
            selectors.program_queryset(self.request.user)
            .prefetch_related("tracks")
            .order_by("-created_at", "-id")
        )

    def get_object(self):
        return scoping.get_visible_or_404(
            self.request.user, self.get_queryset(), pk=self.kwargs["pk"]
        )

    def _managed(self):
        return selectors.managed_program_get(self.request.user, self.kwargs["pk"])

    def _detail(self, program, status_code=status.HTTP_200_OK, headers=None) -> Response:
        program = scoping.get_visible_or_404(self.request.user, self.get_queryset(), pk=program.pk)
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
        try:
            program = services.program_create(actor=request.user, data=values, tracks=tracks)
        except DjangoValidationError as exc:
            raise _refused(exc) from exc
        location = reverse("api:program-detail", args=[program.pk])
        return self._detail(program, status.HTTP_201_CREATED, headers={"Location": location})

    def partial_update(self, request, *args, **kwargs):
        program = self._managed()
        serializer = serializers.ProgramWriteSerializer(
            program, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        tracks = values.pop("tracks", None)
        try:
            services.program_update(actor=request.user, program=program, data=values, tracks=tracks)
        except DjangoValidationError as exc:
            raise _refused(exc) from exc
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
        program = self._managed()
        serializer = serializers.TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.program_transition(
                actor=request.user, program=program, to=serializer.validated_data["to"]
            )
        except DjangoValidationError as exc:
            raise _refused(exc) from exc
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
        return self._rule_response(selectors.program_get(request.user, pk))

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
        program = self._managed()
        serializer = serializers.EligibilityRuleSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data, m2m = serializer.rule_values()
        try:
            services.rule_save(actor=request.user, program=program, data=data, m2m=m2m)
        except DjangoValidationError as exc:
            raise _refused(exc) from exc
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
        program = selectors.program_get(user, pk)
        query = serializers.EligibilityQuerySerializer(data=request.query_params)
        query.fields["cadre"].required = not user.has_perm("selection.apply")
        query.is_valid(raise_exception=True)
        cadres = cadre_selectors.cadre_queryset(user)
        if "cadre" in query.validated_data:
            if not user.has_perm("selection.recommend"):
                raise exceptions.PermissionDenied()
            cadre = scoping.get_visible_or_404(user, cadres, pk=query.validated_data["cadre"])
        else:
            cadre = cadres.filter(user=user).first()
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
        program = self._managed()
        serializer = serializers.ScreenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        try:
            if values["by_rules"]:
                counts = services.applications_screen_by_rules(actor=user, program=program)
                result = {"screened": counts["eligible"] + counts["ineligible"], **counts}
            else:
                ids = set(values["applications"])
                chosen = list(
                    selectors.application_queryset(user).filter(program=program, pk__in=ids)
                )
                if len(chosen) != len(ids):
                    raise exceptions.ValidationError(
                        {"applications": [_("所选报名中有不属于该项目的记录。")]}
                    )
                n = services.applications_screen(
                    actor=user,
                    program=program,
                    applications=chosen,
                    eligible=values["eligible"],
                    reason=values["reason"],
                )
                result = {
                    "screened": n,
                    "eligible": n if values["eligible"] else 0,
                    "ineligible": 0 if values["eligible"] else n,
                }
        except DjangoValidationError as exc:
            raise _refused(exc) from exc
        return Response(serializers.ScreenResultSerializer(result).data)

    @extend_schema(
        summary=gettext_lazy("选拔漏斗"),
        description=gettext_lazy(
            "报名 → 资格审查通过 → 各关卡（参加、晋级）的人数，以及每一步的学历、年龄段、"
            "性别和单位类型构成。仅主办单位一方可见。"
        ),
        responses={200: serializers.FunnelSerializer},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def funnel(self, request, pk=None):
        program = selectors.overseen_program_get(request.user, pk)
        steps = [
            {
                "key": step["key"],
                "label": str(step["label"]),
                "count": step["count"],
                "structure": {
                    key: [{"label": str(label), "n": n} for label, n in pairs]
                    for key, pairs in step["structure"].items()
                },
            }
            for step in selectors.funnel(program)
        ]
        return Response(serializers.FunnelSerializer({"program": program.pk, "steps": steps}).data)


# --- applications ---------------------------------------------------------------------------


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
class ApplicationViewSet(
    ApiView, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
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

    def get_queryset(self):
        return selectors.application_queryset(self.request.user).order_by(
            "program_id", "created_at", "id"
        )

    def get_object(self):
        return scoping.get_visible_or_404(
            self.request.user, self.get_queryset(), pk=self.kwargs["pk"]
        )

    def _detail(self, application, status_code=status.HTTP_200_OK, headers=None) -> Response:
        application = scoping.get_visible_or_404(
            self.request.user, self.get_queryset(), pk=application.pk
        )
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
        try:
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
        except DjangoValidationError as exc:
            raise _refused(exc) from exc
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
        try:
            services.application_withdraw(actor=request.user, application=application)
        except DjangoValidationError as exc:
            raise _refused(exc) from exc
        return self._detail(application)


# --- stages ---------------------------------------------------------------------------------


def _dimension_formset(stage: Stage, rows: list[dict]):
    """The stage page's dimension formset, filled from the API's list of dimensions: listed
    dimensions with an id are changed, those without one added, the others deleted."""
    existing = list(stage.dimensions.order_by("sort", "id")) if stage.pk else []
    by_id = {d.pk: d for d in existing}
    problems, seen = {}, set()
    for i, row in enumerate(rows):
        pk = row.get("id")
        if pk is None:
            continue
        if pk not in by_id:
            problems[i] = {"id": [_("评分维度不属于该关卡。")]}
        elif pk in seen:
            problems[i] = {"id": [_("评分维度“%(name)s”重复。") % {"name": by_id[pk].name}]}
        seen.add(pk)
    if problems:
        # Keyed by position, as the serializer reports the items' own errors.
        raise exceptions.ValidationError({"dimensions": {str(i): e for i, e in problems.items()}})
    defaults = {name: Dimension._meta.get_field(name).default for name in ("weight", "max_score")}
    forms = [(row["id"], row, False) for row in rows if row.get("id") is not None]
    forms += [
        (d.pk, {"name": d.name, "weight": d.weight, "max_score": d.max_score}, True)
        for d in existing
        if d.pk not in seen
    ]
    initial = len(forms)
    forms += [(None, row, False) for row in rows if row.get("id") is None]
    data = {
        "dims-TOTAL_FORMS": str(len(forms)),
        "dims-INITIAL_FORMS": str(initial),
        "dims-MIN_NUM_FORMS": "0",
        "dims-MAX_NUM_FORMS": "1000",
    }
    for i, (pk, row, delete) in enumerate(forms):
        prefix = f"dims-{i}-"
        if pk is not None:
            data[prefix + "id"] = str(pk)
        data[prefix + "name"] = row["name"]
        for name, default in defaults.items():
            data[prefix + name] = str(row.get(name, default))
        if delete:
            data[prefix + "DELETE"] = "on"
    formset = dimension_formset(stage, data, extra=0)
    if not formset.is_valid():
        messages = [str(m) for m in formset.non_form_errors()]
        messages += [str(m) for errors in formset.errors for ms in errors.values() for m in ms]
        raise exceptions.ValidationError({"dimensions": messages})
    return formset


def _reason_under_overrides(key: str, messages):
    """advancement_confirm names a missing reason `reason_<entry id>`."""
    if key.startswith("reason_"):
        return "overrides", {key.removeprefix("reason_"): {"reason": messages}}
    return key, messages


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("关卡列表"),
        description=gettext_lazy(
            "可见项目的关卡及其评分维度；评委只看到分配给自己的关卡。可按 program 筛选。"
        ),
    ),
    retrieve=extend_schema(summary=gettext_lazy("关卡详情")),
    create=extend_schema(
        summary=gettext_lazy("新建关卡"),
        description=gettext_lazy(
            "连同评分维度一起保存；出错时返回 400 和逐字段的错误信息，不保存任何内容。"
        ),
        request=serializers.StageWriteSerializer,
        responses={201: serializers.StageSerializer},
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("修改关卡"),
        description=gettext_lazy(
            "只改所传字段；传 dimensions 时为完整的评分维度列表。评分开始后不能修改。"
        ),
        request=serializers.StageWriteSerializer,
        responses={200: serializers.StageSerializer},
    ),
)
class StageViewSet(
    ApiView, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    http_method_names = ["get", "post", "patch", "head", "options"]
    serializer_class = serializers.StageSerializer
    filter_backends = [ScopedFilterBackend]
    filterset_class = StageFilter
    required_perms = {
        "list": ("selection.view_program", "selection.score"),
        "retrieve": ("selection.view_program", "selection.score"),
        "create": "selection.manage_program",
        "partial_update": "selection.manage_program",
        "open_scoring": "selection.manage_program",
        "assignments": "selection.manage_raters",
        "assignments_auto": "selection.manage_raters",
        "ranking": "selection.view_ranking",
        "advancement": "selection.view_ranking",
        "advancement_confirm": "selection.decide_advancement",
    }

    def get_queryset(self):
        user = self.request.user
        dimensions = Prefetch(
            "dimensions", queryset=scoping.visible(user, Dimension).order_by("sort", "id")
        )
        return (
            selectors.stage_queryset(user)
            .prefetch_related(dimensions)
            .order_by("program_id", "order")
        )

    def get_object(self):
        return scoping.get_visible_or_404(
            self.request.user, self.get_queryset(), pk=self.kwargs["pk"]
        )

    def _managed(self) -> Stage:
        return selectors.overseen_stage_get(self.request.user, self.kwargs["pk"], manage=True)

    def _overseen(self) -> Stage:
        return selectors.overseen_stage_get(self.request.user, self.kwargs["pk"])

    def _detail(self, stage, status_code=status.HTTP_200_OK, headers=None) -> Response:
        stage = scoping.get_visible_or_404(self.request.user, self.get_queryset(), pk=stage.pk)
        return Response(
            serializers.StageSerializer(stage).data, status=status_code, headers=headers
        )

    def _save(self, stage: Stage, values: dict) -> Stage:
        rows = values.pop("dimensions", None)
        for name, value in values.items():
            setattr(stage, name, value)
        formset = _dimension_formset(stage, rows) if rows is not None else None
        try:
            return services.stage_save(
                actor=self.request.user, stage=stage, dimensions_formset=formset
            )
        except DjangoValidationError as exc:
            raise _refused(exc) from exc

    def create(self, request, *args, **kwargs):
        serializer = serializers.StageWriteSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        program = values.pop("program")
        if "order" not in values:
            last = program.stages.order_by("-order").values_list("order", flat=True).first()
            values["order"] = (last or 0) + 1
        values.setdefault("rater_roles", [Role.RATER])
        values.setdefault("tie_breaks", [TieBreak.FIRST_DIMENSION, TieBreak.RAW_MEAN])
        stage = self._save(Stage(program=program), values)
        location = reverse("api:stage-detail", args=[stage.pk])
        return self._detail(stage, status.HTTP_201_CREATED, headers={"Location": location})

    def partial_update(self, request, *args, **kwargs):
        stage = self._managed()
        serializer = serializers.StageWriteSerializer(
            stage, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        self._save(stage, dict(serializer.validated_data))
        return self._detail(stage)

    @extend_schema(
        summary=gettext_lazy("开始评分"),
        description=gettext_lazy(
            "须已有考生、评分维度和评委分配；开始后评分方案锁定。条件不满足时返回 400。"
        ),
        request=None,
        responses={200: serializers.StageSerializer},
    )
    @action(detail=True, methods=["post"], url_path="open-scoring")
    def open_scoring(self, request, pk=None):
        stage = self._managed()
        try:
            services.stage_open_scoring(actor=request.user, stage=stage)
        except DjangoValidationError as exc:
            raise _refused(exc) from exc
        return self._detail(stage)

    @extend_schema(
        summary=gettext_lazy("关卡的评委分配"),
        description=gettext_lazy("每个评分任务（评委 × 考生）及其评分表状态。"),
        responses={200: serializers.StageAssignmentSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def assignments(self, request, pk=None):
        stage = self._managed()
        page = self.paginate_queryset(selectors.stage_assignments(stage))
        return self.get_paginated_response(
            serializers.StageAssignmentSerializer(page, many=True).data
        )

    @extend_schema(
        summary=gettext_lazy("自动分配评委"),
        description=gettext_lazy(
            "每名考生分配 k 名评委，负荷尽量均衡，回避同单位和已申报关系的考生。"
            "有人开始评分后不能重新分配；任何考生分不足 k 名评委时不做任何分配。"
        ),
        request=serializers.AutoAssignSerializer,
        responses={200: serializers.AutoAssignResultSerializer},
    )
    @action(detail=True, methods=["post"], url_path="assignments/auto")
    def assignments_auto(self, request, pk=None):
        stage = self._managed()
        serializer = serializers.AutoAssignSerializer(
            data=request.data, context=self.get_serializer_context(), stage=stage
        )
        serializer.is_valid(raise_exception=True)
        try:
            result = services.assignments_auto(
                actor=request.user,
                stage=stage,
                raters=list(serializer.validated_data["raters"]),
                k=serializer.validated_data.get("k"),
            )
        except DjangoValidationError as exc:
            raise _refused(exc) from exc
        return Response(serializers.AutoAssignResultSerializer(result).data)

    @extend_schema(
        summary=gettext_lazy("排名"),
        description=gettext_lazy(
            "按计分方法汇总已提交的评分，排出名次并标出按规则晋级的考生；给出每位评委的"
            "原始分和校正分、评委宽严程度，以及校正可能不可靠的提示。只读，不做任何更改。"
        ),
        parameters=[serializers.RankingQuerySerializer],
        responses={200: serializers.RankingSerializer},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def ranking(self, request, pk=None):
        stage = self._overseen()
        query = serializers.RankingQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        method = query.validated_data.get("method") or stage.aggregation
        stored = selectors_ranking.ranking_page(
            stage,
            method,
            page_number=query.validated_data.get("page", 1),
            page_size=query.validated_data.get("page_size", 50),
        )
        return Response(serializers.RankingSerializer(ranking_payload(stored)).data)

    def _decision_response(self, stage, status_code=status.HTTP_200_OK) -> Response:
        decision = (
            scoping.visible(self.request.user, AdvancementDecision)
            .filter(stage=stage)
            .select_related("decided_by")
            .first()
        )
        if decision is None:
            raise exceptions.NotFound(_("该关卡尚未确定晋级结果。"))
        results = list(
            decision.results.select_related("entry__application__cadre__unit").order_by(
                "rank", "entry__code"
            )
        )
        results.sort(key=lambda r: (r.rank is None, r.rank or 0, r.entry.code))
        decision.result_rows = results
        return Response(
            serializers.AdvancementDecisionSerializer(decision).data, status=status_code
        )

    @extend_schema(
        summary=gettext_lazy("晋级决定"),
        description=gettext_lazy(
            "已确定的晋级结果：谁在何时按什么方法和规则决定，每名考生的名次、得分、按规则"
            "的结果、最终结果和调整理由。尚未确定时返回 404。"
        ),
        responses={200: serializers.AdvancementDecisionSerializer},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def advancement(self, request, pk=None):
        return self._decision_response(self._overseen())

    @extend_schema(
        summary=gettext_lazy("确定晋级"),
        description=gettext_lazy(
            "按关卡的计分方法和晋级规则确定晋级；overrides 中与规则不同的结果须逐一填写"
            "理由。还有评分表未提交时返回 400，不做任何更改。晋级者以新编号进入下一关，"
            "最后一关的晋级者结业。"
        ),
        request=serializers.AdvancementConfirmSerializer,
        responses={
            201: serializers.AdvancementDecisionSerializer,
            400: OpenApiResponse(
                description=gettext_lazy("评分表未交齐、调整缺少理由或关卡已确定。")
            ),
        },
    )
    @advancement.mapping.post
    def advancement_confirm(self, request, pk=None):
        stage = self._managed()
        serializer = serializers.AdvancementConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.advancement_confirm(
                actor=request.user,
                stage=stage,
                overrides=serializer.validated_data["overrides"],
                note=serializer.validated_data["note"],
            )
        except DjangoValidationError as exc:
            raise _refused(exc, _reason_under_overrides) from exc
        return self._decision_response(stage, status.HTTP_201_CREATED)


# --- rater assignments and score sheets -------------------------------------------------------


def _sheet_payload(user, assignment) -> dict:
    sheet = getattr(assignment, "sheet", None)
    dimensions = scoping.visible(user, Dimension).filter(stage=assignment.stage_id)
    scores = {s.dimension_id: s for s in sheet.scores.all()} if sheet is not None else {}
    return {
        "assignment": assignment.pk,
        "sheet": sheet.pk if sheet is not None else None,
        "status": sheet.status if sheet is not None else "",
        "candidate": serializers.candidate_of(assignment),
        "stage": assignment.stage,
        "comment": sheet.comment if sheet is not None else "",
        "total": sheet.total if sheet is not None else None,
        "submitted_at": sheet.submitted_at if sheet is not None else None,
        "scores": [
            {
                "dimension": d.pk,
                "name": d.name,
                "weight": d.weight,
                "max_score": d.max_score,
                "value": scores[d.pk].value if d.pk in scores else None,
                "comment": scores[d.pk].comment if d.pk in scores else "",
            }
            for d in dimensions.order_by("sort", "id")
        ],
    }


def _score_under_scores(key: str, messages):
    """sheet_save names a dimension's error `dim_<dimension id>`."""
    if key.startswith("dim_"):
        return "scores", {key.removeprefix("dim_"): messages}
    return key, messages


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("我的评分任务"),
        description=gettext_lazy(
            "分配给本人的考生，按关卡。盲评关卡只给出考生编号，不给姓名和单位。"
        ),
    )
)
class MyAssignmentViewSet(ApiView, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.RaterAssignmentSerializer
    queryset = RaterAssignment.objects.none()  # names the model for the schema only
    required_perms = {"list": "selection.score"}

    def get_queryset(self):
        return selectors.rater_assignments(self.request.user)


@extend_schema_view(
    retrieve=extend_schema(
        summary=gettext_lazy("评分任务详情"),
        description=gettext_lazy("只有被分配的评委本人可见，其他人返回 404。"),
    )
)
class AssignmentViewSet(ApiView, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    http_method_names = ["get", "post", "put", "head", "options"]
    serializer_class = serializers.RaterAssignmentSerializer
    queryset = RaterAssignment.objects.none()  # names the model for the schema only
    required_perms = {
        "retrieve": "selection.score",
        "sheet": "selection.score",
        "sheet_save": "selection.score",
        "sheet_submit": "selection.score",
    }

    def get_queryset(self):
        return selectors.rater_assignments(self.request.user)

    def get_object(self):
        return scoping.get_visible_or_404(
            self.request.user, self.get_queryset(), pk=self.kwargs["pk"]
        )

    def _sheet_response(self, assignment) -> Response:
        assignment = self.get_object()  # again, with the sheet as saved
        payload = _sheet_payload(self.request.user, assignment)
        return Response(serializers.SheetSerializer(payload).data)

    def _save(self, request, *, submit: bool) -> Response:
        assignment = self.get_object()
        serializer = serializers.SheetWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        sheet = getattr(assignment, "sheet", None)
        saved = (
            {s.dimension_id: (s.value, s.comment) for s in sheet.scores.all()}
            if sheet is not None
            else {}
        )
        values = {}
        for row in serializer.validated_data.get("scores", []):
            value = row.get("value")
            if value in (None, "") and row["dimension"] in saved:
                continue  # nothing typed: keep what was saved
            values[row["dimension"]] = (value, row["comment"])
        if submit:
            values = {**{k: v for k, v in saved.items() if k not in values}, **values}
        comment = serializer.validated_data.get(
            "comment", sheet.comment if sheet is not None else ""
        )
        try:
            services.sheet_save(
                actor=request.user,
                assignment=assignment,
                values=values,
                comment=comment,
                submit=submit,
            )
        except DjangoValidationError as exc:
            raise _refused(exc, _score_under_scores) from exc
        return self._sheet_response(assignment)

    @extend_schema(
        summary=gettext_lazy("评分表"),
        description=gettext_lazy("本关卡的每个评分维度及已保存的得分。"),
        responses={200: serializers.SheetSerializer},
    )
    @action(detail=True, methods=["get"])
    def sheet(self, request, pk=None):
        return self._sheet_response(self.get_object())

    @extend_schema(
        summary=gettext_lazy("保存评分草稿"),
        description=gettext_lazy(
            "保存所传维度的得分（0 到满分之间），未传的维度保留原值。须在评分期内；"
            "已提交的评分表已锁定。出错时返回 400，不保存任何内容；某一维度的错误在 "
            "scores 下以维度 id 为键。"
        ),
        request=serializers.SheetWriteSerializer,
        responses={200: serializers.SheetSerializer},
    )
    @sheet.mapping.put
    def sheet_save(self, request, pk=None):
        return self._save(request, submit=False)

    @extend_schema(
        summary=gettext_lazy("提交评分表"),
        description=gettext_lazy(
            "可同时传入得分（与保存草稿相同），未传的维度用已保存的草稿。每个维度都须有"
            "得分；提交后锁定，只有管理员能重新开放。"
        ),
        request=serializers.SheetWriteSerializer,
        responses={200: serializers.SheetSerializer},
    )
    @action(detail=True, methods=["post"], url_path="sheet/submit")
    def sheet_submit(self, request, pk=None):
        return self._save(request, submit=True)


class SheetViewSet(ApiView, viewsets.GenericViewSet):
    serializer_class = serializers.SheetStateSerializer
    required_perms = {"reopen": "selection.reopen_sheet"}

    def get_queryset(self):
        user = self.request.user
        return selectors.sheet_queryset(user).filter(
            assignment__stage__program__in=selectors.managed_programs(user)
        )

    @extend_schema(
        summary=gettext_lazy("重新开放评分表"),
        description=gettext_lazy(
            "把已提交的评分表退回草稿，让评委修改后重新提交。须填写理由，记入审计日志；"
            "关卡确定晋级后不能再开放。"
        ),
        request=serializers.ReopenSerializer,
        responses={200: serializers.SheetStateSerializer},
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        sheet = scoping.get_visible_or_404(request.user, self.get_queryset(), pk=pk)
        serializer = serializers.ReopenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            sheet = services.sheet_reopen(
                actor=request.user, sheet=sheet, reason=serializer.validated_data["reason"]
            )
        except DjangoValidationError as exc:
            raise _refused(exc) from exc
        sheet = scoping.get_visible_or_404(request.user, self.get_queryset(), pk=sheet.pk)
        return Response(serializers.SheetStateSerializer(sheet).data)
