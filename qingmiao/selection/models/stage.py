from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..ranking import DEFAULT_METHOD


class StageStatus(models.TextChoices):
    PENDING = "pending", _("未开始")
    SCORING = "scoring", _("评分中")
    DECIDED = "decided", _("已确定晋级")


class AdvancementRule(models.TextChoices):
    TOP_N = "top_n", _("前 N 名晋级")
    TOP_PERCENT = "top_percent", _("前 X% 晋级")
    CUT_LINE = "cut_line", _("达到分数线晋级")
    MANUAL = "manual", _("人工确定")


class AggregationMethod(models.TextChoices):
    MEAN = "mean", _("平均分")
    TRIMMED_MEAN = "trimmed_mean", _("去掉一个最高分和一个最低分")
    MEDIAN = "median", _("中位数")
    ZSCORE = "zscore", _("评委分布统一")
    SEVERITY = "severity", _("评委尺度校正")


class TieBreak(models.TextChoices):
    FIRST_DIMENSION = "first_dimension", _("第一评分维度得分高者优先")
    RAW_MEAN = "raw_mean", _("原始平均分高者优先")
    EARLIER_APPLICATION = "earlier_application", _("报名早者优先")
    YOUNGER = "younger", _("年龄小者优先")


class Stage(models.Model):
    """关卡: one round of the competition (admission, general training, practice, final)."""

    program = models.ForeignKey(
        "selection.Program", on_delete=models.CASCADE, related_name="stages"
    )
    order = models.PositiveSmallIntegerField(_("顺序"))
    name = models.CharField(_("关卡名称"), max_length=60)
    description = models.CharField(_("说明"), max_length=300, blank=True)
    advancement_rule = models.CharField(
        _("晋级规则"), max_length=12, choices=AdvancementRule.choices, default=AdvancementRule.TOP_N
    )
    # N for top_n, X for top_percent, the cut line (on the 0–100 scale) for cut_line.
    rule_value = models.DecimalField(
        _("规则参数"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    aggregation = models.CharField(
        _("计分方法"), max_length=14, choices=AggregationMethod.choices, default=DEFAULT_METHOD
    )
    tie_breaks = models.JSONField(_("同分排序规则"), default=list, blank=True)
    rater_roles = models.JSONField(_("评分角色"), default=list, blank=True)
    raters_per_candidate = models.PositiveSmallIntegerField(_("每名考生评委数"), default=3)
    blind = models.BooleanField(_("盲评"), default=False)
    min_credit_hours = models.DecimalField(
        _("最低学时要求"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    scoring_opens = models.DateTimeField(_("评分开始"), null=True, blank=True)
    scoring_closes = models.DateTimeField(_("评分截止"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=StageStatus.choices, default=StageStatus.PENDING
    )

    class Meta:
        verbose_name = _("关卡")
        verbose_name_plural = _("关卡")
        ordering = ["program", "order"]
        constraints = [
            models.UniqueConstraint(fields=["program", "order"], name="selection_stage_order")
        ]

    def __str__(self):
        return f"{self.program} · {self.name}"

    def next_stage(self):
        return self.program.stages.filter(order__gt=self.order).order_by("order").first()


class Dimension(models.Model):
    """评分维度 with its weight and maximum score (市场眼光, 专业素养, 沟通表达...)."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="dimensions")
    name = models.CharField(_("维度名称"), max_length=40)
    weight = models.DecimalField(
        _("权重"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    max_score = models.DecimalField(
        _("满分"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("100"),
        validators=[MinValueValidator(Decimal("1"))],
    )
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("评分维度")
        verbose_name_plural = _("评分维度")
        ordering = ["stage", "sort", "id"]

    def __str__(self):
        return self.name


class StageEntry(models.Model):
    """A candidate in a stage. `code` is what raters see under blind review."""

    class Result(models.TextChoices):
        PENDING = "pending", _("待定")
        ADVANCED = "advanced", _("晋级")
        ELIMINATED = "eliminated", _("未晋级")

    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="entries")
    application = models.ForeignKey(
        "selection.Application", on_delete=models.PROTECT, related_name="stage_entries"
    )
    code = models.CharField(_("考生编号"), max_length=12)
    result = models.CharField(
        _("结果"), max_length=12, choices=Result.choices, default=Result.PENDING, db_index=True
    )
    final_score = models.DecimalField(
        _("最终得分"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    final_rank = models.PositiveIntegerField(_("名次"), null=True, blank=True)

    class Meta:
        verbose_name = _("关卡考生")
        verbose_name_plural = _("关卡考生")
        ordering = ["stage", "code"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "application"], name="selection_entry_once"),
            models.UniqueConstraint(fields=["stage", "code"], name="selection_entry_code"),
        ]

    def __str__(self):
        return self.code
