"""双导师: the program's two mentor roles, mentors, the pairs matched and the mentoring logs."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class MentorRole(models.Model):
    """One of a program's mentor roles (巴中: 政治导师 + 业务导师;
    朝阳: 产业部门导师 + 市场一线导师;
    曾都: 区领导总导师 + 部门业务导师). Every mentee gets one mentor of each role."""

    program = models.ForeignKey(
        "selection.Program", on_delete=models.CASCADE, related_name="mentor_roles"
    )
    name = models.CharField(_("导师类别"), max_length=30)
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)
    # Where the program says so, a mentee's own unit's leaders are not proposed as this mentor.
    exclude_own_superior = models.BooleanField(_("回避本单位直接上级"), default=True)

    class Meta:
        verbose_name = _("导师类别")
        verbose_name_plural = _("导师类别")
        ordering = ["program", "sort", "id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="cultivation_role_unique")
        ]

    def __str__(self):
        return self.name


class MentorProfile(models.Model):
    """A mentor: a user (a district leader, a department head, an entrepreneur) with how many
    mentees they can take, what they know, and the roles they can fill."""

    class Kind(models.TextChoices):
        LEADER = "leader", _("领导干部")
        DEPARTMENT_HEAD = "department_head", _("部门负责人")
        ENTREPRENEUR = "entrepreneur", _("企业家")
        EXPERT = "expert", _("专家")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentor_profile"
    )
    kind = models.CharField(_("导师来源"), max_length=16, choices=Kind.choices)
    unit = models.ForeignKey(
        "cadres.OrgUnit",
        verbose_name=_("所在单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organization = models.CharField(_("单位或企业"), max_length=100, blank=True)
    title = models.CharField(_("职务"), max_length=60, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("可带学员数"), default=3, validators=[MinValueValidator(1)]
    )
    # Space-separated keywords matched against a mentee's track, post and expertise.
    specialties = models.CharField(_("专长领域"), max_length=200, blank=True)
    role_names = models.JSONField(_("可担任的导师类别"), default=list, blank=True)
    is_active = models.BooleanField(_("在任"), default=True)

    class Meta:
        verbose_name = _("导师")
        verbose_name_plural = _("导师")
        ordering = ["user__username"]

    def __str__(self):
        return self.user.full_name or self.user.username


class MatchingRun(models.Model):
    """One automatic matching suggestion for a program: the proposals it made stay as pairs in
    the 'proposed' state until staff confirm them."""

    program = models.ForeignKey(
        "selection.Program", on_delete=models.CASCADE, related_name="matching_runs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    # Figures of the solution (mentees, pairs, unmatched, total cost, seconds) for the page.
    stats = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("导师匹配方案")
        verbose_name_plural = _("导师匹配方案")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.program_id} · {self.created_at:%Y-%m-%d %H:%M}"


class MentorPair(models.Model):
    """结对: a mentee and one mentor in one of the program's roles."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("建议")
        ACTIVE = "active", _("结对中")
        ENDED = "ended", _("已结束")

    program = models.ForeignKey(
        "selection.Program", on_delete=models.PROTECT, related_name="mentor_pairs"
    )
    role = models.ForeignKey(MentorRole, on_delete=models.PROTECT, related_name="pairs")
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentee_pairs"
    )
    mentee = models.ForeignKey(
        "cadres.Cadre", on_delete=models.PROTECT, related_name="mentor_pairs"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    run = models.ForeignKey(
        MatchingRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="pairs"
    )
    # Why the pair was proposed, in words shown to staff ("专长相符：招商引资；不同单位；负荷 2/3").
    reason = models.CharField(_("匹配理由"), max_length=300, blank=True)
    started_on = models.DateField(_("结对日期"), null=True, blank=True)
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    last_log_on = models.DateField(_("最近帮带"), null=True, blank=True, db_index=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("导师结对")
        verbose_name_plural = _("导师结对")
        ordering = ["program", "mentee", "role"]
        constraints = [
            # One live mentor per role per mentee (a proposal or a confirmed pair).
            models.UniqueConstraint(
                fields=["role", "mentee"],
                condition=models.Q(status__in=["proposed", "active"]),
                name="cultivation_pair_one_per_role",
            )
        ]
        indexes = [models.Index(fields=["mentor", "status"])]

    def __str__(self):
        return f"{self.mentor} → {self.mentee}"


class MentoringLog(models.Model):
    """帮带记录: written by the mentor or the mentee, confirmed by the other."""

    class Mode(models.TextChoices):
        TALK = "talk", _("谈心谈话")
        ONSITE = "onsite", _("现场指导")
        TASK = "task", _("交办任务")
        REVIEW = "review", _("复盘点评")

    pair = models.ForeignKey(MentorPair, on_delete=models.PROTECT, related_name="logs")
    date = models.DateField(_("日期"), db_index=True)
    mode = models.CharField(_("方式"), max_length=8, choices=Mode.choices)
    topic = models.CharField(_("主题"), max_length=100)
    notes = models.TextField(_("内容"), blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("时长（分钟）"), validators=[MinValueValidator(1)]
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("帮带记录")
        verbose_name_plural = _("帮带记录")
        ordering = ["-date", "-id"]

    def __str__(self):
        return self.topic


class FollowUp(models.Model):
    """A task agreed at a mentoring session, with its due date."""

    log = models.ForeignKey(MentoringLog, on_delete=models.CASCADE, related_name="follow_ups")
    text = models.CharField(_("跟进事项"), max_length=200)
    due_date = models.DateField(_("完成期限"), db_index=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("跟进事项")
        verbose_name_plural = _("跟进事项")
        ordering = ["due_date", "id"]

    def __str__(self):
        return self.text
