"""成果: deliverables and what became of them, investment brought in, problems solved.

Each result names its program and is credited to a team and/or cadres; roll-ups per cadre,
team, program and unit are counted and summed in SQL from these rows."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Deliverable(models.Model):
    class Kind(models.TextChoices):
        RESEARCH = "research", _("调研报告")
        BOTTLENECK = "bottleneck", _("堵点报告")
        PROPOSAL = "proposal", _("献策报告")
        SUGGESTION = "suggestion", _("意见建议")

    program = models.ForeignKey(
        "selection.Program", on_delete=models.PROTECT, related_name="deliverables"
    )
    kind = models.CharField(_("成果类型"), max_length=12, choices=Kind.choices, db_index=True)
    title = models.CharField(_("题目"), max_length=150)
    summary = models.TextField(_("内容摘要"), blank=True)
    team = models.ForeignKey(
        "cultivation.Team",
        verbose_name=_("调研组"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deliverables",
    )
    authors = models.ManyToManyField(
        "cadres.Cadre", verbose_name=_("执笔人"), blank=True, related_name="deliverables"
    )
    file = models.FileField(_("附件"), upload_to="cultivation/deliverables/%Y/", blank=True)
    submitted_on = models.DateField(_("提交日期"), db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("调研成果")
        verbose_name_plural = _("调研成果")
        ordering = ["-submitted_on", "-id"]

    def __str__(self):
        return self.title


class DeliverableOutcome(models.Model):
    """What became of a deliverable: adopted by a body, turned into a measure, written into a
    plan — each with its evidence."""

    class Kind(models.TextChoices):
        ADOPTED = "adopted", _("采纳")
        CONVERTED = "converted", _("转化为工作举措")
        PLANNED = "planned", _("纳入规划")

    deliverable = models.ForeignKey(Deliverable, on_delete=models.PROTECT, related_name="outcomes")
    kind = models.CharField(_("成效"), max_length=10, choices=Kind.choices)
    body = models.CharField(_("采纳或转化单位"), max_length=100)
    date = models.DateField(_("日期"))
    evidence = models.TextField(_("佐证"))
    evidence_file = models.FileField(
        _("佐证材料"), upload_to="cultivation/outcomes/%Y/", blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("成果转化")
        verbose_name_plural = _("成果转化")
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["deliverable", "kind"], name="cultivation_outcome_once_per_kind"
            )
        ]

    def __str__(self):
        return str(self.get_kind_display())


class InvestmentRecord(models.Model):
    """招商引资: an enterprise brought in, from first contact to settled (落户)."""

    class Stage(models.TextChoices):
        CONTACT = "contact", _("初步接洽")
        NEGOTIATING = "negotiating", _("洽谈中")
        SIGNED = "signed", _("已签约")
        SETTLED = "settled", _("已落户")

    program = models.ForeignKey(
        "selection.Program", on_delete=models.PROTECT, related_name="investments"
    )
    enterprise_name = models.CharField(_("企业名称"), max_length=120)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, db_index=True)
    # 万元, exact: 2.4 亿元 is 24,000 万元 and must add up to the fen.
    registered_capital = models.DecimalField(
        _("注册资本（万元）"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    industry = models.CharField(_("所属产业"), max_length=60, blank=True)
    stage = models.CharField(_("进展"), max_length=12, choices=Stage.choices, db_index=True)
    date = models.DateField(_("日期"), db_index=True)
    team = models.ForeignKey(
        "cultivation.Team",
        verbose_name=_("调研组"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="investments",
    )
    cadres = models.ManyToManyField(
        "cadres.Cadre", verbose_name=_("引进人"), blank=True, related_name="investments"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("招商引资")
        verbose_name_plural = _("招商引资")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(registered_capital__gte=0),
                name="cultivation_capital_not_negative",
            )
        ]

    def __str__(self):
        return self.enterprise_name


class ProblemSolved(models.Model):
    """破解难题: a problem solved for an enterprise or a project."""

    class BeneficiaryKind(models.TextChoices):
        # 曾都 counts "23 projects accelerated" among its 130+ problems solved: the projects
        # are told apart from the enterprises served.
        ENTERPRISE = "enterprise", _("企业")
        PROJECT = "project", _("项目")

    program = models.ForeignKey(
        "selection.Program", on_delete=models.PROTECT, related_name="problems_solved"
    )
    title = models.CharField(_("难题"), max_length=150)
    beneficiary = models.CharField(_("受益企业或项目"), max_length=120)
    beneficiary_kind = models.CharField(
        _("受益方类型"),
        max_length=10,
        choices=BeneficiaryKind.choices,
        default=BeneficiaryKind.ENTERPRISE,
    )
    outcome = models.TextField(_("解决成效"))
    date = models.DateField(_("解决日期"), db_index=True)
    team = models.ForeignKey(
        "cultivation.Team",
        verbose_name=_("调研组"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="problems_solved",
    )
    cadres = models.ManyToManyField(
        "cadres.Cadre", verbose_name=_("参与干部"), blank=True, related_name="problems_solved"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("破解难题")
        verbose_name_plural = _("破解难题")
        ordering = ["-date", "-id"]

    def __str__(self):
        return self.title
