"""Representations of plan templates, plans (with their derived phase) and milestones."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from qingmiao.cultivation import phases
from qingmiao.cultivation.models import GrowthPlan, PlanMilestone, PlanTemplate


class TemplateMilestoneSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    due_month = serializers.IntegerField(help_text=gettext_lazy("入职后第几个月完成（1—36）"))
    title = serializers.CharField(allow_blank=True)
    evidence_required = serializers.BooleanField(default=True)


class TemplateSerializer(serializers.ModelSerializer):
    milestones = TemplateMilestoneSerializer(many=True, read_only=True)
    organizer_name = serializers.CharField(source="organizer.name", read_only=True)

    class Meta:
        model = PlanTemplate
        fields = [
            "id", "name", "organizer", "organizer_name", "theme_year1", "theme_year2",
            "theme_year3", "milestones",
        ]  # fmt: skip
        read_only_fields = fields


class TemplateWriteSerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True)
    theme_year1 = serializers.CharField(allow_blank=True)
    theme_year2 = serializers.CharField(allow_blank=True)
    theme_year3 = serializers.CharField(allow_blank=True)
    milestones = TemplateMilestoneSerializer(many=True)


class MilestoneSerializer(serializers.ModelSerializer):
    overdue = serializers.SerializerMethodField()
    confirmed = serializers.SerializerMethodField()
    has_evidence_file = serializers.SerializerMethodField()

    class Meta:
        model = PlanMilestone
        fields = [
            "id", "plan", "year", "title", "due_date", "evidence_required", "done_at",
            "evidence", "has_evidence_file", "confirmed", "overdue",
        ]  # fmt: skip
        read_only_fields = fields

    def get_overdue(self, obj) -> bool:
        return obj.done_at is None and obj.due_date < self.context["today"]

    def get_confirmed(self, obj) -> bool:
        return obj.confirmed_by_id is not None

    def get_has_evidence_file(self, obj) -> bool:
        return bool(obj.evidence_file)


class PlanSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    unit_name = serializers.CharField(source="cadre.unit.name", read_only=True)
    phase = serializers.ChoiceField(choices=phases.CHOICES, read_only=True)
    phase_name = serializers.SerializerMethodField()
    milestone_n = serializers.IntegerField(read_only=True)
    done_n = serializers.IntegerField(read_only=True)
    confirmed_n = serializers.IntegerField(read_only=True)
    overdue_n = serializers.IntegerField(read_only=True)

    class Meta:
        model = GrowthPlan
        fields = [
            "id", "cadre", "cadre_name", "unit_name", "program", "template", "start_date",
            "phase", "phase_name", "theme_year1", "theme_year2", "theme_year3", "milestone_n",
            "done_n", "confirmed_n", "overdue_n",
        ]  # fmt: skip
        read_only_fields = fields

    def get_phase_name(self, obj) -> str:
        return str(phases.LABELS[obj.phase])


class PlanDetailSerializer(PlanSerializer):
    milestones = serializers.SerializerMethodField()

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "milestones"]
        read_only_fields = fields

    def get_milestones(self, obj) -> list:
        return MilestoneSerializer(self.context["milestones"], many=True, context=self.context).data


class CohortSerializer(serializers.Serializer):
    template = serializers.IntegerField()
    program = serializers.IntegerField(required=False, allow_null=True)
    unit = serializers.IntegerField(required=False, allow_null=True)
    hired_from = serializers.DateField(required=False, allow_null=True)
    hired_to = serializers.DateField(required=False, allow_null=True)


class CohortResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    skipped = serializers.ListField(child=serializers.CharField())
    without_hire_date = serializers.ListField(child=serializers.CharField())
    job = serializers.IntegerField(allow_null=True)


class DoneSerializer(serializers.Serializer):
    evidence = serializers.CharField(allow_blank=True, required=False, default="")
    evidence_file = serializers.FileField(required=False, allow_null=True)


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)
