"""Representations of the growth record (timeline and yearly summary) and fitness reviews."""

from django.utils import timezone
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from qingmiao.cadres.templatetags.qingmiao import plain_number
from qingmiao.supervision.models import FitnessReview
from qingmiao.supervision.timeline import KINDS


class EventSerializer(serializers.Serializer):
    day = serializers.DateField()
    kind = serializers.ChoiceField(choices=list(KINDS.items()))
    kind_name = serializers.SerializerMethodField()
    title = serializers.CharField()
    detail = serializers.CharField()
    link = serializers.CharField()

    def get_kind_name(self, event) -> str:
        return str(KINDS.get(event.kind, ""))


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    total = serializers.IntegerField()
    counts = serializers.DictField(
        child=serializers.IntegerField(), help_text=gettext_lazy("各类纪实事项的数量")
    )
    hours = serializers.SerializerMethodField()
    capital = serializers.SerializerMethodField(help_text=gettext_lazy("引进注册资本（万元）"))
    deliverables = serializers.SerializerMethodField()
    adopted = serializers.SerializerMethodField()
    problems = serializers.SerializerMethodField()
    logs = serializers.SerializerMethodField()

    def get_hours(self, y) -> str:
        return plain_number(y.figures["hours"])

    def get_capital(self, y) -> str:
        return plain_number(y.figures["capital"])

    def get_deliverables(self, y) -> int:
        return int(y.figures["deliverables"])

    def get_adopted(self, y) -> int:
        return int(y.figures["adopted"])

    def get_problems(self, y) -> int:
        return int(y.figures["problems"])

    def get_logs(self, y) -> int:
        return int(y.figures["logs"])


class GrowthRecordSerializer(serializers.Serializer):
    cadre = serializers.IntegerField(source="cadre.pk")
    name = serializers.CharField(source="cadre.name")
    unit_name = serializers.CharField(source="cadre.unit.name")
    total = serializers.IntegerField(help_text=gettext_lazy("全部纪实事项数"))
    years = serializers.ListField(child=serializers.IntegerField())
    summary = YearSerializer(many=True)
    events = EventSerializer(many=True, help_text=gettext_lazy("按类别和年度筛选后的纪实事项"))


class ExportSerializer(serializers.Serializer):
    format = serializers.ChoiceField(
        choices=[("docx", "Word"), ("pdf", "PDF")],
        error_messages={"invalid_choice": gettext_lazy("请选择导出为 Word 或 PDF。")},
    )


class JobStartedSerializer(serializers.Serializer):
    job = serializers.IntegerField(help_text=gettext_lazy("任务编号，进度见 /jobs/<编号>/"))


class FitnessReviewSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="cadre.name", read_only=True)
    unit_name = serializers.CharField(source="cadre.unit.name", read_only=True)
    program = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    judgement_name = serializers.CharField(source="get_judgement_display", read_only=True)
    reviewer_name = serializers.SerializerMethodField()

    class Meta:
        model = FitnessReview
        fields = [
            "id", "cadre", "name", "unit_name", "program", "due_date", "period_start",
            "period_end", "status", "overdue", "judgement", "judgement_name", "reasons",
            "strengths", "weaknesses", "reviewer_name", "reviewed_on",
        ]  # fmt: skip
        read_only_fields = fields

    def get_program(self, review) -> int | None:
        return review.schedule.program_id if review.schedule_id else None

    def get_overdue(self, review) -> bool:
        return review.status == FitnessReview.Status.DUE and review.due_date < timezone.localdate()

    def get_reviewer_name(self, review) -> str:
        return review.reviewer.display_name if review.reviewer else ""


class JudgementSerializer(serializers.Serializer):
    # Blank accepted here: the service refuses a missing judgement in the page's words.
    judgement = serializers.CharField(allow_blank=True, required=False, default="")
    reasons = serializers.CharField(allow_blank=True, required=False, default="")
    strengths = serializers.CharField(allow_blank=True, required=False, default="")
    weaknesses = serializers.CharField(allow_blank=True, required=False, default="")


class FitnessCreateSerializer(JudgementSerializer):
    cadre = serializers.IntegerField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
