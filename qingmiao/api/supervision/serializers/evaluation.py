"""Shapes of democratic evaluation and annual appraisal in the API."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from qingmiao.cadres.models import Appraisal
from qingmiao.supervision import ballots
from qingmiao.supervision.models import AppraisalProposal, Evaluation
from qingmiao.supervision.models.evaluation import OptionSet, Turnout, VoterType


class DemocraticEvaluationSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    state = serializers.SerializerMethodField(help_text=_("未开始、进行中或已结束"))

    class Meta:
        model = Evaluation
        fields = [
            "id", "title", "kind", "unit", "unit_name", "year", "option_set", "opens_at",
            "closes_at", "closed_at", "min_turnout", "state",
        ]  # fmt: skip

    def get_state(self, obj) -> str:
        return str(ballots.STATE_LABELS[ballots.state(obj)])


class DemocraticEvaluationWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=Evaluation.Kind.choices, default="evaluation")
    unit = serializers.IntegerField()
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    subjects = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    questions = serializers.ListField(
        child=serializers.CharField(max_length=60), required=False, default=list
    )
    option_set = serializers.ChoiceField(choices=OptionSet.choices, default="grades")
    voter_types = serializers.ListField(
        child=serializers.ChoiceField(choices=VoterType.choices), allow_empty=False
    )
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    min_turnout = serializers.ChoiceField(choices=Turnout.choices, default="2/3")


class IssueSerializer(serializers.Serializer):
    voter_type = serializers.ChoiceField(choices=VoterType.choices)
    count = serializers.IntegerField(min_value=1, max_value=500)


class CodesSerializer(serializers.Serializer):
    codes = serializers.ListField(child=serializers.CharField())


class SendSerializer(serializers.Serializer):
    voter_type = serializers.ChoiceField(choices=VoterType.choices)
    users = serializers.ListField(child=serializers.CharField(), allow_empty=False)


class TurnoutTypeSerializer(serializers.Serializer):
    voter_type = serializers.CharField()
    issued = serializers.IntegerField()
    used = serializers.IntegerField()


class OptionCountSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)


class TypeResultSerializer(serializers.Serializer):
    voter_type = serializers.CharField()
    ballots = serializers.IntegerField()
    options = OptionCountSerializer(many=True)


class QuestionResultSerializer(serializers.Serializer):
    question = serializers.CharField()
    ballots = serializers.IntegerField()
    options = OptionCountSerializer(many=True)
    by_type = TypeResultSerializer(many=True)


class SubjectResultSerializer(serializers.Serializer):
    cadre = serializers.IntegerField()
    name = serializers.CharField()
    questions = QuestionResultSerializer(many=True)


class ResultsSerializer(serializers.Serializer):
    issued = serializers.IntegerField()
    used = serializers.IntegerField()
    by_type = TurnoutTypeSerializer(many=True)
    visible = serializers.BooleanField()
    withheld = serializers.CharField(help_text=_("结果未公布的原因"))
    subjects = SubjectResultSerializer(many=True, allow_null=True)


class SlipOpenSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    evaluation = serializers.IntegerField(required=False)


class BallotFormSubjectSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    unit = serializers.CharField()


class BallotFormQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class BallotFormSerializer(serializers.Serializer):
    evaluation = serializers.IntegerField()
    title = serializers.CharField()
    voter_type = serializers.CharField()
    closes_at = serializers.DateTimeField()
    subjects = BallotFormSubjectSerializer(many=True)
    questions = BallotFormQuestionSerializer(many=True)
    options = OptionCountSerializer(many=True, help_text=_("可选的评价（只用 key 与 label）"))
    answer_key = serializers.CharField(help_text=_("每个回答的键：s<测评对象 id>q<测评内容 id>"))


class BallotCastSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    evaluation = serializers.IntegerField(required=False)
    answers = serializers.DictField(child=serializers.CharField(), allow_empty=False)


class ProposalSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = AppraisalProposal
        fields = [
            "id", "cadre", "cadre_name", "year", "unit", "unit_name", "grade", "note", "status",
            "confirmed_at",
        ]  # fmt: skip


class ProposalRowSerializer(serializers.Serializer):
    cadre = serializers.IntegerField()
    grade = serializers.ChoiceField(choices=Appraisal.Result.choices)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ProposeSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    rows = ProposalRowSerializer(many=True, allow_empty=False)


class ImportSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    file = serializers.FileField()


class ConfirmSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class QuotaSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    percent = serializers.IntegerField(min_value=1, max_value=100)


class CountSerializer(serializers.Serializer):
    count = serializers.IntegerField()
