"""Endpoints of the mentoring area: mentor roles, mentors, matching runs (create, confirm),
pairs (reassign), logs (create, confirm), follow-ups (done). Same services, selectors and
filters as the pages: out of scope is 404, a missing capability 403, a refusal 400."""

from django.urls import reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from qingmiao.cultivation.filters.mentoring import LogFilter, MentorFilter, PairFilter
from qingmiao.cultivation.models import MatchingRun, MentorPair
from qingmiao.cultivation.selectors import mentoring as selectors
from qingmiao.cultivation.services import matching_runs, mentoring_logs
from qingmiao.cultivation.services import mentoring as services

from ...base import ScopedViewSet
from ...filters import ScopedFilterBackend
from ..serializers import mentoring as s

VIEW = "cultivation.view_mentoring"
MANAGE = "cultivation.manage_mentoring"
WRITE = "cultivation.write_mentoring_log"
READ_OR_WRITE = (VIEW, WRITE)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("导师类别列表")),
    retrieve=extend_schema(summary=gettext_lazy("导师类别")),
    create=extend_schema(
        summary=gettext_lazy("新建导师类别"),
        description=gettext_lazy("为所主办的项目新建一个导师类别；同一项目内名称不能重复。"),
        request=s.MentorRoleCreateSerializer,
        responses={201: s.MentorRoleSerializer},
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("修改导师类别"),
        request=s.MentorRoleWriteSerializer,
        responses={200: s.MentorRoleSerializer},
    ),
)
class MentorRoleViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    http_method_names = ["get", "post", "patch", "head", "options"]
    serializer_class = s.MentorRoleSerializer
    required_perms = {"list": VIEW, "retrieve": VIEW, "create": MANAGE, "partial_update": MANAGE}
    getter = staticmethod(selectors.role_get)

    def get_queryset(self):
        return selectors.role_queryset(self.request.user)

    def create(self, request, *args, **kwargs):
        data = s.MentorRoleCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        program = values.pop("program")
        role = services.mentor_role_save(actor=request.user, program=program, data=values)
        return Response(s.MentorRoleSerializer(self.refetch(role)).data, status=201)

    def partial_update(self, request, *args, **kwargs):
        role = self.get_object()
        data = s.MentorRoleWriteSerializer(
            data={"name": role.name, "sort": role.sort,
                  "exclude_own_superior": role.exclude_own_superior, **request.data},
            context=self.get_serializer_context(),
        )  # fmt: skip
        data.is_valid(raise_exception=True)
        services.mentor_role_save(
            actor=request.user, program=role.program, data=data.validated_data, role=role
        )
        return Response(s.MentorRoleSerializer(self.refetch(role)).data)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("导师库")),
    retrieve=extend_schema(summary=gettext_lazy("导师")),
    create=extend_schema(
        summary=gettext_lazy("登记导师"),
        description=gettext_lazy("导师或领导账号；可带学员数 1 到 50；专长为空格分隔的关键词。"),
        request=s.MentorWriteSerializer,
        responses={201: s.MentorSerializer},
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("修改导师信息"),
        description=gettext_lazy("可带学员数不能少于现有学员数。"),
        request=s.MentorWriteSerializer,
        responses={200: s.MentorSerializer},
    ),
)
class MentorViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    http_method_names = ["get", "post", "patch", "head", "options"]
    serializer_class = s.MentorSerializer
    filter_backends = [ScopedFilterBackend]
    filterset_class = MentorFilter
    required_perms = {"list": VIEW, "retrieve": VIEW, "create": MANAGE, "partial_update": MANAGE}
    getter = staticmethod(selectors.mentor_get)

    def get_queryset(self):
        return selectors.mentor_queryset(self.request.user).order_by("pk")

    def create(self, request, *args, **kwargs):
        data = s.MentorWriteSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        profile = services.mentor_profile_save(actor=request.user, data=data.validated_data)
        return Response(s.MentorSerializer(self.refetch(profile)).data, status=201)

    def partial_update(self, request, *args, **kwargs):
        profile = self.get_object()
        current = {
            "kind": profile.kind,
            "unit": profile.unit_id,
            "organization": profile.organization,
            "title": profile.title,
            "capacity": profile.capacity,
            "specialties": profile.specialties,
            "role_names": profile.role_names,
            "is_active": profile.is_active,
        }
        data = s.MentorWriteSerializer(
            data={**current, **request.data}, context=self.get_serializer_context()
        )
        data.is_valid(raise_exception=True)
        services.mentor_profile_save(actor=request.user, data=data.validated_data, profile=profile)
        return Response(s.MentorSerializer(self.refetch(profile)).data)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("导师匹配方案列表")),
    retrieve=extend_schema(summary=gettext_lazy("导师匹配方案")),
    create=extend_schema(
        summary=gettext_lazy("生成导师匹配建议"),
        description=gettext_lazy(
            "按项目的每个导师类别求最优匹配（专长相符、回避直接上级、负荷均衡、不超过可带人数），"
            "替换尚未确认的建议。学员较多时在后台进行，返回任务编号。"
        ),
        request=s.MatchingRunCreateSerializer,
        responses={201: s.MatchingStartedSerializer},
    ),
)
class MatchingRunViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = s.MatchingRunSerializer
    required_perms = {"list": MANAGE, "retrieve": MANAGE, "create": MANAGE, "confirm": MANAGE}
    getter = staticmethod(selectors.run_get)

    def get_queryset(self):
        return selectors.run_queryset(self.request.user)

    def create(self, request, *args, **kwargs):
        data = s.MatchingRunCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        data.is_valid(raise_exception=True)
        result = matching_runs.matching_start(
            actor=request.user, program=data.validated_data["program"]
        )
        if isinstance(result, MatchingRun):
            body = {"run": s.MatchingRunSerializer(result).data, "job": None}
            location = reverse("api:matching-run-detail", args=[result.pk])
            return Response(body, status=201, headers={"Location": location})
        return Response({"run": None, "job": result.pk}, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary=gettext_lazy("确认匹配方案"),
        description=gettext_lazy(
            "方案中全部建议结对生效并通知导师和学员；任何导师超出可带人数时全部不生效，"
            "并列出超员的导师。"
        ),
        request=None,
        responses={200: s.ConfirmedSerializer},
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        run = self.get_object()
        return Response({"pairs": services.matching_run_confirm(actor=request.user, run=run)})


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("导师结对列表"),
        description=gettext_lazy(
            "工作人员看到本单位范围内学员和所主办项目的结对；导师只看到自己的结对，学员只看到"
            "自己的；建议中的结对只有工作人员能看到。"
            "is_quiet 表示超过提醒周数没有经确认的帮带记录。"
        ),
    ),
    retrieve=extend_schema(summary=gettext_lazy("导师结对")),
)
class MentorPairViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = s.MentorPairSerializer
    filter_backends = [ScopedFilterBackend]
    filterset_class = PairFilter
    required_perms = {"list": READ_OR_WRITE, "retrieve": READ_OR_WRITE, "reassign": MANAGE}
    getter = staticmethod(selectors.pair_get)
    getters = {"reassign": selectors.managed_pair_get}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema: no database look-up
            return MentorPair.objects.none()
        return selectors.pair_queryset(self.request.user).order_by("pk")

    @extend_schema(
        summary=gettext_lazy("调整导师"),
        description=gettext_lazy(
            "建议中的结对直接改为新导师；已生效的结对结束后与新导师开始新的结对。"
            "导师已满员、须回避或已是该学员另一位导师时拒绝。"
        ),
        request=s.ReassignSerializer,
        responses={200: s.MentorPairSerializer},
    )
    @action(detail=True, methods=["post"])
    def reassign(self, request, pk=None):
        pair = self.get_object()
        data = s.ReassignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.pair_reassign(
            actor=request.user, pair=pair, mentor=data.validated_data["mentor"]
        )
        return Response(s.MentorPairSerializer(self.refetch(result)).data)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("帮带记录列表")),
    retrieve=extend_schema(summary=gettext_lazy("帮带记录")),
    create=extend_schema(
        summary=gettext_lazy("填写帮带记录"),
        description=gettext_lazy(
            "结对的导师或学员填写，由另一方确认。日期不晚于今天、不早于结对日期；时长 1 到 600"
            " 分钟；跟进事项的期限不早于帮带日期。"
        ),
        request=s.MentoringLogCreateSerializer,
        responses={201: s.MentoringLogSerializer},
    ),
)
class MentoringLogViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = s.MentoringLogListSerializer
    filter_backends = [ScopedFilterBackend]
    filterset_class = LogFilter
    required_perms = {
        "list": READ_OR_WRITE,
        "retrieve": READ_OR_WRITE,
        "create": WRITE,
        "confirm": WRITE,
    }
    getter = staticmethod(selectors.log_get)

    def get_queryset(self):
        return selectors.log_queryset(self.request.user).order_by("-date", "-pk")

    def retrieve(self, request, *args, **kwargs):
        return Response(s.MentoringLogSerializer(self.get_object()).data)

    def create(self, request, *args, **kwargs):
        data = s.MentoringLogCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        pair = selectors.pair_get(request.user, values.pop("pair"))
        follow_ups = values.pop("follow_ups")
        log = mentoring_logs.mentoring_log_create(
            actor=request.user, pair=pair, data=values, follow_ups=follow_ups
        )
        location = reverse("api:mentoring-log-detail", args=[log.pk])
        return Response(
            s.MentoringLogSerializer(self.refetch(log)).data,
            status=201,
            headers={"Location": location},
        )

    @extend_schema(
        summary=gettext_lazy("确认帮带记录"),
        description=gettext_lazy("只能由结对的另一方确认，不能确认自己填写的记录。"),
        request=None,
        responses={200: s.MentoringLogSerializer},
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        log = self.get_object()
        mentoring_logs.mentoring_log_confirm(actor=request.user, log=log)
        return Response(s.MentoringLogSerializer(self.refetch(log)).data)


@extend_schema_view(list=extend_schema(summary=gettext_lazy("跟进事项列表")))
class FollowUpViewSet(ScopedViewSet, mixins.ListModelMixin):
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = s.FollowUpSerializer
    required_perms = {"list": READ_OR_WRITE, "done": WRITE}
    getter = staticmethod(selectors.follow_up_get)

    def get_queryset(self):
        return selectors.follow_up_queryset(self.request.user)

    @extend_schema(
        summary=gettext_lazy("标记跟进事项完成"),
        description=gettext_lazy("结对的导师或学员标记。"),
        request=None,
        responses={200: s.FollowUpSerializer},
    )
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        item = self.get_object()
        mentoring_logs.follow_up_done(actor=request.user, follow_up=item)
        return Response(s.FollowUpSerializer(self.refetch(item)).data)


ROUTES = [
    ("mentor-roles", MentorRoleViewSet, "mentor-role"),
    ("mentors", MentorViewSet, "mentor"),
    ("matching-runs", MatchingRunViewSet, "matching-run"),
    ("mentor-pairs", MentorPairViewSet, "mentor-pair"),
    ("mentoring-logs", MentoringLogViewSet, "mentoring-log"),
    ("follow-ups", FollowUpViewSet, "follow-up"),
]
