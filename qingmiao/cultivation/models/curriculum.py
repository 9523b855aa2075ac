"""课程体系: topics, lecturers, courses, the places sessions are held, and study trips.

A topic, course, lecturer, base or route belongs to the organizing unit (the organization
department that runs the curriculum), not to one program: 兰州新区's 21 topics serve several
programs, and a course joins the programs and tracks that use it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from qingmiao.cadres.models import Cadre


class Topic(models.Model):
    """专题: a theme of the curriculum (经济金融, 招商引资, 生态环保, 乡村振兴, 基层治理...)."""

    organizer = models.ForeignKey(
        "cadres.OrgUnit", verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("专题名称"), max_length=60)
    description = models.TextField(_("说明"), blank=True)
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("专题")
        verbose_name_plural = _("专题")
        ordering = ["organizer", "sort", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organizer", "name"], name="cultivation_topic_unique_name"
            )
        ]

    def __str__(self):
        return self.name


class Lecturer(models.Model):
    """授课人: a leader of the district, an entrepreneur, an expert, or a partner institution."""

    class Kind(models.TextChoices):
        LEADER = "leader", _("领导干部")
        ENTREPRENEUR = "entrepreneur", _("企业家")
        EXPERT = "expert", _("专家学者")
        INSTITUTION = "institution", _("合作机构")

    organizer = models.ForeignKey(
        "cadres.OrgUnit", verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("姓名或机构"), max_length=60)
    kind = models.CharField(_("类别"), max_length=14, choices=Kind.choices)
    affiliation = models.CharField(_("单位"), max_length=100, blank=True)
    title = models.CharField(_("职务职称"), max_length=60, blank=True)
    # A lecturer with an account sees their sessions' feedback in aggregate.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账户"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lecturer_profiles",
    )

    class Meta:
        verbose_name = _("授课人")
        verbose_name_plural = _("授课人")
        ordering = ["organizer", "kind", "name", "id"]
        # The lecturer list filters by kind and sorts by name.
        indexes = [models.Index(fields=["kind", "name"], name="cult_lecturer_kind")]

    def __str__(self):
        return self.name


class TrainingBase(models.Model):
    """教学基地: a place where on-site teaching is held (兰州新区 has 25)."""

    organizer = models.ForeignKey(
        "cadres.OrgUnit", verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("基地名称"), max_length=80)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    field = models.CharField(_("教学方向"), max_length=60, blank=True)
    description = models.TextField(_("简介"), blank=True)
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("教学基地")
        verbose_name_plural = _("教学基地")
        ordering = ["organizer", "name", "id"]
        indexes = [models.Index(fields=["is_active", "name"], name="cult_base_active")]
        constraints = [
            models.UniqueConstraint(
                fields=["organizer", "name"], name="cultivation_base_unique_name"
            )
        ]

    def __str__(self):
        return self.name


class SiteRoute(models.Model):
    """现场教学观摩线路: a route through several sites (兰州新区 has 18)."""

    organizer = models.ForeignKey(
        "cadres.OrgUnit", verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("线路名称"), max_length=80)
    stops = models.TextField(_("观摩点位"), blank=True)
    bases = models.ManyToManyField(
        TrainingBase, verbose_name=_("途经基地"), blank=True, related_name="routes"
    )
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("观摩线路")
        verbose_name_plural = _("观摩线路")
        ordering = ["organizer", "name", "id"]
        indexes = [models.Index(fields=["is_active", "name"], name="cult_route_active")]
        constraints = [
            models.UniqueConstraint(
                fields=["organizer", "name"], name="cultivation_route_unique_name"
            )
        ]

    def __str__(self):
        return self.name


class Course(models.Model):
    """课程: what is taught, by whom, worth how many credit hours, for which programs/tracks."""

    organizer = models.ForeignKey(
        "cadres.OrgUnit", verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="+"
    )
    topic = models.ForeignKey(
        Topic, verbose_name=_("专题"), on_delete=models.PROTECT, related_name="courses"
    )
    title = models.CharField(_("课程名称"), max_length=100)
    lecturers = models.ManyToManyField(
        Lecturer, verbose_name=_("授课人"), blank=True, related_name="courses"
    )
    credit_hours = models.DecimalField(
        _("学时"), default=0, max_digits=6, decimal_places=1, validators=[MinValueValidator(0)]
    )
    description = models.TextField(_("课程简介"), blank=True)
    programs = models.ManyToManyField(
        "selection.Program", verbose_name=_("所属项目"), blank=True, related_name="courses"
    )
    tracks = models.ManyToManyField(
        "selection.Track", verbose_name=_("所属赛道"), blank=True, related_name="courses"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("课程")
        verbose_name_plural = _("课程")
        ordering = ["topic", "title", "id"]
        indexes = [models.Index(fields=["title"], name="cult_course_title")]

    def __str__(self):
        return self.title


class StudyTrip(models.Model):
    """外出学习: one batch of a study trip (萧山 ran 13 batches, 620+ people)."""

    organizer = models.ForeignKey(
        "cadres.OrgUnit", verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="+"
    )
    program = models.ForeignKey(
        "selection.Program",
        verbose_name=_("所属项目"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="study_trips",
    )
    batch = models.PositiveSmallIntegerField(_("批次"))
    title = models.CharField(_("主题"), max_length=100)
    destinations = models.CharField(_("目的地"), max_length=200)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    credit_hours = models.DecimalField(
        _("学时"), default=0, max_digits=6, decimal_places=1, validators=[MinValueValidator(0)]
    )
    # Annotated: the django-stubs plugin infers no type for a relation through a model
    # declared later in the module.
    participants: models.ManyToManyField[Cadre, StudyTripParticipant] = models.ManyToManyField(
        "cadres.Cadre",
        verbose_name=_("参学人员"),
        through="StudyTripParticipant",
        related_name="study_trips",
    )

    class Meta:
        verbose_name = _("外出学习")
        verbose_name_plural = _("外出学习")
        ordering = ["-start_date", "batch", "id"]
        # The trip list filters by a date range and sorts by start date or batch.
        indexes = [
            models.Index(fields=["start_date", "end_date"], name="cult_trip_dates"),
            models.Index(fields=["batch"], name="cult_trip_batch"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="cultivation_trip_dates_ordered",
            )
        ]

    def __str__(self):
        return self.title


class StudyTripParticipant(models.Model):
    trip = models.ForeignKey(StudyTrip, on_delete=models.CASCADE, related_name="+")
    cadre = models.ForeignKey("cadres.Cadre", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["trip", "cadre"], name="cultivation_trip_once")
        ]

    def __str__(self):
        return f"{self.cadre_id} · {self.trip_id}"
