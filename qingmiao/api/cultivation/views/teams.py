"""Endpoints of the teams area: teams, their members and tasks, invitations."""

from django.urls import reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from qingmiao.cultivation.filters.teams import TeamFilter
from qingmiao.cultivation.models import TeamTask
from qingmiao.cultivation.selectors import teams as selectors
from qingmiao.cultivation.services import teams as services

from ...base import ScopedViewSet
from ...filters import ScopedFilterBackend
from ..serializers import teams as serializers

_READ = ("cultivation.view_teams", "cultivation.form_team")


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("调研组列表"),
        description=gettext_lazy(
            "组织部门一方看到本单位主办项目的调研组，单位干部专员看到有本单位干部的组，导师"
            "看到自己指导的组，干部看到所参加项目的组。understaffed 标出未满员的组。"
        ),
    ),
    retrieve=extend_schema(summary=gettext_lazy("调研组详情")),
    create=extend_schema(
        summary=gettext_lazy("组队"),
        description=gettext_lazy(
            "干部在所参加的项目中自主组队（program、name、topic），成为组长和第一名组员；"
            "工作人员组织分组时另传 members（及 leader、mentors）。每人在一个项目中只能加入"
            "一个组，人数不能超过项目规定。出错返回 400，不做任何更改。"
        ),
        request=serializers.TeamCreateSerializer,
        responses={201: serializers.TeamSerializer},
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("修改调研组"),
        description=gettext_lazy("工作人员修改组名、课题、组长（须为组员）和指导导师。"),
        request=serializers.TeamUpdateSerializer,
        responses={200: serializers.TeamSerializer},
    ),
)
class TeamViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    http_method_names = ["get", "post", "patch", "head", "options"]
    serializer_class = serializers.TeamSerializer
    filter_backends = [ScopedFilterBackend]
    filterset_class = TeamFilter
    required_perms = {
        "list": _READ,
        "retrieve": _READ,
        "create": ("cultivation.form_team", "cultivation.manage_teams"),
        "partial_update": "cultivation.manage_teams",
        "member_add": "cultivation.manage_teams",
        "member_remove": "cultivation.manage_teams",
        "tasks": _READ,
        "task_create": "cultivation.manage_teams",
        "leader": ("cultivation.form_team", "cultivation.manage_teams"),
    }
    getter = staticmethod(selectors.team_get)
    getters = {
        "partial_update": selectors.managed_team_get,
        "member_add": selectors.managed_team_get,
        "member_remove": selectors.managed_team_get,
        "task_create": selectors.managed_team_get,
    }

    def get_queryset(self):
        return selectors.team_queryset(self.request.user).order_by("program_id", "created_at", "id")

    def _detail(self, team, status_code=status.HTTP_200_OK, headers=None):
        return Response(
            serializers.TeamSerializer(self.refetch(team)).data,
            status=status_code,
            headers=headers,
        )

    def create(self, request, *args, **kwargs):
        serializer = serializers.TeamCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        user = request.user
        if user.has_perm("cultivation.manage_teams"):
            team = services.team_form(
                actor=user,
                program=values["program"],
                name=values["name"],
                topic=values.get("topic", ""),
                members=values.get("members", []),
                leader=values.get("leader"),
                mentors=values.get("mentors", []),
            )
        else:
            team = services.team_create(
                actor=user,
                program=values["program"],
                name=values["name"],
                topic=values.get("topic", ""),
            )
        location = reverse("api:team-detail", args=[team.pk])
        return self._detail(team, status.HTTP_201_CREATED, headers={"Location": location})

    def partial_update(self, request, *args, **kwargs):
        team = self.get_object()
        serializer = serializers.TeamUpdateSerializer(data=request.data, team=team)
        serializer.is_valid(raise_exception=True)
        services.team_update(actor=request.user, team=team, data=serializer.validated_data)
        return self._detail(team)

    @extend_schema(
        summary=gettext_lazy("加入组员"),
        description=gettext_lazy("工作人员把项目学员加入调研组（调整分组）。"),
        request=serializers.MemberChangeSerializer,
        responses={200: serializers.TeamSerializer},
    )
    @action(detail=True, methods=["post"], url_path="members")
    def member_add(self, request, pk=None):
        team = self.get_object()
        serializer = serializers.MemberChangeSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        services.team_member_add(
            actor=request.user, team=team, cadre=serializer.validated_data["cadre"]
        )
        return self._detail(team)

    @extend_schema(
        summary=gettext_lazy("移出组员"),
        request=serializers.MemberChangeSerializer,
        responses={200: serializers.TeamSerializer},
    )
    @action(detail=True, methods=["post"], url_path="members/remove")
    def member_remove(self, request, pk=None):
        team = self.get_object()
        serializer = serializers.MemberChangeSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        services.team_member_remove(
            actor=request.user, team=team, cadre=serializer.validated_data["cadre"]
        )
        return self._detail(team)

    @extend_schema(
        summary=gettext_lazy("移交组长"),
        description=gettext_lazy(
            "组长把组长移交给本组另一名组员（管理该项目的工作人员也可代为移交）；新老组长都会"
            "收到通知。对方不在本组或已是组长时返回 400。"
        ),
        request=serializers.MemberChangeSerializer,
        responses={200: serializers.TeamSerializer},
    )
    @action(detail=True, methods=["post"])
    def leader(self, request, pk=None):
        team = self.get_object()
        serializer = serializers.MemberChangeSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        services.team_leader_hand_over(
            actor=request.user, team=team, cadre=serializer.validated_data["cadre"]
        )
        return self._detail(team)

    @extend_schema(
        summary=gettext_lazy("小组任务"),
        responses={200: serializers.TaskSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def tasks(self, request, pk=None):
        team = self.get_object()
        return Response(serializers.TaskSerializer(selectors.team_tasks(team), many=True).data)

    @extend_schema(
        summary=gettext_lazy("布置小组任务"),
        request=serializers.TaskWriteSerializer,
        responses={201: serializers.TaskSerializer},
    )
    @tasks.mapping.post
    def task_create(self, request, pk=None):
        team = self.get_object()
        serializer = serializers.TaskWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        task = services.task_create(actor=request.user, team=team, **serializer.validated_data)
        return Response(serializers.TaskSerializer(task).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("组队邀请列表"),
        description=gettext_lazy(
            "干部看到发给本人和本人发出的邀请；工作人员看到可见调研组的邀请。"
        ),
    ),
    retrieve=extend_schema(summary=gettext_lazy("组队邀请详情")),
    create=extend_schema(
        summary=gettext_lazy("发出组队邀请"),
        description=gettext_lazy(
            "组员邀请同一项目的学员：对方须是项目学员、尚未加入任何组、未被本组邀请过，本组未满员。"
        ),
        request=serializers.InvitationCreateSerializer,
        responses={201: serializers.InvitationSerializer},
    ),
)
class TeamInvitationViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = serializers.InvitationSerializer
    required_perms = {
        "list": _READ,
        "retrieve": _READ,
        "create": "cultivation.form_team",
        "accept": "cultivation.form_team",
        "decline": "cultivation.form_team",
        "withdraw": ("cultivation.form_team", "cultivation.manage_teams"),
    }
    getter = staticmethod(selectors.invitation_get)

    def get_queryset(self):
        return selectors.invitation_queryset(self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = serializers.InvitationCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        invitation = services.invitation_create(actor=request.user, **serializer.validated_data)
        return Response(
            serializers.InvitationSerializer(self.refetch(invitation)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary=gettext_lazy("接受组队邀请"),
        description=gettext_lazy(
            "被邀请人本人接受：该组已满员或本人已在本项目其他组时返回 400；接受后本人在"
            "同一项目的其他邀请自动谢绝。"
        ),
        request=None,
        responses={200: serializers.InvitationSerializer},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        invitation = self.get_object()
        services.invitation_accept(actor=request.user, invitation=invitation)
        return Response(serializers.InvitationSerializer(self.refetch(invitation)).data)

    @extend_schema(
        summary=gettext_lazy("谢绝组队邀请"),
        request=None,
        responses={200: serializers.InvitationSerializer},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        invitation = self.get_object()
        services.invitation_decline(actor=request.user, invitation=invitation)
        return Response(serializers.InvitationSerializer(self.refetch(invitation)).data)

    @extend_schema(
        summary=gettext_lazy("撤回组队邀请"),
        description=gettext_lazy(
            "邀请人（或管理该项目的工作人员）撤回尚未回复的邀请；被邀请人收到的邀请通知随之"
            "注明已撤回。已回复或已撤回的邀请返回 400。"
        ),
        request=None,
        responses={200: serializers.InvitationSerializer},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        invitation = self.get_object()
        services.invitation_withdraw(actor=request.user, invitation=invitation)
        return Response(serializers.InvitationSerializer(self.refetch(invitation)).data)


class TeamTaskViewSet(ScopedViewSet):
    http_method_names = ["post", "options"]
    queryset = TeamTask.objects.none()  # names the model for the schema only
    required_perms = {"done": ("cultivation.form_team", "cultivation.manage_teams")}
    getter = staticmethod(selectors.task_get)

    @extend_schema(
        summary=gettext_lazy("完成小组任务"),
        description=gettext_lazy("本组组员或工作人员标记任务完成。"),
        request=None,
        responses={200: serializers.TaskSerializer},
    )
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        task = self.get_object()
        task = services.task_done(actor=request.user, task=task)
        return Response(serializers.TaskSerializer(task).data)


ROUTES: list = [
    ("teams", TeamViewSet, "team"),
    ("team-invitations", TeamInvitationViewSet, "team-invitation"),
    ("team-tasks", TeamTaskViewSet, "team-task"),
]
