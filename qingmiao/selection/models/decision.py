from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AdvancementDecision(models.Model):
    """The confirmed cut of a stage: who decided, when, by which method and rule, and why any
    result differs from what the rule gave."""

    stage = models.OneToOneField(
        "selection.Stage", on_delete=models.PROTECT, related_name="decision"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("决定时间"), auto_now_add=True)
    method = models.CharField(_("计分方法"), max_length=14)
    rule = models.CharField(_("晋级规则"), max_length=12)
    rule_value = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)
    warnings = models.JSONField(_("提示"), default=list, blank=True)

    class Meta:
        verbose_name = _("晋级决定")
        verbose_name_plural = _("晋级决定")

    def __str__(self):
        return f"{self.stage}"


class AdvancementResult(models.Model):
    decision = models.ForeignKey(
        AdvancementDecision, on_delete=models.PROTECT, related_name="results"
    )
    entry = models.OneToOneField("selection.StageEntry", on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveIntegerField(_("名次"), null=True, blank=True)
    score = models.DecimalField(_("得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    proposed = models.BooleanField(_("按规则晋级"))
    advanced = models.BooleanField(_("最终晋级"))
    reason = models.CharField(_("调整理由"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("晋级结果")
        verbose_name_plural = _("晋级结果")
        ordering = ["decision", "rank"]

    def __str__(self):
        return f"{self.entry} {'✓' if self.advanced else '✗'}"

    @property
    def adjusted(self) -> bool:
        return self.proposed != self.advanced
