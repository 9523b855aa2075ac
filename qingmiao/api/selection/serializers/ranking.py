"""Representations of a stage's ranking."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from qingmiao.selection.models.stage import AggregationMethod


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
    shortfall = serializers.CharField(
        help_text=gettext_lazy("未满足的晋级条件（如最低学时的差额）；满足时为空。")
    )
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
