from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RaterConflict(models.Model):
    """A relation a rater declared (kin, former colleague...): never assign that candidate."""

    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="rater_conflicts"
    )
    cadre = models.ForeignKey("cadres.Cadre", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("回避事由"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("回避关系")
        verbose_name_plural = _("回避关系")
        constraints = [
            models.UniqueConstraint(fields=["rater", "cadre"], name="selection_conflict_once")
        ]

    def __str__(self):
        return f"{self.rater} ↔ {self.cadre}"


class RaterAssignment(models.Model):
    stage = models.ForeignKey(
        "selection.Stage", on_delete=models.PROTECT, related_name="assignments"
    )
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="rater_assignments"
    )
    entry = models.ForeignKey(
        "selection.StageEntry", on_delete=models.PROTECT, related_name="assignments"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("评委分配")
        verbose_name_plural = _("评委分配")
        constraints = [
            models.UniqueConstraint(fields=["rater", "entry"], name="selection_assignment_once")
        ]
        indexes = [models.Index(fields=["stage", "rater"])]

    def __str__(self):
        return f"{self.rater} → {self.entry}"


class ScoreSheet(models.Model):
    """One rater's sheet for one candidate. Submitted sheets are locked; only an administrator
    may reopen one, with a written reason, and the reopening is audited."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")

    assignment = models.OneToOneField(
        RaterAssignment, on_delete=models.PROTECT, related_name="sheet"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    total = models.DecimalField(_("总分"), max_digits=7, decimal_places=3, null=True, blank=True)
    comment = models.TextField(_("总体评语"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("评分表")
        verbose_name_plural = _("评分表")

    def __str__(self):
        return f"{self.assignment}"


class Score(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    dimension = models.ForeignKey("selection.Dimension", on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)
    comment = models.CharField(_("评语"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("维度得分")
        verbose_name_plural = _("维度得分")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "dimension"], name="selection_score_once")
        ]

    def __str__(self):
        return f"{self.dimension}: {self.value}"
