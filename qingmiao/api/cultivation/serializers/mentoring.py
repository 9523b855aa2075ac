"""Mentoring's API shapes: roles, mentors, matching runs, pairs, logs, follow-ups. Input
serializers shape requests; the services hold the rules (and say them in the user's words)."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from qingmiao.accounts import scoping
from qingmiao.cadres.models import OrgUnit
from qingmiao.cultivation.models import (
    FollowUp,
    MatchingRun,
    MentoringLog,
    MentorPair,
    MentorProfile,
    MentorRole,
)
from qingmiao.cultivation.selectors import mentoring as selectors
from qingmiao.selection.models import Program


def _user(serializer):
    return serializer.context["request"].user


def _name(user) -> str:
    return user.full_name or user.username


class MentorRoleSerializer(serializers.ModelSerializer):
    class Meta:
        model = MentorRole
        fields = ["id", "program", "name", "sort", "exclude_own_superior"]
        read_only_fields = ["id"]


class MentorRoleWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=30)
    sort = serializers.IntegerField(min_value=0, max_value=99, required=False, default=0)
    exclude_own_superior = serializers.BooleanField(required=False, default=True)


class MentorRoleCreateSerializer(MentorRoleWriteSerializer):
    program = serializers.PrimaryKeyRelatedField(
        queryset=Program.objects.none(), help_text=gettext_lazy("所主办的培养项目")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "request" in self.context:
            self.fields["program"].queryset = selectors.mentoring_programs(_user(self))


class MentorSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    load = serializers.IntegerField(
        read_only=True, help_text=gettext_lazy("当前结对数（建议和结对中）")
    )

    class Meta:
        model = MentorProfile
        fields = [
            "id", "user", "name", "kind", "unit", "organization", "title", "capacity",
            "specialties", "role_names", "is_active", "load",
        ]  # fmt: skip

    def get_name(self, obj) -> str:
        return _name(obj.user)


class MentorWriteSerializer(serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(), required=False
    )
    kind = serializers.ChoiceField(choices=MentorProfile.Kind.choices)
    unit = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.none(), required=False, allow_null=True
    )
    organization = serializers.CharField(max_length=100, required=False, allow_blank=True)
    title = serializers.CharField(max_length=60, required=False, allow_blank=True)
    capacity = serializers.IntegerField()
    specialties = serializers.CharField(max_length=200, required=False, allow_blank=True)
    role_names = serializers.ListField(child=serializers.CharField(max_length=30), required=False)
    is_active = serializers.BooleanField(required=False, default=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "request" in self.context:
            self.fields["unit"].queryset = scoping.visible(_user(self), OrgUnit)


class MatchingRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = MatchingRun
        fields = ["id", "program", "created_by", "created_at", "confirmed_at", "stats"]


class MatchingRunCreateSerializer(serializers.Serializer):
    program = serializers.PrimaryKeyRelatedField(queryset=Program.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "request" in self.context:
            self.fields["program"].queryset = selectors.mentoring_programs(_user(self))


class MatchingStartedSerializer(serializers.Serializer):
    run = MatchingRunSerializer(allow_null=True)
    job = serializers.IntegerField(allow_null=True, help_text=gettext_lazy("后台任务编号"))


class ConfirmedSerializer(serializers.Serializer):
    pairs = serializers.IntegerField()


class MentorPairSerializer(serializers.ModelSerializer):
    mentor_name = serializers.SerializerMethodField()
    mentee_name = serializers.CharField(source="mentee.name", read_only=True)
    role_name = serializers.CharField(source="role.name", read_only=True)
    is_quiet = serializers.BooleanField(read_only=True)

    class Meta:
        model = MentorPair
        fields = [
            "id", "program", "role", "role_name", "mentor", "mentor_name", "mentee",
            "mentee_name", "status", "run", "reason", "started_on", "ended_on", "last_log_on",
            "is_quiet",
        ]  # fmt: skip

    def get_mentor_name(self, obj) -> str:
        return _name(obj.mentor)


class ReassignSerializer(serializers.Serializer):
    mentor = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.all())


class FollowUpSerializer(serializers.ModelSerializer):
    class Meta:
        model = FollowUp
        fields = ["id", "log", "text", "due_date", "done_at"]


class FollowUpInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=200, allow_blank=True)
    due_date = serializers.DateField(allow_null=True)


class MentoringLogSerializer(serializers.ModelSerializer):
    follow_ups = FollowUpSerializer(many=True, read_only=True)

    class Meta:
        model = MentoringLog
        fields = [
            "id", "pair", "date", "mode", "topic", "notes", "duration_minutes", "written_by",
            "confirmed_by", "confirmed_at", "created_at", "follow_ups",
        ]  # fmt: skip


class MentoringLogListSerializer(serializers.ModelSerializer):
    follow_up_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = MentoringLog
        fields = [
            "id", "pair", "date", "mode", "topic", "duration_minutes", "written_by",
            "confirmed_at", "follow_up_count",
        ]  # fmt: skip


class MentoringLogCreateSerializer(serializers.Serializer):
    pair = serializers.IntegerField(help_text=gettext_lazy("结对 id：您是其导师或学员的结对"))
    date = serializers.DateField()
    mode = serializers.CharField()
    topic = serializers.CharField(allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    duration_minutes = serializers.IntegerField()
    follow_ups = FollowUpInputSerializer(many=True, required=False, default=list)
