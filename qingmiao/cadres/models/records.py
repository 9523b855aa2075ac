"""The sections of a cadre record beside the basic information."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .codes import CodeTable


class ResumeEntry(models.Model):
    cadre = models.ForeignKey(
        "cadres.Cadre", on_delete=models.CASCADE, related_name="resume_entries"
    )
    start_date = models.DateField(_("起始年月"))
    end_date = models.DateField(_("截止年月"), null=True, blank=True)
    content = models.CharField(_("单位及职务"), max_length=300)
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("简历")
        verbose_name_plural = _("简历")
        ordering = ["cadre", "start_date", "sort"]

    def __str__(self):
        return self.content


class FamilyMember(models.Model):
    cadre = models.ForeignKey(
        "cadres.Cadre", on_delete=models.CASCADE, related_name="family_members"
    )
    relation = models.ForeignKey(
        "cadres.CodeItem",
        verbose_name=_("称谓"),
        on_delete=models.PROTECT,
        limit_choices_to={"table": CodeTable.RELATION},
        related_name="+",
    )
    name = models.CharField(_("姓名"), max_length=30)
    birth_date = models.DateField(_("出生年月"), null=True, blank=True)
    political_status = models.ForeignKey(
        "cadres.CodeItem",
        verbose_name=_("政治面貌"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"table": CodeTable.POLITICAL},
        related_name="+",
    )
    work_unit_post = models.CharField(_("工作单位及职务"), max_length=124, blank=True)
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("家庭成员")
        verbose_name_plural = _("家庭主要成员及重要社会关系")
        ordering = ["cadre", "sort", "id"]

    def __str__(self):
        return f"{self.relation} {self.name}"


class RewardPunishment(models.Model):
    class Kind(models.TextChoices):
        REWARD = "reward", _("奖励")
        PUNISHMENT = "punishment", _("惩戒")

    cadre = models.ForeignKey(
        "cadres.Cadre", on_delete=models.CASCADE, related_name="rewards_punishments"
    )
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    date = models.DateField(_("时间"))
    content = models.CharField(_("内容"), max_length=300)
    issuer = models.CharField(_("批准机关"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("奖惩情况")
        verbose_name_plural = _("奖惩情况")
        ordering = ["cadre", "-date"]

    def __str__(self):
        return self.content


class Appraisal(models.Model):
    class Result(models.TextChoices):
        EXCELLENT = "excellent", _("优秀")
        COMPETENT = "competent", _("称职")
        BASICALLY = "basically", _("基本称职")
        INCOMPETENT = "incompetent", _("不称职")
        UNRATED = "unrated", _("不确定等次")

    cadre = models.ForeignKey("cadres.Cadre", on_delete=models.CASCADE, related_name="appraisals")
    year = models.PositiveIntegerField(_("年度"))
    result = models.CharField(_("考核结果"), max_length=12, choices=Result.choices)

    class Meta:
        verbose_name = _("年度考核")
        verbose_name_plural = _("年度考核结果")
        ordering = ["cadre", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["cadre", "year"], name="cadres_appraisal_one_per_year")
        ]

    def __str__(self):
        return f"{self.year} {self.get_result_display()}"
