"""管 · the growth record (成长纪实档案) timeline, fitness reviews
(适岗情况与能力水平分析), the record as .docx and PDF.

The timeline itself is not stored: it is assembled from the sources each app registers
(timeline.py). What this area owns is the fitness schedule of a programme, one row per review
due for a cadre (made when its window opens, so the overdue list is one indexed query), and the
judgement a reviewer records on it.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["FitnessReview", "FitnessSchedule"]


class FitnessSchedule(models.Model):
    """Every `interval_months` from a participant's hire date (the programme's start for those
    with none), a review of their fitness for post falls due."""

    program = models.OneToOneField(
        "selection.Program",
        verbose_name=_("培养项目"),
        on_delete=models.PROTECT,
        related_name="fitness_schedule",
    )
    interval_months = models.PositiveSmallIntegerField(
        _("分析周期（月）"), default=6, validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    # How many days before the due date the review opens (and reviewers are told).
    lead_days = models.PositiveSmallIntegerField(
        _("提前开启天数"), default=30, validators=[MaxValueValidator(90)]
    )
    active = models.BooleanField(_("启用"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("适岗分析周期")
        verbose_name_plural = _("适岗分析周期")

    def __str__(self):
        return str(self.program)


class FitnessReview(models.Model):
    class Status(models.TextChoices):
        DUE = "due", _("待分析")
        DONE = "done", _("已分析")

    class Judgement(models.TextChoices):
        FIT = "fit", _("胜任")
        MOSTLY_FIT = "mostly_fit", _("基本胜任")
        UNFIT = "unfit", _("不胜任")

    cadre = models.ForeignKey(
        "cadres.Cadre",
        verbose_name=_("干部"),
        on_delete=models.PROTECT,
        related_name="fitness_reviews",
    )
    schedule = models.ForeignKey(
        FitnessSchedule,
        verbose_name=_("适岗分析周期"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
    )
    due_date = models.DateField(_("应分析日期"))
    period_start = models.DateField(_("分析期间起"))
    period_end = models.DateField(_("分析期间止"))
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.DUE)
    judgement = models.CharField(
        _("适岗评价"), max_length=12, choices=Judgement.choices, blank=True
    )
    reasons = models.TextField(_("评价理由"), blank=True)
    strengths = models.TextField(_("主要优点"), blank=True)
    weaknesses = models.TextField(_("不足及改进方向"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("分析人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_on = models.DateField(_("分析日期"), null=True, blank=True)
    # When reviewers were told it opened, and that it fell overdue: each said once.
    due_notified_at = models.DateTimeField(null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("适岗情况与能力水平分析")
        verbose_name_plural = _("适岗情况与能力水平分析")
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "cadre", "due_date"], name="fitness_review_once_per_due"
            )
        ]
        indexes = [
            # The list's filters: what is due or overdue (by date), a judgement.
            models.Index(fields=["status", "due_date"], name="fitness_status_due_idx"),
            models.Index(fields=["judgement", "due_date"], name="fitness_judgement_idx"),
            models.Index(fields=["cadre", "due_date"], name="fitness_cadre_due_idx"),
        ]

    def __str__(self):
        return f"{self.cadre} {self.due_date}"
