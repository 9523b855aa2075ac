"""新苗培优: a three-year plan for every newly hired cadre — 育苗 / 扶苗 / 壮苗, one theme a year
("一年跟着干、两年独立干、三年成骨干"), the phase derived from the hire date, never stored."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanTemplate(models.Model):
    organizer = models.ForeignKey(
        "cadres.OrgUnit", verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("模板名称"), max_length=80)
    theme_year1 = models.CharField(_("第一年主题"), max_length=60, default="跟着干")
    theme_year2 = models.CharField(_("第二年主题"), max_length=60, default="独立干")
    theme_year3 = models.CharField(_("第三年主题"), max_length=60, default="成骨干")

    class Meta:
        verbose_name = _("培养计划模板")
        verbose_name_plural = _("培养计划模板")
        ordering = ["organizer", "name", "id"]

    def __str__(self):
        return self.name


class PlanTemplateMilestone(models.Model):
    template = models.ForeignKey(PlanTemplate, on_delete=models.CASCADE, related_name="milestones")
    year = models.PositiveSmallIntegerField(
        _("培养年度"), validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    title = models.CharField(_("节点"), max_length=120)
    # Due so many months after the hire date.
    due_month = models.PositiveSmallIntegerField(
        _("入职后第几个月完成"), validators=[MinValueValidator(1), MaxValueValidator(36)]
    )
    evidence_required = models.BooleanField(_("须上传佐证"), default=True)

    class Meta:
        ordering = ["template", "due_month", "id"]

    def __str__(self):
        return self.title


class GrowthPlan(models.Model):
    cadre = models.ForeignKey("cadres.Cadre", on_delete=models.PROTECT, related_name="growth_plans")
    template = models.ForeignKey(PlanTemplate, on_delete=models.PROTECT, related_name="plans")
    program = models.ForeignKey(
        "selection.Program",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="growth_plans",
    )
    # The plan's day one: the hire date when it was made (the phase counts from it).
    start_date = models.DateField(_("起始日期"), db_index=True)  # the phase filter
    theme_year1 = models.CharField(_("第一年主题"), max_length=60)
    theme_year2 = models.CharField(_("第二年主题"), max_length=60)
    theme_year3 = models.CharField(_("第三年主题"), max_length=60)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("成长培养计划")
        verbose_name_plural = _("成长培养计划")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["cadre", "template"], name="cultivation_plan_once")
        ]

    def __str__(self):
        return f"{self.cadre} · {self.template}"


class PlanMilestone(models.Model):
    plan = models.ForeignKey(GrowthPlan, on_delete=models.CASCADE, related_name="milestones")
    year = models.PositiveSmallIntegerField(
        _("培养年度"), validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    title = models.CharField(_("节点"), max_length=120)
    due_date = models.DateField(_("完成期限"), db_index=True)
    evidence_required = models.BooleanField(_("须上传佐证"), default=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    evidence = models.TextField(_("完成情况"), blank=True)
    evidence_file = models.FileField(_("佐证材料"), upload_to="cultivation/plans/%Y/", blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("培养节点")
        verbose_name_plural = _("培养节点")
        ordering = ["plan", "due_date", "id"]
        indexes = [models.Index(fields=["done_at", "due_date"])]

    def __str__(self):
        return self.title
