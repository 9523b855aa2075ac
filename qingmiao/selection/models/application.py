from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Application(models.Model):
    """报名: one per cadre per program. Nothing about it is ever deleted: a withdrawn or
    eliminated applicant keeps the whole history (stages, scores, decisions)."""

    class Mode(models.TextChoices):
        SELF = "self", _("自主报名")
        RECOMMENDED = "recommended", _("单位推荐")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已报名")
        WITHDRAWN = "withdrawn", _("已撤回")
        ELIGIBLE = "eligible", _("资格审查通过")
        INELIGIBLE = "ineligible", _("资格审查未通过")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("未开始")
        IN_PROGRESS = "in_progress", _("闯关中")
        ELIMINATED = "eliminated", _("未晋级")
        GRADUATED = "graduated", _("已结业")

    program = models.ForeignKey(
        "selection.Program", on_delete=models.PROTECT, related_name="applications"
    )
    cadre = models.ForeignKey("cadres.Cadre", on_delete=models.PROTECT, related_name="applications")
    track = models.ForeignKey(
        "selection.Track",
        verbose_name=_("赛道"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    mode = models.CharField(_("报名方式"), max_length=12, choices=Mode.choices)
    statement = models.TextField(_("报名陈述"), blank=True)
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    # What the eligibility check said, rule by rule, when the cadre applied.
    eligibility = models.JSONField(_("资格核验结果"), default=list, blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    screened_at = models.DateTimeField(_("审查时间"), null=True, blank=True)
    screening_reason = models.CharField(_("审查意见"), max_length=300, blank=True)
    outcome = models.CharField(
        _("闯关结果"),
        max_length=12,
        choices=Outcome.choices,
        default=Outcome.PENDING,
        db_index=True,
    )
    current_stage = models.ForeignKey(
        "selection.Stage", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("报名时间"), auto_now_add=True, db_index=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        ordering = ["program", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "cadre"], name="selection_application_one_per_cadre"
            )
        ]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self):
        return f"{self.program} · {self.cadre}"
