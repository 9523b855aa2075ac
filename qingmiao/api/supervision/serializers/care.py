"""Representations of care (关心关爱). The notes of a case and the accounts of its follow-ups are
masked (null, with `masked: true`) unless the caller unmasked that case with a reason."""

from rest_framework import serializers

from qingmiao.supervision.models import CareCase, CareFlag, CareFollowUp, CareKind, CareStatus


def _name(field: str):
    return serializers.CharField(source=f"get_{field}_display", read_only=True)


class CareFlagSerializer(serializers.ModelSerializer):
    kind_name = _name("kind")
    source_name = _name("source")

    class Meta:
        model = CareFlag
        fields = ["id", "kind", "kind_name", "source", "source_name", "basis"]
        read_only_fields = fields


class CareFollowUpSerializer(serializers.ModelSerializer):
    outcome_name = _name("outcome")
    result = serializers.SerializerMethodField()

    class Meta:
        model = CareFollowUp
        fields = ["id", "due_on", "plan", "outcome", "outcome_name", "result", "done_on"]
        read_only_fields = fields

    def get_result(self, obj) -> str | None:
        return obj.result if self.context.get("unmasked") else None


class CareCaseSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    unit_name = serializers.CharField(source="cadre.unit.name", read_only=True)
    kind_name = _name("kind")
    status_name = _name("status")
    owner_name = serializers.SerializerMethodField()

    class Meta:
        model = CareCase
        fields = [
            "id", "cadre", "cadre_name", "unit_name", "kind", "kind_name", "summary", "owner",
            "owner_name", "status", "status_name", "opened_on", "closed_on", "next_due",
        ]  # fmt: skip
        read_only_fields = fields

    def get_owner_name(self, obj) -> str:
        return obj.owner.full_name or obj.owner.username


class CareCaseDetailSerializer(CareCaseSerializer):
    masked = serializers.SerializerMethodField()
    notes = serializers.SerializerMethodField()
    follow_ups = serializers.SerializerMethodField()

    class Meta(CareCaseSerializer.Meta):
        fields = [*CareCaseSerializer.Meta.fields, "masked", "notes", "follow_ups"]
        read_only_fields = fields

    def get_masked(self, obj) -> bool:
        return not self.context.get("unmasked")

    def get_notes(self, obj) -> str | None:
        return obj.notes if self.context.get("unmasked") else None

    def get_follow_ups(self, obj) -> list[dict]:
        return CareFollowUpSerializer(obj.follow_ups.all(), many=True, context=self.context).data


class CareCaseWriteSerializer(serializers.Serializer):
    """Required fields are checked by the service, which answers in the page's words."""

    cadre = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=CareKind.choices)
    summary = serializers.CharField(max_length=100, required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    owner = serializers.IntegerField(required=False)
    opened_on = serializers.DateField(required=False)
    plan = serializers.CharField(max_length=200, required=False, allow_blank=True)
    due_on = serializers.DateField(required=False, allow_null=True)


class CareFollowUpWriteSerializer(serializers.Serializer):
    plan = serializers.CharField(max_length=200, required=False, allow_blank=True)
    due_on = serializers.DateField(required=False, allow_null=True)


class CareOutcomeWriteSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=CareStatus.choices, required=False, allow_blank=True)
    result = serializers.CharField(required=False, allow_blank=True)
    done_on = serializers.DateField(required=False, allow_null=True)
    next_plan = serializers.CharField(max_length=200, required=False, allow_blank=True)
    next_due_on = serializers.DateField(required=False, allow_null=True)


class CareUnmaskSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True)


class CareCountCellSerializer(serializers.Serializer):
    status = serializers.CharField()
    count = serializers.IntegerField()


class CareCountRowSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_name = serializers.CharField()
    by_status = CareCountCellSerializer(many=True)
    total = serializers.IntegerField()


class CareFlagCountSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_name = serializers.CharField()
    cadres = serializers.IntegerField()


class CareCountsSerializer(serializers.Serializer):
    rows = CareCountRowSerializer(many=True)
    totals = CareCountCellSerializer(many=True)
    total = serializers.IntegerField()
    flags = CareFlagCountSerializer(many=True)
