"""Representations of deliverables, outcomes, investment, problems solved and the roll-ups."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from qingmiao.cultivation.models import (
    Deliverable,
    DeliverableOutcome,
    InvestmentRecord,
    ProblemSolved,
)


def _name(field: str):
    return serializers.CharField(source=f"get_{field}_display", read_only=True)


class CreditedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    unit = serializers.IntegerField(source="unit_id")


class OutcomeSerializer(serializers.ModelSerializer):
    kind_name = _name("kind")
    has_evidence_file = serializers.SerializerMethodField()

    class Meta:
        model = DeliverableOutcome
        fields = ["id", "kind", "kind_name", "body", "date", "evidence", "has_evidence_file"]
        read_only_fields = fields

    def get_has_evidence_file(self, obj) -> bool:
        return bool(obj.evidence_file)


class DeliverableSerializer(serializers.ModelSerializer):
    kind_name = _name("kind")
    program_name = serializers.CharField(source="program.name", read_only=True)
    team_name = serializers.CharField(source="team.name", read_only=True, allow_null=True)
    authors = CreditedSerializer(many=True, read_only=True)
    outcomes = OutcomeSerializer(many=True, read_only=True)
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = Deliverable
        fields = [
            "id", "program", "program_name", "kind", "kind_name", "title", "summary", "team",
            "team_name", "authors", "submitted_on", "has_file", "outcomes",
        ]  # fmt: skip
        read_only_fields = fields

    def get_has_file(self, obj) -> bool:
        return bool(obj.file)


class DeliverableWriteSerializer(serializers.Serializer):
    """Staff name the program; a cadre submitting for their team names the team. Titles,
    dates and credit are checked by the service, which answers in the page's words."""

    program = serializers.IntegerField(required=False)
    team = serializers.IntegerField(required=False, allow_null=True)
    kind = serializers.CharField()
    title = serializers.CharField(allow_blank=True, max_length=150)
    summary = serializers.CharField(allow_blank=True, required=False, default="")
    authors = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    submitted_on = serializers.DateField()
    file = serializers.FileField(required=False, allow_null=True)


class DeliverableUpdateSerializer(serializers.Serializer):
    """A correction: what is not sent stays as it is."""

    team = serializers.IntegerField(required=False, allow_null=True)
    kind = serializers.CharField(required=False)
    title = serializers.CharField(allow_blank=True, max_length=150, required=False)
    summary = serializers.CharField(allow_blank=True, required=False)
    authors = serializers.ListField(child=serializers.IntegerField(), required=False)
    submitted_on = serializers.DateField(required=False)
    file = serializers.FileField(required=False, allow_null=True)


class OutcomeUpdateSerializer(serializers.Serializer):
    body = serializers.CharField(allow_blank=True, required=False)
    date = serializers.DateField(required=False)
    evidence = serializers.CharField(allow_blank=True, required=False)
    evidence_file = serializers.FileField(required=False, allow_null=True)


class OutcomeWriteSerializer(serializers.Serializer):
    kind = serializers.CharField()
    body = serializers.CharField(allow_blank=True, required=False, default="")
    date = serializers.DateField()
    evidence = serializers.CharField(allow_blank=True, required=False, default="")
    evidence_file = serializers.FileField(required=False, allow_null=True)


class InvestmentSerializer(serializers.ModelSerializer):
    stage_name = _name("stage")
    program_name = serializers.CharField(source="program.name", read_only=True)
    team_name = serializers.CharField(source="team.name", read_only=True, allow_null=True)
    cadres = CreditedSerializer(many=True, read_only=True)

    class Meta:
        model = InvestmentRecord
        fields = [
            "id", "program", "program_name", "enterprise_name", "credit_code",
            "registered_capital", "industry", "stage", "stage_name", "date", "team", "team_name",
            "cadres",
        ]  # fmt: skip
        read_only_fields = fields


class InvestmentWriteSerializer(serializers.Serializer):
    program = serializers.IntegerField(required=False)
    enterprise_name = serializers.CharField(allow_blank=True, required=False, default="")
    credit_code = serializers.CharField(allow_blank=True, required=False, default="")
    # Text: the service reads the amount (万元, two decimals) and refuses in the page's words.
    registered_capital = serializers.CharField(allow_blank=True, required=False)
    industry = serializers.CharField(allow_blank=True, required=False, default="")
    stage = serializers.CharField(required=False)
    date = serializers.DateField(required=False)
    team = serializers.IntegerField(required=False, allow_null=True)
    cadres = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)


class ProblemSerializer(serializers.ModelSerializer):
    program_name = serializers.CharField(source="program.name", read_only=True)
    beneficiary_kind_name = _name("beneficiary_kind")
    team_name = serializers.CharField(source="team.name", read_only=True, allow_null=True)
    cadres = CreditedSerializer(many=True, read_only=True)

    class Meta:
        model = ProblemSolved
        fields = [
            "id", "program", "program_name", "title", "beneficiary", "beneficiary_kind",
            "beneficiary_kind_name", "outcome", "date", "team", "team_name", "cadres",
        ]  # fmt: skip
        read_only_fields = fields


class ProblemWriteSerializer(serializers.Serializer):
    program = serializers.IntegerField()
    title = serializers.CharField(allow_blank=True)
    beneficiary = serializers.CharField(allow_blank=True)
    beneficiary_kind = serializers.ChoiceField(
        choices=ProblemSolved.BeneficiaryKind.choices, required=False
    )
    outcome = serializers.CharField(allow_blank=True)
    date = serializers.DateField()
    team = serializers.IntegerField(required=False, allow_null=True)
    cadres = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)


class _Kinds(serializers.Serializer):
    total = serializers.IntegerField()
    research = serializers.IntegerField()
    bottleneck = serializers.IntegerField()
    proposal = serializers.IntegerField()
    suggestion = serializers.IntegerField()


class _Outcomes(serializers.Serializer):
    adopted = serializers.IntegerField()
    converted = serializers.IntegerField()
    planned = serializers.IntegerField()


class _Rates(serializers.Serializer):
    adopted = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    converted = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    planned = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class _Investment(serializers.Serializer):
    enterprises = serializers.IntegerField()
    settled = serializers.IntegerField()
    capital = serializers.DecimalField(max_digits=18, decimal_places=2)
    settled_capital = serializers.DecimalField(max_digits=18, decimal_places=2)


class _Problems(serializers.Serializer):
    total = serializers.IntegerField()
    projects = serializers.IntegerField()


class FiguresSerializer(serializers.Serializer):
    deliverables = _Kinds()
    outcomes = _Outcomes()
    rates = _Rates(help_text=gettext_lazy("百分比，保留一位小数；没有成果时为 null。"))
    investment = _Investment()
    problems = _Problems()


class RowFiguresSerializer(FiguresSerializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ResultsSummarySerializer(serializers.Serializer):
    totals = FiguresSerializer()
    by_team = RowFiguresSerializer(many=True)
    by_unit = RowFiguresSerializer(many=True)
