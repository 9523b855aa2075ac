"""Serializers of the attendance area: sessions' attendance, rosters, sign-in, make-ups,
requirements and progress, feedback in aggregate (there is no serializer of one answer)."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from qingmiao.cultivation.models import Attendance, HourRequirement, MakeUpRequest, Session


class AttendanceSessionSerializer(serializers.ModelSerializer):
    course_title = serializers.CharField(source="course.title")
    mode_name = serializers.CharField(source="get_mode_display")
    status_name = serializers.CharField(source="get_status_display")
    programs = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    recorded = serializers.IntegerField(help_text=gettext_lazy("已记录考勤的人数"))
    attended = serializers.IntegerField(help_text=gettext_lazy("出席（含迟到、早退）的人数"))

    class Meta:
        model = Session
        fields = [
            "id",
            "course_title",
            "title",
            "starts_at",
            "ends_at",
            "mode",
            "mode_name",
            "place",
            "credit_hours",
            "programs",
            "status",
            "status_name",
            "recorded",
            "attended",
        ]


class RosterRowSerializer(serializers.Serializer):
    cadre = serializers.IntegerField()
    name = serializers.CharField(read_only=True)
    unit_name = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(
        choices=[("", ""), *Attendance.Status.choices], allow_blank=True
    )
    minutes_late = serializers.IntegerField(min_value=0, max_value=1440, default=0)
    minutes_early = serializers.IntegerField(min_value=0, max_value=1440, default=0)
    credited_hours = serializers.DecimalField(max_digits=6, decimal_places=1, read_only=True)
    made_up = serializers.BooleanField(read_only=True)


class RosterWriteSerializer(serializers.Serializer):
    rows = RosterRowSerializer(many=True)


class SignInSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=6, help_text=gettext_lazy("现场屏幕上的 6 位签到码"))


class AttendanceSerializer(serializers.ModelSerializer):
    status_name = serializers.CharField(source="get_status_display")

    class Meta:
        model = Attendance
        fields = [
            "id",
            "session",
            "status",
            "status_name",
            "minutes_late",
            "minutes_early",
            "method",
            "signed_in_at",
            "credited_hours",
        ]


class MakeUpSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name")
    session_title = serializers.CharField(source="session.__str__")
    status_name = serializers.CharField(source="get_status_display")
    has_evidence = serializers.SerializerMethodField()

    class Meta:
        model = MakeUpRequest
        fields = [
            "id",
            "session",
            "session_title",
            "cadre",
            "cadre_name",
            "how",
            "status",
            "status_name",
            "submitted_at",
            "decided_at",
            "decision_note",
            "has_evidence",
        ]

    def get_has_evidence(self, obj) -> bool:
        return bool(obj.evidence)


class MakeUpCreateSerializer(serializers.Serializer):
    session = serializers.IntegerField()
    how = serializers.CharField(max_length=200)
    evidence = serializers.FileField(required=False)


class MakeUpDecideSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class FeedbackWriteSerializer(serializers.Serializer):
    content = serializers.IntegerField()
    delivery = serializers.IntegerField()
    organization = serializers.IntegerField()
    usefulness = serializers.IntegerField()
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class FeedbackDimensionSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    average = serializers.FloatField()
    spread = serializers.ListField(
        child=serializers.IntegerField(), help_text=gettext_lazy("打 1 至 5 分的人数")
    )


class FeedbackSummarySerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text=gettext_lazy("收到的评价份数"))
    shown = serializers.BooleanField(help_text=gettext_lazy("不足 3 份时为 false，不给出结果"))
    minimum = serializers.IntegerField()
    message = serializers.CharField(required=False)
    overall = serializers.FloatField(required=False)
    dimensions = FeedbackDimensionSerializer(many=True, required=False)
    comments = serializers.ListField(child=serializers.CharField(), required=False)


class HourRequirementSerializer(serializers.ModelSerializer):
    program_name = serializers.CharField(source="program.name", default=None)
    unit_name = serializers.CharField(source="unit.name", default=None)
    tag_name = serializers.CharField(source="tag.name", default=None)

    class Meta:
        model = HourRequirement
        fields = [
            "id",
            "name",
            "hours",
            "program",
            "program_name",
            "year",
            "unit",
            "unit_name",
            "tag",
            "tag_name",
        ]


class ProgressSerializer(serializers.Serializer):
    cadre = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    unit_name = serializers.CharField(source="unit.name")
    required = serializers.DecimalField(max_digits=8, decimal_places=1)
    done = serializers.DecimalField(max_digits=8, decimal_places=1)
    short = serializers.SerializerMethodField()

    def get_short(self, obj) -> str:
        return f"{max(obj.short, 0):.1f}"


class HoursProgressSerializer(serializers.Serializer):
    """One row of a program's hours progress (学时进度)."""

    cadre = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    unit_name = serializers.CharField(source="unit.name")
    required = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    attended = serializers.DecimalField(max_digits=8, decimal_places=1)
    made_up = serializers.DecimalField(max_digits=8, decimal_places=1)
    done = serializers.DecimalField(max_digits=8, decimal_places=1)
    short = serializers.SerializerMethodField()

    def get_short(self, obj) -> str | None:
        return None if obj.required is None else f"{max(obj.short, 0):.1f}"


class HoursBarSerializer(serializers.Serializer):
    name = serializers.CharField()
    stage = serializers.CharField()
    done = serializers.DecimalField(max_digits=8, decimal_places=1)
    need = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    short = serializers.DecimalField(max_digits=8, decimal_places=1)
    percent = serializers.IntegerField()


class MyHoursSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    year_done = serializers.DecimalField(max_digits=8, decimal_places=1)
    rows = HoursBarSerializer(many=True)
