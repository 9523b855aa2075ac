"""Representations of the selection resources.

As elsewhere in the API, codes are written and read by value (`"status": "running"`) and come
with their name (`"status_name": "进行中"`); units, tags, programs, tracks and users are referred
to by id; political statuses and ranks in an eligibility rule by their code value (`"01"`,
`"R21"`). What a rater sees of a candidate depends on the stage: under blind review only the
candidate code, never a name or a unit.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from qingmiao.accounts import scoping
from qingmiao.cadres import selectors as cadre_selectors
from qingmiao.cadres.models import Cadre, CodeItem, CodeTable, OrgUnit, Tag, UnitType
from qingmiao.selection import eligibility, selectors
from qingmiao.selection.forms.staff import RATER_ROLES
from qingmiao.selection.models import (
    AdvancementDecision,
    AdvancementResult,
    AdvancementRule,
    Application,
    Dimension,
    EligibilityRule,
    Program,
    ProgramStatus,
    ScoreSheet,
    Stage,
    Track,
)
from qingmiao.selection.models.stage import AggregationMethod, TieBreak

from ..serializers import MAX_ID

STATEMENT_MAX = 2000


def _user(serializer):
    return serializer.context["request"].user


def _name(field: str):
    return serializers.CharField(source=f"get_{field}_display", read_only=True)


# --- programs -------------------------------------------------------------------------------


class TrackSerializer(serializers.ModelSerializer):
    class Meta:
        model = Track
        fields = ["id", "name", "description", "sort"]
        read_only_fields = fields


class ProgramSerializer(serializers.ModelSerializer):
    kind_name = _name("kind")
    organizer_name = serializers.CharField(source="organizer.name", read_only=True)
    entry_mode_name = _name("entry_mode")
    status_name = _name("status")
    tracks = TrackSerializer(many=True, read_only=True)

    class Meta:
        model = Program
        fields = [
            "id", "public_id", "name", "kind", "kind_name", "organizer", "organizer_name",
            "description", "partner_institutions", "start_date", "end_date",
            "registration_opens", "registration_closes", "capacity", "entry_mode",
            "entry_mode_name", "status", "status_name", "tracks", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class ProgramWriteSerializer(serializers.ModelSerializer):
    """Creating a program, or changing it (only the fields sent). The status is changed only by
    a transition; the eligibility rule has its own resource."""

    organizer = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.none(),
        error_messages={"does_not_exist": gettext_lazy("只能选择本单位及下属单位作为主办单位。")},
        help_text=gettext_lazy("主办单位 id：本单位或下属单位。"),
    )
    tracks = serializers.ListField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        help_text=gettext_lazy(
            "赛道名称，按显示顺序；不设赛道传空列表。修改时传入完整列表，已有报名的赛道不能删除。"
        ),
    )

    class Meta:
        model = Program
        fields = [
            "name", "kind", "organizer", "description", "partner_institutions", "start_date",
            "end_date", "registration_opens", "registration_closes", "capacity", "entry_mode",
            "tracks",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "request" in self.context:
            self.fields["organizer"].queryset = scoping.visible(_user(self), OrgUnit)

    def validate_tracks(self, value):
        # The same rules as the program form.
        names, seen = [], set()
        for raw in value:
            name = raw.strip()
            if not name:
                continue
            if len(name) > 40:
                raise serializers.ValidationError(_("赛道名称不能超过 40 个字。"))
            if name in seen:
                raise serializers.ValidationError(_("赛道“%(name)s”重复。") % {"name": name})
            seen.add(name)
            names.append(name)
        return names


TRANSITION_TARGETS = (
    ProgramStatus.REGISTRATION_OPEN,
    ProgramStatus.RUNNING,
    ProgramStatus.FINISHED,
)


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in TRANSITION_TARGETS],
        help_text=gettext_lazy(
            "draft → registration_open → running → finished，每步须满足其前提条件。"
        ),
    )


class RequirementSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    required = serializers.CharField()


class EligibilityRuleSerializer(serializers.ModelSerializer):
    """资格条件. Every field left empty asks nothing. PUT replaces the whole rule: a field not
    sent is cleared. The rule can be changed only while the program is a draft."""

    political_statuses = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        required=False,
        queryset=CodeItem.objects.of(CodeTable.POLITICAL),
        help_text=gettext_lazy('GB4762 代码值，如 ["01", "02"]。'),
    )
    political_status_names = serializers.SlugRelatedField(
        source="political_statuses", slug_field="name", many=True, read_only=True
    )
    unit_types = serializers.ListField(
        child=serializers.ChoiceField(choices=UnitType.choices), required=False
    )
    unit_type_names = serializers.ListField(
        source="unit_type_labels", child=serializers.CharField(), read_only=True
    )
    units = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=OrgUnit.objects.none(),
        help_text=gettext_lazy("限定单位 id（含下级单位）。"),
    )
    unit_names = serializers.SlugRelatedField(
        source="units", slug_field="name", many=True, read_only=True
    )
    ranks = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        required=False,
        queryset=CodeItem.objects.of(CodeTable.RANK),
        help_text=gettext_lazy("职务职级代码值。"),
    )
    rank_names = serializers.SlugRelatedField(
        source="ranks", slug_field="name", many=True, read_only=True
    )
    required_tags = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Tag.objects.all()
    )
    required_tag_names = serializers.SlugRelatedField(
        source="required_tags", slug_field="name", many=True, read_only=True
    )
    min_education_level_name = serializers.CharField(
        source="get_min_education_level_display", read_only=True, allow_null=True
    )
    editable = serializers.SerializerMethodField(
        help_text=gettext_lazy("项目为草稿时才能修改资格条件。")
    )
    requirements = serializers.SerializerMethodField(
        help_text=gettext_lazy("已设置的每一项条件的文字说明，与项目页面相同。")
    )

    PLAIN = (
        "born_from", "born_to", "max_age", "age_reference_date", "min_education_level",
        "min_years_since_hire", "max_years_since_hire",
    )  # fmt: skip
    M2M = ("political_statuses", "units", "ranks", "required_tags")

    class Meta:
        model = EligibilityRule
        fields = [
            "program", "born_from", "born_to", "max_age", "age_reference_date",
            "min_education_level", "min_education_level_name", "political_statuses",
            "political_status_names", "unit_types", "unit_type_names", "units", "unit_names",
            "min_years_since_hire", "max_years_since_hire", "ranks", "rank_names",
            "required_tags", "required_tag_names", "editable", "requirements",
        ]  # fmt: skip
        read_only_fields = ["program"]
        extra_kwargs = {
            "born_from": {"required": False},
            "born_to": {"required": False},
            "max_age": {"required": False},
            "age_reference_date": {"required": False},
            "min_education_level": {"required": False},
            "min_years_since_hire": {"required": False},
            "max_years_since_hire": {"required": False},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "request" in self.context:
            self.fields["units"].child_relation.queryset = scoping.visible(_user(self), OrgUnit)

    def get_editable(self, rule) -> bool:
        return rule.program.status == ProgramStatus.DRAFT

    @extend_schema_field(RequirementSerializer(many=True))
    def get_requirements(self, rule):
        return [
            {"key": key, "label": label, "required": text}
            for key, label, text in eligibility.requirements(rule)
        ]

    def rule_values(self) -> tuple[dict, dict]:
        """(data, m2m) for `services.rule_save`: everything not sent asks nothing."""
        values = self.validated_data
        data = {name: values.get(name) for name in self.PLAIN}
        data["unit_types"] = values.get("unit_types", [])
        m2m = {name: list(values.get(name, [])) for name in self.M2M}
        return data, m2m


class RuleResultSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    ok = serializers.BooleanField()
    required = serializers.CharField(help_text=gettext_lazy("要求"))
    actual = serializers.CharField(help_text=gettext_lazy("本人情况"))


class EligibilitySerializer(serializers.Serializer):
    program = serializers.IntegerField()
    cadre = serializers.IntegerField()
    cadre_name = serializers.CharField()
    eligible = serializers.BooleanField()
    rules = RuleResultSerializer(many=True)


class EligibilityQuerySerializer(serializers.Serializer):
    cadre = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)


# --- applications ---------------------------------------------------------------------------


class ApplicantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    gender_name = serializers.CharField(source="gender.name", allow_null=True)
    birth_date = serializers.DateField()
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit.name")
    fulltime_education_name = serializers.CharField(
        source="fulltime_education.name", allow_null=True
    )
    political_status_name = serializers.CharField(source="political_status.name", allow_null=True)


class ApplicationSerializer(serializers.ModelSerializer):
    program_name = serializers.CharField(source="program.name", read_only=True)
    cadre = ApplicantSerializer(read_only=True)
    track_name = serializers.CharField(source="track.name", read_only=True, allow_null=True)
    mode_name = _name("mode")
    status_name = _name("status")
    outcome_name = _name("outcome")
    current_stage_name = serializers.CharField(
        source="current_stage.name", read_only=True, allow_null=True
    )
    eligibility = RuleResultSerializer(
        many=True,
        read_only=True,
        help_text=gettext_lazy("报名时（或按资格条件审查时）逐条核验的结果。"),
    )

    class Meta:
        model = Application
        fields = [
            "id", "program", "program_name", "cadre", "track", "track_name", "mode", "mode_name",
            "statement", "recommended_by", "status", "status_name", "eligibility",
            "screened_at", "screening_reason", "outcome", "outcome_name", "current_stage",
            "current_stage_name", "created_at", "withdrawn_at",
        ]  # fmt: skip
        read_only_fields = fields


class ApplicationCreateSerializer(serializers.Serializer):
    """自主报名 (a cadre: program, track, statement) or 单位推荐 (an officer or administrator:
    also the cadre). Which one is decided by the caller's role, not by the request."""

    program = serializers.PrimaryKeyRelatedField(queryset=Program.objects.none())
    cadre = serializers.PrimaryKeyRelatedField(
        queryset=Cadre.objects.none(),
        required=False,
        error_messages={
            "required": gettext_lazy("请选择要推荐的干部。"),
            "null": gettext_lazy("请选择要推荐的干部。"),
            "does_not_exist": gettext_lazy("只能推荐本单位及下属单位的干部。"),
        },
        help_text=gettext_lazy("推荐的干部 id（单位推荐时必填，自主报名时不传）。"),
    )
    track = serializers.PrimaryKeyRelatedField(
        queryset=Track.objects.none(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": gettext_lazy("所选赛道不属于该项目。")},
        help_text=gettext_lazy("赛道 id；项目设有赛道时必填。"),
    )
    statement = serializers.CharField(
        max_length=STATEMENT_MAX,
        error_messages={
            "required": gettext_lazy("请填写报名陈述。"),
            "blank": gettext_lazy("请填写报名陈述。"),
        },
        help_text=gettext_lazy("报名陈述（单位推荐时为推荐理由），不超过 2000 字。"),
    )

    def __init__(self, *args, recommending: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.recommending = recommending
        if "request" in self.context:
            user = _user(self)
            self.fields["program"].queryset = scoping.visible(user, Program)
            self.fields["track"].queryset = scoping.visible(user, Track)
            self.fields["cadre"].queryset = cadre_selectors.cadre_queryset(user).filter(
                is_active=True
            )
        if recommending:
            self.fields["cadre"].required = True
            message = gettext_lazy("请填写推荐理由。")
            self.fields["statement"].error_messages.update(required=message, blank=message)
        else:
            del self.fields["cadre"]


class ScreenSerializer(serializers.Serializer):
    applications = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        help_text=gettext_lazy("要审查的报名 id。"),
    )
    eligible = serializers.BooleanField(
        required=False, help_text=gettext_lazy("true 为资格审查通过，false 为未通过。")
    )
    reason = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("审查意见；不通过时必填。"),
    )
    by_rules = serializers.BooleanField(
        required=False,
        default=False,
        help_text=gettext_lazy("为 true 时按资格条件一次审查全部待审查的报名，忽略其他字段。"),
    )

    def validate(self, attrs):
        if attrs["by_rules"]:
            return attrs
        errors = {}
        if not attrs.get("applications"):
            errors["applications"] = [_("请先勾选要审查的报名。")]
        if "eligible" not in attrs:
            errors["eligible"] = [self.fields["eligible"].error_messages["required"]]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class ScreenResultSerializer(serializers.Serializer):
    screened = serializers.IntegerField()
    eligible = serializers.IntegerField()
    ineligible = serializers.IntegerField()


# --- stages ---------------------------------------------------------------------------------


class DimensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Dimension
        fields = ["id", "name", "weight", "max_score", "sort"]
        read_only_fields = fields


class StageSerializer(serializers.ModelSerializer):
    program_name = serializers.CharField(source="program.name", read_only=True)
    advancement_rule_name = _name("advancement_rule")
    aggregation_name = _name("aggregation")
    status_name = _name("status")
    tie_breaks = serializers.ListField(child=serializers.CharField(), read_only=True)
    rater_roles = serializers.ListField(child=serializers.CharField(), read_only=True)
    dimensions = DimensionSerializer(many=True, read_only=True)

    class Meta:
        model = Stage
        fields = [
            "id", "program", "program_name", "order", "name", "description",
            "advancement_rule", "advancement_rule_name", "rule_value", "aggregation",
            "aggregation_name", "tie_breaks", "rater_roles", "raters_per_candidate", "blind",
            "min_credit_hours", "scoring_opens", "scoring_closes", "status", "status_name",
            "dimensions",
        ]  # fmt: skip
        read_only_fields = fields


class DimensionWriteSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text=gettext_lazy("已有维度的 id；新增的维度不传。"),
    )

    class Meta:
        model = Dimension
        fields = ["id", "name", "weight", "max_score"]


class StageWriteSerializer(serializers.ModelSerializer):
    """A stage with its scoring scheme. `dimensions`, when sent, is the whole scheme: listed
    dimensions with an id are changed, those without one added, and those not listed removed;
    new dimensions follow the existing ones. Nothing can change once scoring has begun."""

    program = serializers.PrimaryKeyRelatedField(
        queryset=Program.objects.none(), help_text=gettext_lazy("所属项目 id（仅新建时）。")
    )
    order = serializers.IntegerField(
        min_value=1,
        max_value=32767,
        required=False,
        help_text=gettext_lazy("顺序，从 1 开始；新建时不传则排在最后。"),
    )
    aggregation = serializers.ChoiceField(choices=AggregationMethod.choices, required=False)
    tie_breaks = serializers.ListField(
        child=serializers.ChoiceField(choices=TieBreak.choices),
        required=False,
        help_text=gettext_lazy("同分时依次比较的规则；新建时默认 first_dimension、raw_mean。"),
    )
    rater_roles = serializers.ListField(
        child=serializers.ChoiceField(choices=[(r.value, r.label) for r in RATER_ROLES]),
        allow_empty=False,
        required=False,
        help_text=gettext_lazy("可担任评委的角色；新建时默认 rater。"),
    )
    raters_per_candidate = serializers.IntegerField(min_value=1, max_value=50, required=False)
    dimensions = DimensionWriteSerializer(many=True, required=False)

    class Meta:
        model = Stage
        fields = [
            "program", "order", "name", "description", "advancement_rule", "rule_value",
            "aggregation", "tie_breaks", "rater_roles", "raters_per_candidate", "blind",
            "min_credit_hours", "scoring_opens", "scoring_closes", "dimensions",
        ]  # fmt: skip
        validators = []  # a second stage of the same order is refused by the service, by field

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "request" in self.context:
            self.fields["program"].queryset = selectors.managed_programs(_user(self))
        if self.instance is not None:
            del self.fields["program"]  # a stage does not move between programs


# --- raters and score sheets ----------------------------------------------------------------


class StageAssignmentSerializer(serializers.Serializer):
    """A rater's assignment as the program's managers see it."""

    id = serializers.IntegerField()
    rater = serializers.IntegerField(source="rater_id")
    rater_name = serializers.CharField(source="rater.display_name")
    entry = serializers.IntegerField(source="entry_id")
    code = serializers.CharField(source="entry.code")
    candidate_name = serializers.CharField(source="entry.application.cadre.name")
    sheet = serializers.SerializerMethodField()
    sheet_status = serializers.SerializerMethodField(
        help_text=gettext_lazy("draft 草稿、submitted 已提交；未开始评分时为空字符串。")
    )
    total = serializers.SerializerMethodField()

    def get_sheet(self, assignment) -> int | None:
        sheet = getattr(assignment, "sheet", None)
        return sheet.pk if sheet is not None else None

    def get_sheet_status(self, assignment) -> str:
        sheet = getattr(assignment, "sheet", None)
        return sheet.status if sheet is not None else ""

    @extend_schema_field(OpenApiTypes.DECIMAL)
    def get_total(self, assignment):
        sheet = getattr(assignment, "sheet", None)
        return str(sheet.total) if sheet is not None and sheet.total is not None else None


class AutoAssignSerializer(serializers.Serializer):
    raters = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=get_user_model().objects.none(),
        allow_empty=False,
        help_text=gettext_lazy("评委的用户 id：本关卡评分角色的在用账户（外部评委或本单位人员）。"),
    )
    k = serializers.IntegerField(
        min_value=1,
        max_value=50,
        required=False,
        help_text=gettext_lazy("每名考生的评委数；不传则用关卡的设置。"),
    )

    def __init__(self, *args, stage: Stage | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if "request" in self.context and stage is not None:
            roles = stage.rater_roles or list(RATER_ROLES[:1])
            self.fields["raters"].child_relation.queryset = selectors.rater_candidates(
                _user(self), roles
            )


class AutoAssignResultSerializer(serializers.Serializer):
    assignments = serializers.IntegerField()
    loads = serializers.DictField(
        child=serializers.IntegerField(), help_text=gettext_lazy("每位评委分到的考生数。")
    )


class CandidateSerializer(serializers.Serializer):
    """A candidate as a rater sees them: under blind review the code alone."""

    code = serializers.CharField()
    name = serializers.CharField(required=False, help_text=gettext_lazy("盲评时不提供。"))
    unit_name = serializers.CharField(required=False, help_text=gettext_lazy("盲评时不提供。"))
    track_name = serializers.CharField(
        required=False, allow_null=True, help_text=gettext_lazy("盲评时不提供。")
    )


def candidate_of(assignment) -> dict:
    entry = assignment.entry
    if assignment.stage.blind:
        return {"code": entry.code}
    application = entry.application
    return {
        "code": entry.code,
        "name": application.cadre.name,
        "unit_name": application.cadre.unit.name,
        "track_name": application.track.name if application.track_id else None,
    }


class RaterStageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    program = serializers.IntegerField(source="program_id")
    program_name = serializers.CharField(source="program.name")
    blind = serializers.BooleanField()
    status = serializers.CharField()
    status_name = serializers.CharField(source="get_status_display")
    scoring_opens = serializers.DateTimeField(allow_null=True)
    scoring_closes = serializers.DateTimeField(allow_null=True)


class RaterAssignmentSerializer(serializers.Serializer):
    """One candidate the rater is asked to score."""

    id = serializers.IntegerField()
    stage = RaterStageSerializer()
    candidate = serializers.SerializerMethodField()
    sheet = serializers.SerializerMethodField()
    sheet_status = serializers.SerializerMethodField(
        help_text=gettext_lazy("draft 草稿、submitted 已提交；未开始评分时为空字符串。")
    )

    @extend_schema_field(CandidateSerializer)
    def get_candidate(self, assignment):
        return candidate_of(assignment)

    def get_sheet(self, assignment) -> int | None:
        sheet = getattr(assignment, "sheet", None)
        return sheet.pk if sheet is not None else None

    def get_sheet_status(self, assignment) -> str:
        sheet = getattr(assignment, "sheet", None)
        return sheet.status if sheet is not None else ""


@extend_schema_field(
    {
        "oneOf": [{"type": "number"}, {"type": "string"}],
        "nullable": True,
        "description": gettext_lazy("得分：0 到该维度满分之间的数；null 或空字符串表示不改动。"),
    }
)
class ScoreValueField(serializers.CharField):
    """Points as a number or a numeral string; the scoring service checks the range."""

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, allow_blank=True, required=False, max_length=20, **kwargs)


class SheetScoreSerializer(serializers.Serializer):
    dimension = serializers.IntegerField()
    name = serializers.CharField()
    weight = serializers.DecimalField(max_digits=5, decimal_places=2)
    max_score = serializers.DecimalField(max_digits=6, decimal_places=2)
    value = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    comment = serializers.CharField()


class SheetSerializer(serializers.Serializer):
    """A rater's sheet for one candidate: every dimension of the stage, scored or not."""

    assignment = serializers.IntegerField()
    sheet = serializers.IntegerField(allow_null=True)
    status = serializers.CharField(
        help_text=gettext_lazy("draft 草稿、submitted 已提交（已锁定）；未开始评分时为空字符串。")
    )
    candidate = serializers.SerializerMethodField()
    stage = RaterStageSerializer()
    comment = serializers.CharField()
    total = serializers.DecimalField(max_digits=7, decimal_places=3, allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    scores = SheetScoreSerializer(many=True)

    @extend_schema_field(CandidateSerializer)
    def get_candidate(self, payload) -> dict:
        return payload["candidate"]  # as `candidate_of` made it: the code alone when blind


class SheetScoreInputSerializer(serializers.Serializer):
    dimension = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    value = ScoreValueField()
    comment = serializers.CharField(max_length=300, allow_blank=True, required=False, default="")


class SheetWriteSerializer(serializers.Serializer):
    """Points per dimension. A dimension not listed keeps what was saved before; on submission
    every dimension must have points."""

    scores = SheetScoreInputSerializer(many=True, required=False)
    comment = serializers.CharField(
        max_length=STATEMENT_MAX,
        allow_blank=True,
        required=False,
        help_text=gettext_lazy("总体评语；不传则保留原有评语。"),
    )


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=300,
        allow_blank=True,
        required=False,
        default="",
        help_text=gettext_lazy("重新开放的理由（必填，记入审计日志）。"),
    )


class SheetStateSerializer(serializers.ModelSerializer):
    status_name = _name("status")

    class Meta:
        model = ScoreSheet
        fields = ["id", "assignment", "status", "status_name", "total", "submitted_at"]
        read_only_fields = fields


# --- ranking and the cut --------------------------------------------------------------------


class RankingQuerySerializer(serializers.Serializer):
    method = serializers.ChoiceField(
        choices=AggregationMethod.choices,
        required=False,
        help_text=gettext_lazy("计分方法；不传则用关卡设置的方法。"),
    )
    page = serializers.IntegerField(required=False, min_value=1, default=1)
    page_size = serializers.IntegerField(
        required=False, min_value=1, max_value=200, default=50, help_text=gettext_lazy("每页行数")
    )


class RaterMarkSerializer(serializers.Serializer):
    rater = serializers.IntegerField()
    rater_name = serializers.CharField()
    raw = serializers.FloatField(help_text=gettext_lazy("评委给出的总分（百分制）"))
    adjusted = serializers.FloatField(help_text=gettext_lazy("按计分方法校正后的分数"))
    used = serializers.BooleanField(help_text=gettext_lazy("去掉最高分和最低分时为 false。"))


class RankingRowSerializer(serializers.Serializer):
    entry = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    unit_name = serializers.CharField()
    track_name = serializers.CharField(allow_null=True)
    rank = serializers.IntegerField(allow_null=True)
    score = serializers.FloatField(allow_null=True)
    tied = serializers.BooleanField(help_text=gettext_lazy("按同分规则仍无法区分。"))
    proposed = serializers.BooleanField(help_text=gettext_lazy("按晋级规则应当晋级。"))
    submitted = serializers.IntegerField(help_text=gettext_lazy("已提交的评分表数"))
    assigned = serializers.IntegerField(help_text=gettext_lazy("分配的评委数"))
    details = RaterMarkSerializer(many=True)


WARNING_CODES = ("sparse_rater", "disconnected", "unscored_candidate", "no_spread", "cut_tie")


class RankingWarningSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=[(c, c) for c in WARNING_CODES])
    rater = serializers.IntegerField(allow_null=True)
    entry = serializers.IntegerField(allow_null=True)
    detail = serializers.DictField()
    message = serializers.CharField()


class RaterEffectSerializer(serializers.Serializer):
    rater = serializers.IntegerField()
    rater_name = serializers.CharField()
    effect = serializers.FloatField(help_text=gettext_lazy("偏宽为正、偏严为负"))
    marks = serializers.IntegerField()


class RankingSerializer(serializers.Serializer):
    stage = serializers.IntegerField()
    method = serializers.CharField()
    method_name = serializers.CharField()
    method_explanation = serializers.CharField(help_text=gettext_lazy("计分方法的一句话说明"))
    adjustment = serializers.CharField(
        help_text=gettext_lazy("与原始平均分相比，计分方法对得分和名次的影响")
    )
    advancement_rule = serializers.CharField()
    rule_value = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    missing_sheets = serializers.IntegerField(help_text=gettext_lazy("尚未提交的评分表数"))
    proposed_count = serializers.IntegerField()
    pending = serializers.BooleanField(
        help_text=gettext_lazy("评分有更新、排名正在后台重新计算时为 true（返回上次的结果）。")
    )
    count = serializers.IntegerField(help_text=gettext_lazy("考生总数"))
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    warnings = RankingWarningSerializer(many=True)
    rows = RankingRowSerializer(many=True)
    rater_effects = RaterEffectSerializer(
        many=True, help_text=gettext_lazy("评委宽严程度（仅 severity 方法）。")
    )


class AdvancementOverrideSerializer(serializers.Serializer):
    advanced = serializers.BooleanField()
    reason = serializers.CharField(max_length=300, allow_blank=True, required=False, default="")


class AdvancementConfirmSerializer(serializers.Serializer):
    overrides = serializers.DictField(
        child=AdvancementOverrideSerializer(),
        required=False,
        default=dict,
        help_text=gettext_lazy(
            "与按规则得出的结果不同的考生：以关卡考生 id（entry）为键，调整须填写理由。"
        ),
    )
    note = serializers.CharField(allow_blank=True, required=False, default="")

    def validate_overrides(self, value):
        if any(not key.isdigit() or len(key) > 18 for key in value):
            raise serializers.ValidationError(_("调整的考生不属于该关卡。"))
        return {int(key): (o["advanced"], o["reason"]) for key, o in value.items()}


class AdvancementResultSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="entry.code")
    name = serializers.CharField(source="entry.application.cadre.name")
    unit_name = serializers.CharField(source="entry.application.cadre.unit.name")
    adjusted = serializers.BooleanField(help_text=gettext_lazy("最终结果与按规则得出的不同。"))

    class Meta:
        model = AdvancementResult
        fields = [
            "entry", "code", "name", "unit_name", "rank", "score", "proposed", "advanced",
            "adjusted", "reason",
        ]  # fmt: skip
        read_only_fields = fields


class DecisionWarningSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.DictField()


class AdvancementDecisionSerializer(serializers.ModelSerializer):
    decided_by = serializers.IntegerField(source="decided_by_id")
    decided_by_name = serializers.CharField(source="decided_by.display_name")
    method_name = serializers.SerializerMethodField()
    rule_name = serializers.SerializerMethodField()
    warnings = DecisionWarningSerializer(many=True)
    advanced_count = serializers.SerializerMethodField()
    results = AdvancementResultSerializer(many=True, source="result_rows")

    class Meta:
        model = AdvancementDecision
        fields = [
            "id", "stage", "decided_by", "decided_by_name", "decided_at", "method",
            "method_name", "rule", "rule_name", "rule_value", "note", "warnings",
            "advanced_count", "results",
        ]  # fmt: skip
        read_only_fields = fields

    def get_method_name(self, decision) -> str:
        if decision.method in AggregationMethod.values:
            return str(AggregationMethod(decision.method).label)
        return decision.method

    def get_rule_name(self, decision) -> str:
        if decision.rule in AdvancementRule.values:
            return str(AdvancementRule(decision.rule).label)
        return decision.rule

    def get_advanced_count(self, decision) -> int:
        return sum(1 for r in decision.result_rows if r.advanced)


# --- funnel ---------------------------------------------------------------------------------


class FunnelCountSerializer(serializers.Serializer):
    label = serializers.CharField()
    n = serializers.IntegerField()


class FunnelStructureSerializer(serializers.Serializer):
    education = FunnelCountSerializer(many=True)
    generation = FunnelCountSerializer(many=True)
    gender = FunnelCountSerializer(many=True)
    unit_type = FunnelCountSerializer(many=True)


class FunnelStepSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text=gettext_lazy("applied、eligible、stage<n>（参加）、stage<n>_advanced（晋级）")
    )
    label = serializers.CharField()
    count = serializers.IntegerField()
    structure = FunnelStructureSerializer()


class FunnelSerializer(serializers.Serializer):
    program = serializers.IntegerField()
    steps = FunnelStepSerializer(many=True)
