"""管 · assessment schemes, monthly rounds (月度考察) and their scoring, the
performance list (实绩清单), the cadre portrait (干部画像).

A scheme (考察方案) is versioned: a round points at the version it was opened with, and that
version is frozen from then on; editing the scheme writes a new version, so a past round's
stored results never change with new weights. A round's cohort is stored as member rows, so a
later change to the program does not rewrite the round. Results (each source's score, the
weighted total, the rank, the cumulative figures) are computed once, when the round closes, and
stored on the member rows (see supervision/scoring.py for the rule).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "DimensionScore",
    "Nomination",
    "Round",
    "RoundMember",
    "Scheme",
    "SchemeDimension",
    "SchemeVersion",
    "ScorePhoto",
]


class Scheme(models.Model):
    name = models.CharField(_("方案名称"), max_length=100)
    unit = models.ForeignKey(
        "cadres.OrgUnit", verbose_name=_("制定单位"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("考察方案")
        verbose_name_plural = _("考察方案")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    @property
    def current(self) -> "SchemeVersion":
        """The latest version (a scheme is created with its first, so there always is one)."""
        return self.versions.order_by("-number")[0]


class SchemeVersion(models.Model):
    """One version of a scheme: the scale, the dimensions and the evidence sources' weights."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("版本号"))
    scale_min = models.DecimalField(_("最低分"), max_digits=6, decimal_places=2)
    scale_max = models.DecimalField(_("最高分"), max_digits=6, decimal_places=2)
    scale_step = models.DecimalField(
        _("计分步长"), max_digits=6, decimal_places=2, default=Decimal("0.5")
    )
    # The three evidence sources (see scoring.SOURCES), each with its own weight (a share in
    # per cent; a source with weight 0 is not used).
    weight_task = models.DecimalField(_("任务完成情况权重"), max_digits=6, decimal_places=2)
    weight_host = models.DecimalField(_("服务对象（企业）评价权重"), max_digits=6, decimal_places=2)
    weight_ledger = models.DecimalField(_("台账检查权重"), max_digits=6, decimal_places=2)
    note = models.CharField(_("修订说明"), max_length=200, blank=True)
    # Set when the first round uses the version: from then on it is never edited.
    frozen_at = models.DateTimeField(_("启用时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("方案版本")
        verbose_name_plural = _("方案版本")
        ordering = ["scheme", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "number"], name="supervision_version_once"),
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")),
                name="supervision_scale_ordered",
            ),
        ]

    def __str__(self):
        return _("%(name)s（第 %(n)s 版）") % {"name": self.scheme.name, "n": self.number}


class SchemeDimension(models.Model):
    version = models.ForeignKey(SchemeVersion, on_delete=models.CASCADE, related_name="dimensions")
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    name = models.CharField(_("考察维度"), max_length=30)
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=2)
    # One line per level, best first, e.g. "9–10 分：攻坚克难成效突出".
    descriptors = models.TextField(_("分档说明"), blank=True)

    class Meta:
        verbose_name = _("考察维度")
        verbose_name_plural = _("考察维度")
        ordering = ["version", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "name"], name="supervision_dimension_once")
        ]

    def __str__(self):
        return self.name

    def descriptor_lines(self) -> list[str]:
        return [line.strip() for line in self.descriptors.splitlines() if line.strip()]


class Round(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("考察中")
        CLOSED = "closed", _("已结束")

    class Source(models.TextChoices):
        PROGRAM = "program", _("培养项目参训干部")
        PRACTICE = "practice", _("某类实践锻炼人员")
        PICKED = "picked", _("逐个选定")

    title = models.CharField(_("考察名称"), max_length=100)
    # Rounds of one cohort follow each other month by month: movement and the cumulative
    # list compare a round with the earlier ones of the same cohort.
    cohort = models.CharField(_("考察对象"), max_length=100, db_index=True)
    month = models.DateField(_("考察月份"), db_index=True)  # the first day of the month
    version = models.ForeignKey(
        SchemeVersion, verbose_name=_("考察方案"), on_delete=models.PROTECT, related_name="rounds"
    )
    organizer = models.ForeignKey(
        "cadres.OrgUnit", verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("对象来源"), max_length=10, choices=Source.choices)
    program = models.ForeignKey(
        "selection.Program",
        verbose_name=_("培养项目"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    practice_kind = models.CharField(_("锻炼类型"), max_length=20, blank=True)
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("考察组成员"), related_name="inspection_rounds"
    )
    asks_host = models.BooleanField(_("请接收方评价"), default=True)
    status = models.CharField(
        _("状态"), max_length=8, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("月度考察")
        verbose_name_plural = _("月度考察")
        ordering = ["-month", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organizer", "cohort", "month"], name="supervision_round_once_a_month"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("supervision:round_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class RoundMember(models.Model):
    """A cadre in a round: what the inspectors and the host gave, and (once the round closes)
    the stored results."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="members")
    cadre = models.ForeignKey("cadres.Cadre", on_delete=models.PROTECT, related_name="+")
    # The practice assignment whose host contact evaluates the cadre, if any.
    assignment = models.ForeignKey(
        "cultivation.PracticeAssignment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # 任务完成情况 and 台账检查, given by an inspector.
    task_note = models.TextField(_("任务完成情况"), blank=True)
    ledger_score = models.DecimalField(
        _("台账检查得分"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    ledger_note = models.TextField(_("台账检查情况"), blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评分人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    scored_at = models.DateTimeField(_("评分时间"), null=True, blank=True)
    # 服务对象（企业）评价, given by the host contact.
    host_score = models.DecimalField(
        _("接收方评分"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    host_note = models.TextField(_("接收方评价意见"), blank=True)
    host_at = models.DateTimeField(_("接收方评价时间"), null=True, blank=True)
    # Stored when the round closes (percent scale, see scoring.py).
    task_points = models.DecimalField(
        _("任务完成情况得分"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    host_points = models.DecimalField(
        _("接收方评价得分"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    ledger_points = models.DecimalField(
        _("台账检查得分（百分制）"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    total = models.DecimalField(
        _("综合得分"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    rank = models.PositiveIntegerField(_("本月名次"), null=True, blank=True, db_index=True)
    previous_rank = models.PositiveIntegerField(_("上月名次"), null=True, blank=True)
    # The cumulative list: Σ wᵢ·totalᵢ and Σ wᵢ over the cohort's months up to this one.
    weighted_sum = models.DecimalField(max_digits=14, decimal_places=6, null=True, blank=True)
    weight_sum = models.DecimalField(max_digits=14, decimal_places=6, null=True, blank=True)
    months_scored = models.PositiveSmallIntegerField(_("参加考察月数"), default=0)
    cumulative = models.DecimalField(
        _("累计得分"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    cumulative_rank = models.PositiveIntegerField(
        _("累计名次"), null=True, blank=True, db_index=True
    )
    previous_cumulative_rank = models.PositiveIntegerField(_("上月累计名次"), null=True, blank=True)

    class Meta:
        verbose_name = _("考察对象")
        verbose_name_plural = _("考察对象")
        ordering = ["round", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "cadre"], name="supervision_member_once")
        ]
        indexes = [models.Index(fields=["cadre", "round"], name="supervision_member_cadre")]

    def __str__(self):
        return f"{self.round} · {self.cadre}"

    @property
    def is_scored(self) -> bool:
        return self.scored_at is not None


class DimensionScore(models.Model):
    member = models.ForeignKey(RoundMember, on_delete=models.CASCADE, related_name="scores")
    dimension = models.ForeignKey(SchemeDimension, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)
    note = models.CharField(_("评分依据"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("维度得分")
        verbose_name_plural = _("维度得分")
        ordering = ["member", "dimension__order"]
        constraints = [
            models.UniqueConstraint(fields=["member", "dimension"], name="supervision_score_once")
        ]

    def __str__(self):
        return f"{self.dimension}: {self.value}"


class ScorePhoto(models.Model):
    member = models.ForeignKey(RoundMember, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("现场照片"), upload_to="supervision/photos/%Y/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("现场照片")
        verbose_name_plural = _("现场照片")
        ordering = ["member", "pk"]

    def __str__(self):
        return self.file.name


class Nomination(models.Model):
    """A cadre at the top of a performance list put forward for the reserve pool (储备库);
    the placement area takes them from here."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="nominations")
    cadre = models.ForeignKey("cadres.Cadre", on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveIntegerField(_("推荐时名次"))
    cumulative = models.BooleanField(_("按累计排名"), default=False)
    reason = models.CharField(_("推荐理由"), max_length=300)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    nominated_at = models.DateTimeField(_("推荐时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("推荐进入储备库")
        verbose_name_plural = _("推荐进入储备库")
        ordering = ["-nominated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "cadre"], name="supervision_nominate_once")
        ]

    def __str__(self):
        return f"{self.round} · {self.cadre}"
