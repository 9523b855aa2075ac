"""Representations of teams, their members, invitations and tasks."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from qingmiao.accounts import scoping
from qingmiao.accounts.models import User
from qingmiao.cadres.models import Cadre
from qingmiao.cultivation.exports.teams import size_state
from qingmiao.cultivation.models import Team, TeamInvitation, TeamMember, TeamTask
from qingmiao.cultivation.selectors import teams as selectors
from qingmiao.selection.models import Program


class MemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="cadre.name", read_only=True)
    unit = serializers.CharField(source="cadre.unit.name", read_only=True)

    class Meta:
        model = TeamMember
        fields = ["cadre", "name", "unit", "joined_at"]
        read_only_fields = fields


class TeamMentorSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "full_name"]
        read_only_fields = fields


class TeamSerializer(serializers.ModelSerializer):
    program_name = serializers.CharField(source="program.name", read_only=True)
    leader_name = serializers.CharField(source="leader.name", read_only=True, default=None)
    formation_name = serializers.CharField(source="get_formation_display", read_only=True)
    members = MemberSerializer(many=True, read_only=True)
    mentors = TeamMentorSerializer(many=True, read_only=True)
    size = serializers.IntegerField(read_only=True)
    min_size = serializers.IntegerField(read_only=True)
    max_size = serializers.IntegerField(read_only=True)
    understaffed = serializers.BooleanField(
        read_only=True, help_text=gettext_lazy("人数少于项目规定的每组最少人数（未满员）。")
    )
    size_state = serializers.SerializerMethodField()
    task_count = serializers.IntegerField(read_only=True)
    tasks_done = serializers.IntegerField(read_only=True)

    class Meta:
        model = Team
        fields = [
            "id", "program", "program_name", "name", "topic", "leader", "leader_name",
            "formation", "formation_name", "members", "mentors", "size", "min_size", "max_size",
            "understaffed", "size_state", "task_count", "tasks_done", "created_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_size_state(self, obj) -> str:
        return size_state(obj)


def _cadre_choices(user):
    """Cadres a user may name: a cadre the fellow participants of their programs (by name
    only), staff the cadres in their scope."""
    if user.has_perm("cultivation.form_team"):
        programs = Program.objects.filter(
            applications__cadre__user=user, applications__outcome__in=selectors.LIVE_OUTCOMES
        )
        return Cadre.objects.filter(
            applications__program__in=programs, applications__outcome__in=selectors.LIVE_OUTCOMES
        ).distinct()
    return scoping.visible(user, Cadre)


_CADRE_ERRORS = {"does_not_exist": gettext_lazy("不是本项目的学员。")}


class TeamCreateSerializer(serializers.Serializer):
    """A cadre founds a team (program, name, topic); staff form one (with members, leader and
    mentors)."""

    program = serializers.PrimaryKeyRelatedField(queryset=Program.objects.none())
    name = serializers.CharField(max_length=40)
    topic = serializers.CharField(max_length=120, required=False, allow_blank=True)
    members = serializers.PrimaryKeyRelatedField(
        queryset=Cadre.objects.none(),
        many=True,
        required=False,
        error_messages=_CADRE_ERRORS,
        help_text=gettext_lazy("组员 id（工作人员分组时必填）。"),
    )
    leader = serializers.PrimaryKeyRelatedField(
        queryset=Cadre.objects.none(), required=False, allow_null=True
    )
    mentors = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), many=True, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "request" not in self.context:
            return  # the schema generator describes the fields without a user
        user = self.context["request"].user
        self.fields["program"].queryset = scoping.visible(user, Program)
        self.fields["members"].child_relation.queryset = _cadre_choices(user)
        self.fields["leader"].queryset = _cadre_choices(user)


class TeamUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=40, required=False)
    topic = serializers.CharField(max_length=120, required=False, allow_blank=True)
    leader = serializers.PrimaryKeyRelatedField(queryset=Cadre.objects.none(), required=False)
    mentors = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), many=True, required=False
    )

    def __init__(self, *args, team=None, **kwargs):
        super().__init__(*args, **kwargs)
        if team is not None:
            self.fields["leader"].queryset = Cadre.objects.filter(team_memberships__team=team)


class MemberChangeSerializer(serializers.Serializer):
    cadre = serializers.PrimaryKeyRelatedField(
        queryset=Cadre.objects.none(), error_messages=_CADRE_ERRORS
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "request" in self.context:
            self.fields["cadre"].queryset = _cadre_choices(self.context["request"].user)


class InvitationSerializer(serializers.ModelSerializer):
    team_name = serializers.CharField(source="team.name", read_only=True)
    program = serializers.IntegerField(source="team.program_id", read_only=True)
    program_name = serializers.CharField(source="team.program.name", read_only=True)
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    invited_by_name = serializers.CharField(source="invited_by.name", read_only=True)
    status_name = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = TeamInvitation
        fields = [
            "id", "team", "team_name", "program", "program_name", "cadre", "cadre_name",
            "invited_by", "invited_by_name", "status", "status_name", "created_at",
            "answered_at",
        ]  # fmt: skip
        read_only_fields = fields


class InvitationCreateSerializer(serializers.Serializer):
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.none(), help_text=gettext_lazy("邀请人所在的调研组。")
    )
    cadre = serializers.PrimaryKeyRelatedField(
        queryset=Cadre.objects.none(), error_messages=_CADRE_ERRORS
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "request" not in self.context:
            return  # the schema generator describes the fields without a user
        user = self.context["request"].user
        self.fields["team"].queryset = scoping.visible(user, Team)
        self.fields["cadre"].queryset = _cadre_choices(user)


class TaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = TeamTask
        fields = ["id", "team", "title", "due_date", "done_at"]
        read_only_fields = fields


class TaskWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=120)
    due_date = serializers.DateField(required=False, allow_null=True)
