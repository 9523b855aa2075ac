"""Sessions, who attended them, the hours that earns, make-ups, requirements and feedback."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .curriculum import Course, SiteRoute, TrainingBase


def _new_secret() -> str:
    return secrets.token_hex(16)


class Session(models.Model):
    """授课安排: one sitting of a course, at a time and place, worth its credit hours.

    A session may belong to several programs (a lecture open to two camps): its hours count once
    for the cadre's year and once for each program."""

    class Mode(models.TextChoices):
        CLASSROOM = "classroom", _("课堂教学")
        ONSITE = "onsite", _("现场教学")
        ONLINE = "online", _("网络培训")
        LECTURE_HALL = "lecture_hall", _("大讲堂")

    class Status(models.TextChoices):
        PLANNED = "planned", _("未开始")
        HELD = "held", _("已举办")
        CANCELLED = "cancelled", _("已取消")

    organizer = models.ForeignKey(
        "cadres.OrgUnit", verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="+"
    )
    course = models.ForeignKey(
        Course, verbose_name=_("课程"), on_delete=models.PROTECT, related_name="sessions"
    )
    title = models.CharField(_("本次主题"), max_length=100, blank=True)
    starts_at = models.DateTimeField(_("开始时间"), db_index=True)
    ends_at = models.DateTimeField(_("结束时间"))
    mode = models.CharField(_("形式"), max_length=14, choices=Mode.choices)
    place = models.CharField(_("地点"), max_length=120, blank=True)
    base = models.ForeignKey(
        TrainingBase,
        verbose_name=_("教学基地"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
    )
    route = models.ForeignKey(
        SiteRoute,
        verbose_name=_("观摩线路"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
    )
    credit_hours = models.DecimalField(
        _("学时"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0)]
    )
    programs = models.ManyToManyField(
        "selection.Program", verbose_name=_("所属项目"), blank=True, related_name="sessions"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    # The rotating sign-in code is derived from this secret and the clock (see signin.py);
    # sign-in is accepted only between these two moments.
    signin_secret = models.CharField(max_length=32, default=_new_secret, editable=False)
    signin_opens_at = models.DateTimeField(_("签到开始"), null=True, blank=True)
    signin_closes_at = models.DateTimeField(_("签到截止"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    # The start the roster was last reminded of (the day before): a session moved to another
    # day is reminded again, one already reminded is not.
    reminded_for = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("授课安排")
        verbose_name_plural = _("授课安排")
        ordering = ["-starts_at", "-id"]
        # The session list filters by mode within a date range (and the upcoming list by date).
        indexes = [models.Index(fields=["mode", "starts_at"], name="cult_session_mode")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="cultivation_session_times_ordered",
            )
        ]

    def __str__(self):
        return self.title or str(self.course)


class Attendance(models.Model):
    """One cadre at one session: taken by staff on the roster, or signed in by the cadre.

    `credited_hours` is written by the service whenever the marks change (late, early leave, a
    make-up approved), so every roll-up is a plain SUM in SQL."""

    class Status(models.TextChoices):
        PRESENT = "present", _("出勤")
        LATE = "late", _("迟到")
        LEFT_EARLY = "left_early", _("早退")
        LATE_AND_EARLY = "late_and_early", _("迟到且早退")
        ABSENT = "absent", _("缺勤")
        EXCUSED = "excused", _("请假")

    class Method(models.TextChoices):
        ROSTER = "roster", _("点名")
        QR = "qr", _("扫码签到")
        CODE = "code", _("签到码")
        MAKE_UP = "make_up", _("补学")

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="attendance")
    cadre = models.ForeignKey("cadres.Cadre", on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(_("出勤情况"), max_length=16, choices=Status.choices)
    minutes_late = models.PositiveSmallIntegerField(_("迟到分钟"), default=0)
    minutes_early = models.PositiveSmallIntegerField(_("早退分钟"), default=0)
    method = models.CharField(_("记录方式"), max_length=8, choices=Method.choices)
    signed_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    credited_hours = models.DecimalField(
        _("计入学时"), default=0, max_digits=6, decimal_places=1, validators=[MinValueValidator(0)]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("出勤记录")
        verbose_name_plural = _("出勤记录")
        ordering = ["session", "cadre"]
        constraints = [
            models.UniqueConstraint(fields=["session", "cadre"], name="cultivation_attend_once")
        ]
        indexes = [models.Index(fields=["cadre", "session"])]

    def __str__(self):
        return f"{self.cadre} · {self.session}"


class MakeUpRequest(models.Model):
    """补学: a cadre who missed (part of) a session makes it up; staff approve or refuse."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已通过")
        REJECTED = "rejected", _("未通过")

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="make_ups")
    cadre = models.ForeignKey("cadres.Cadre", on_delete=models.PROTECT, related_name="+")
    how = models.CharField(_("补学方式"), max_length=200)
    evidence = models.FileField(_("补学材料"), upload_to="cultivation/makeup/%Y/", blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decision_note = models.CharField(_("审核意见"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("补学申请")
        verbose_name_plural = _("补学申请")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            # One open request per cadre and session; a refused one may be followed by another.
            models.UniqueConstraint(
                fields=["session", "cadre"],
                condition=models.Q(status="pending"),
                name="cultivation_makeup_one_pending",
            )
        ]

    def __str__(self):
        return f"{self.cadre} · {self.session}"


class HourRequirement(models.Model):
    """学时要求: so many hours in a program, or in a year for a group of cadres (a unit subtree,
    optionally those with a tag). A stage's own minimum lives on the stage
    (`selection.Stage.min_credit_hours`) and is enforced at advancement."""

    organizer = models.ForeignKey(
        "cadres.OrgUnit", verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("名称"), max_length=80)
    hours = models.DecimalField(
        _("应修学时"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0)]
    )
    program = models.ForeignKey(
        "selection.Program",
        verbose_name=_("培养项目"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="hour_requirements",
    )
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    unit = models.ForeignKey(
        "cadres.OrgUnit",
        verbose_name=_("适用单位（含下级）"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    tag = models.ForeignKey(
        "cadres.Tag",
        verbose_name=_("适用标签"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("学时要求")
        verbose_name_plural = _("学时要求")
        ordering = ["-year", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(program__isnull=False) | models.Q(year__isnull=False),
                name="cultivation_requirement_program_or_year",
            )
        ]

    def __str__(self):
        return self.name


class SessionFeedback(models.Model):
    """评课: one attendee's answer, kept with no link to who gave it (see FeedbackReceipt)."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="feedback")
    content = models.PositiveSmallIntegerField(
        _("内容质量"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    delivery = models.PositiveSmallIntegerField(
        _("讲授水平"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    organization = models.PositiveSmallIntegerField(
        _("组织安排"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    usefulness = models.PositiveSmallIntegerField(
        _("学用结合"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.CharField(_("意见建议"), max_length=500, blank=True)
    # Day only: a minute-exact stamp beside the receipts' could tell who answered.
    submitted_on = models.DateField(_("评价日期"))

    class Meta:
        verbose_name = _("课程评价")
        verbose_name_plural = _("课程评价")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(content__range=(1, 5))
                & models.Q(delivery__range=(1, 5))
                & models.Q(organization__range=(1, 5))
                & models.Q(usefulness__range=(1, 5)),
                name="cultivation_feedback_scores_1_5",
            )
        ]

    def __str__(self):
        return f"{self.session_id} · {self.submitted_on}"


class FeedbackReceipt(models.Model):
    """That a cadre has answered a session's feedback (to allow one answer each), and nothing of
    what they answered."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="+")
    cadre = models.ForeignKey("cadres.Cadre", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "cadre"], name="cultivation_feedback_once")
        ]

    def __str__(self):
        return f"{self.cadre_id} · {self.session_id}"
