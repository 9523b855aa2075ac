"""实践锻炼: a cadre's assignment on the front line, its reports and the host's evaluation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PracticeAssignment(models.Model):
    class Kind(models.TextChoices):
        SECONDMENT = "secondment", _("挂职锻炼")
        VILLAGE = "village", _("驻村工作")
        INVESTMENT_POST = "investment_post", _("驻点招商")
        ENTERPRISE_COMPANION = "enterprise_companion", _("助企陪跑")
        TASK_FORCE = "task_force", _("工作专班")
        FRONTLINE_PROJECT = "frontline_project", _("一线项目")

    class Direction(models.TextChoices):
        # Two-way secondment: out to a higher-level organ or a developed region, or in from one.
        OUTBOUND = "outbound", _("派出")
        INBOUND = "inbound", _("接收")

    class Status(models.TextChoices):
        PLANNED = "planned", _("待派出")
        UNDER_WAY = "under_way", _("在岗")
        FINISHED = "finished", _("已期满")

    program = models.ForeignKey(
        "selection.Program",
        verbose_name=_("培养项目"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practice_assignments",
    )
    cadre = models.ForeignKey(
        "cadres.Cadre", on_delete=models.PROTECT, related_name="practice_assignments"
    )
    kind = models.CharField(_("锻炼类型"), max_length=20, choices=Kind.choices, db_index=True)
    direction = models.CharField(
        _("方向"), max_length=8, choices=Direction.choices, default=Direction.OUTBOUND
    )
    host_name = models.CharField(_("接收单位或企业"), max_length=100)
    host_unit = models.ForeignKey(
        "cadres.OrgUnit",
        verbose_name=_("接收单位（本区）"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The host's contact logs in with a minimal account and sees only their assignees.
    host_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收方联系人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_assignments",
    )
    place = models.CharField(_("地点"), max_length=100)
    post = models.CharField(_("挂任职务或岗位"), max_length=100, blank=True)
    start_date = models.DateField(_("开始日期"), db_index=True)
    end_date = models.DateField(_("结束日期"))
    full_time = models.BooleanField(_("脱产"), default=True)
    goals = models.TextField(_("锻炼目标"), blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("实践锻炼")
        verbose_name_plural = _("实践锻炼")
        ordering = ["-start_date", "-id"]
        # The list filters and the status (derived from the dates) read the end date too.
        indexes = [models.Index(fields=["end_date"], name="cultivation_practice_end")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="cultivation_practice_dates_ordered",
            )
        ]

    def __str__(self):
        return f"{self.cadre} · {self.host_name}"


class PracticeReport(models.Model):
    """A periodic report by the cadre on the assignment (monthly, quarterly)."""

    assignment = models.ForeignKey(
        PracticeAssignment, on_delete=models.PROTECT, related_name="reports"
    )
    period = models.CharField(_("报告期"), max_length=20)
    content = models.TextField(_("工作情况"))
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("锻炼报告")
        verbose_name_plural = _("锻炼报告")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "period"], name="cultivation_report_once_per_period"
            )
        ]

    def __str__(self):
        return f"{self.assignment} · {self.period}"


class HostEvaluation(models.Model):
    """The host's evaluation at the end of the assignment."""

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("优秀")
        COMPETENT = "competent", _("称职")
        BASIC = "basic", _("基本称职")
        INCOMPETENT = "incompetent", _("不称职")

    assignment = models.OneToOneField(
        PracticeAssignment, on_delete=models.PROTECT, related_name="evaluation"
    )
    grade = models.CharField(_("评价等次"), max_length=12, choices=Grade.choices)
    strengths = models.TextField(_("主要表现"), blank=True)
    improvements = models.TextField(_("不足与建议"), blank=True)
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("评价时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("接收方评价")
        verbose_name_plural = _("接收方评价")

    def __str__(self):
        return str(self.get_grade_display())
