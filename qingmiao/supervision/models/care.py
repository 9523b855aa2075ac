"""管 · care (关心关爱): who needs looking after (care flags), what was done for them (care
cases with their follow-ups), and the rules by which flags are derived from the record.

Care records are sensitive: they speak of family separation, housing, children's schooling and
counseling. Only roles with `supervision.view_care` see them (scopes_care.py), every view is
audited, and the notes of a case are masked until unmasked with a reason.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "CareCase",
    "CareFlag",
    "CareFollowUp",
    "CareKind",
    "CareRules",
    "CareStatus",
    "FlagKind",
]


class FlagKind(models.TextChoices):
    HOUSEHOLD_ELSEWHERE = "household_elsewhere", _("户籍在外地")
    REMOTE_TOWNSHIP = "remote_township", _("偏远乡镇工作")
    SEPARATED_FAMILY = "separated_family", _("夫妻两地分居")
    FAR_FROM_HOME = "far_from_home", _("新录用远离家乡")


class CareKind(models.TextChoices):
    TALK = "talk", _("谈心谈话")
    COUNSELING = "counseling", _("心理疏导")
    SEPARATION = "separation", _("解决两地分居")
    HOUSING = "housing", _("住房帮扶")
    SCHOOLING = "schooling", _("子女入学")
    OTHER = "other", _("其他")


class CareStatus(models.TextChoices):
    ONGOING = "ongoing", _("跟进中")
    SOLVED = "solved", _("已解决")
    UNSOLVABLE = "unsolvable", _("无法解决")


class CareRules(models.Model):
    """The organization department's settings for deriving flags (one row)."""

    local_places = models.TextField(
        _("本地地名"),
        blank=True,
        help_text=_("单位所在市（州）之外仍视为本地的地名，每行一个，如本区的名称。"),
    )
    remote_unit_codes = models.TextField(
        _("偏远单位代码"),
        blank=True,
        help_text=_("未标为偏远但按偏远乡镇对待的单位代码，每行一个；其下属单位一并对待。"),
    )
    recent_years = models.PositiveSmallIntegerField(
        _("新录用年限"),
        default=3,
        help_text=_("录用不满此年数、籍贯不在单位所在省份的干部，标记为新录用远离家乡。"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("关爱对象认定规则")
        verbose_name_plural = _("关爱对象认定规则")

    def __str__(self):
        return str(_("关爱对象认定规则"))

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip() for line in text.replace("、", "\n").splitlines() if line.strip()]


class CareFlag(models.Model):
    """A reason to look after a cadre: derived from the record (rewritten whenever the record
    or the rules change) or set by hand with a reason (kept until cleared by hand)."""

    class Source(models.TextChoices):
        DERIVED = "derived", _("按档案认定")
        MANUAL = "manual", _("人工标记")

    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("干部"), on_delete=models.CASCADE, related_name="care_flags"
    )
    kind = models.CharField(_("关爱类别"), max_length=24, choices=FlagKind.choices)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    basis = models.CharField(_("依据"), max_length=200, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("标记人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("标记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("关爱对象标记")
        verbose_name_plural = _("关爱对象标记")
        ordering = ["cadre", "kind", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "kind", "source"], name="supervision_careflag_one_per_source"
            )
        ]
        indexes = [models.Index(fields=["kind", "cadre"])]

    def __str__(self):
        return self.get_kind_display()


class CareCase(models.Model):
    """One care action for one cadre (关爱措施), owned by a staff member, followed up until it
    is solved or found unsolvable. `next_due` (the earliest open follow-up's due date) is kept
    by the services so that 'overdue' and 'due soon' are indexed filters."""

    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("干部"), on_delete=models.PROTECT, related_name="care_cases"
    )
    kind = models.CharField(_("关爱措施"), max_length=12, choices=CareKind.choices)
    summary = models.CharField(_("事项"), max_length=100)
    notes = models.TextField(_("情况说明"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        on_delete=models.PROTECT,
        related_name="care_cases",
    )
    status = models.CharField(
        _("办理状态"), max_length=12, choices=CareStatus.choices, default=CareStatus.ONGOING
    )
    opened_on = models.DateField(_("开始日期"))
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    next_due = models.DateField(_("下次跟进期限"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("关爱措施")
        verbose_name_plural = _("关爱台账")
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["kind", "status"]),
            models.Index(fields=["status", "next_due"]),
            models.Index(fields=["owner", "next_due"]),
            models.Index(fields=["cadre", "opened_on"]),
            models.Index(fields=["-opened_on", "-id"], name="supervision_carecase_recent"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.summary}"


class CareFollowUp(models.Model):
    """A step planned with a due date; done when its outcome is recorded."""

    case = models.ForeignKey(
        CareCase, verbose_name=_("关爱措施"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    due_on = models.DateField(_("跟进期限"))
    plan = models.CharField(_("跟进内容"), max_length=200)
    outcome = models.CharField(_("跟进结果"), max_length=12, choices=CareStatus.choices, blank=True)
    result = models.TextField(_("结果说明"), blank=True)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The day the owner was told it is overdue: the reminder is sent once per follow-up.
    overdue_notified_on = models.DateField(_("逾期提醒日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("跟进事项")
        verbose_name_plural = _("跟进事项")
        ordering = ["case", "due_on", "id"]
        indexes = [models.Index(fields=["outcome", "due_on"])]

    def __str__(self):
        return self.plan

    @property
    def is_open(self) -> bool:
        return not self.outcome
