"""Representations of practice assignments, their reports and the host's evaluation."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from qingmiao.accounts import scoping
from qingmiao.accounts.models import User
from qingmiao.cadres.models import Cadre, OrgUnit
from qingmiao.cultivation import practice_rules
from qingmiao.cultivation.models import HostEvaluation, PracticeAssignment, PracticeReport
from qingmiao.selection.models import Program


def _name(field: str):
    return serializers.CharField(source=f"get_{field}_display", read_only=True)


class AssignmentSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    cadre_unit = serializers.CharField(source="cadre.unit.name", read_only=True)
    program_name = serializers.CharField(source="program.name", read_only=True, default=None)
    kind_name = _name("kind")
    direction_name = _name("direction")
    host_unit_name = serializers.CharField(source="host_unit.name", read_only=True, default=None)
    host_contact_name = serializers.CharField(
        source="host_contact.full_name", read_only=True, default=None
    )
    status = serializers.CharField(
        source="state",
        read_only=True,
        help_text=gettext_lazy("当前状态：按起止日期确定，工作人员手工设定的“已期满”优先。"),
    )
    status_name = serializers.SerializerMethodField()
    report_count = serializers.IntegerField(read_only=True, default=0)
    latest_period = serializers.CharField(read_only=True, allow_null=True)
    evaluated = serializers.BooleanField(read_only=True)

    class Meta:
        model = PracticeAssignment
        fields = [
            "id", "cadre", "cadre_name", "cadre_unit", "program", "program_name", "kind",
            "kind_name", "direction", "direction_name", "host_name", "host_unit",
            "host_unit_name", "host_contact", "host_contact_name", "place", "post",
            "start_date", "end_date", "full_time", "goals", "status", "status_name",
            "report_count", "latest_period", "evaluated",
        ]  # fmt: skip
        read_only_fields = fields

    def get_status_name(self, obj) -> str:
        return str(PracticeAssignment.Status(obj.state).label)


class AssignmentWriteSerializer(serializers.Serializer):
    """Creating an assignment, or changing it (only the fields sent). The service checks the
    rules (dates, overlapping full-time assignments, the host account, the program)."""

    cadre = serializers.PrimaryKeyRelatedField(
        queryset=Cadre.objects.none(),
        error_messages={
            "does_not_exist": gettext_lazy("只能为本单位及下属单位的干部安排实践锻炼。")
        },
    )
    program = serializers.PrimaryKeyRelatedField(
        queryset=Program.objects.none(), required=False, allow_null=True
    )
    kind = serializers.ChoiceField(choices=PracticeAssignment.Kind.choices)
    direction = serializers.ChoiceField(
        choices=PracticeAssignment.Direction.choices, required=False
    )
    host_name = serializers.CharField(max_length=100)
    host_unit = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.none(), required=False, allow_null=True
    )
    host_contact = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("接收方联系人账号 id（角色须为“接收方联系人”）。"),
    )
    place = serializers.CharField(max_length=100)
    post = serializers.CharField(max_length=100, required=False, allow_blank=True)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    full_time = serializers.BooleanField(required=False, default=True)
    goals = serializers.CharField(required=False, allow_blank=True)
    status = serializers.ChoiceField(
        choices=PracticeAssignment.Status.choices,
        required=False,
        help_text=gettext_lazy("不传则按起止日期确定。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "request" not in self.context:
            return  # the schema generator describes the fields without a user
        user = self.context["request"].user
        self.fields["cadre"].queryset = scoping.visible(user, Cadre)
        self.fields["program"].queryset = scoping.visible(user, Program)
        self.fields["host_unit"].queryset = scoping.visible(user, OrgUnit)


class ReportSerializer(serializers.ModelSerializer):
    period_label = serializers.SerializerMethodField()

    class Meta:
        model = PracticeReport
        fields = ["id", "assignment", "period", "period_label", "content", "submitted_at"]
        read_only_fields = fields

    def get_period_label(self, obj) -> str:
        return practice_rules.period_label(obj.period)


class ReportWriteSerializer(serializers.Serializer):
    period = serializers.CharField(
        max_length=7, help_text=gettext_lazy("报告期（年-月），如 2026-11。")
    )
    content = serializers.CharField(max_length=4000)


class EvaluationSerializer(serializers.ModelSerializer):
    grade_name = _name("grade")
    evaluator_name = serializers.CharField(source="evaluator.full_name", read_only=True)

    class Meta:
        model = HostEvaluation
        fields = [
            "id", "assignment", "grade", "grade_name", "strengths", "improvements",
            "evaluator_name", "submitted_at",
        ]  # fmt: skip
        read_only_fields = fields


class EvaluationWriteSerializer(serializers.Serializer):
    grade = serializers.ChoiceField(choices=HostEvaluation.Grade.choices)
    strengths = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    improvements = serializers.CharField(max_length=2000, required=False, allow_blank=True)
