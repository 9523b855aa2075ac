from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qingmiao.cadres.models import UnitType

if TYPE_CHECKING:
    from qingmiao.cadres.models import CodeItem, Tag


class ProgramKind(models.TextChoices):
    TRAINING_CAMP = "training_camp", _("训练营")
    GROWTH_CAMP = "growth_camp", _("成长营")
    NEW_RECRUIT = "new_recruit", _("新录用干部培养计划")
    QUALITY_YEAR = "quality_year", _("素质提升年")
    ENTERPRISE_COMPANION = "enterprise_companion", _("助企陪跑")
    OTHER = "other", _("其他")


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    REGISTRATION_OPEN = "registration_open", _("报名中")
    RUNNING = "running", _("进行中")
    FINISHED = "finished", _("已结束")


class EntryMode(models.TextChoices):
    SELF = "self", _("自主报名")
    RECOMMENDATION = "recommendation", _("单位推荐")
    BOTH = "both", _("自主报名或单位推荐")


class Program(models.Model):
    """A cultivation program (培养项目): a camp, a growth camp, a new-recruit plan..."""

    name = models.CharField(_("项目名称"), max_length=100)
    kind = models.CharField(_("项目类型"), max_length=24, choices=ProgramKind.choices)
    organizer = models.ForeignKey(
        "cadres.OrgUnit", verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("项目简介"), blank=True)
    partner_institutions = models.CharField(_("合作机构"), max_length=300, blank=True)
    start_date = models.DateField(_("开始日期"), null=True, blank=True)
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    registration_opens = models.DateTimeField(_("报名开始"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("报名截止"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("计划名额"), null=True, blank=True)
    entry_mode = models.CharField(
        _("报名方式"), max_length=16, choices=EntryMode.choices, default=EntryMode.SELF
    )
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=ProgramStatus.choices,
        default=ProgramStatus.DRAFT,
        db_index=True,
    )
    public_id = models.UUIDField(_("公开编号"), default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("培养项目")
        verbose_name_plural = _("培养项目")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.name

    @property
    def is_published(self) -> bool:
        return self.status != ProgramStatus.DRAFT

    @property
    def allows_self_application(self) -> bool:
        return self.entry_mode in (EntryMode.SELF, EntryMode.BOTH)

    @property
    def allows_recommendation(self) -> bool:
        return self.entry_mode in (EntryMode.RECOMMENDATION, EntryMode.BOTH)


class Track(models.Model):
    """赛道: an industry track inside a program (智能物联, 生命健康, 新材料...)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="tracks")
    name = models.CharField(_("赛道名称"), max_length=40)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("赛道")
        verbose_name_plural = _("赛道")
        ordering = ["program", "sort", "id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="selection_track_unique_name")
        ]

    def __str__(self):
        return self.name


class EligibilityRule(models.Model):
    """The program's 资格条件, set on a form. Every empty field means 'no requirement'."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="rule")
    born_from = models.DateField(_("出生日期不早于"), null=True, blank=True)
    born_to = models.DateField(_("出生日期不晚于"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("最高年龄（周岁）"), null=True, blank=True)
    age_reference_date = models.DateField(_("年龄计算日期"), null=True, blank=True)
    # GB/T 4658 level: 1 研究生, 2 本科, 3 专科; the cadre's highest 学历 must be at least this.
    min_education_level = models.PositiveSmallIntegerField(
        _("最低学历"),
        null=True,
        blank=True,
        choices=[(1, _("研究生")), (2, _("大学本科")), (3, _("大学专科"))],
    )
    political_statuses = models.ManyToManyField(
        "cadres.CodeItem",
        verbose_name=_("政治面貌"),
        blank=True,
        limit_choices_to={"table": "GB4762"},
        related_name="+",
    )
    unit_types = models.JSONField(_("单位类型"), default=list, blank=True)
    units = models.ManyToManyField(
        "cadres.OrgUnit", verbose_name=_("限定单位（含下级）"), blank=True, related_name="+"
    )
    min_years_since_hire = models.PositiveSmallIntegerField(
        _("最少入职年限"), null=True, blank=True
    )
    max_years_since_hire = models.PositiveSmallIntegerField(
        _("最多入职年限"), null=True, blank=True
    )
    # Annotated: the django-stubs plugin infers no type for a second related_name="+" relation
    # to the same model.
    ranks: models.ManyToManyField[CodeItem, models.Model] = models.ManyToManyField(
        "cadres.CodeItem",
        verbose_name=_("职务职级"),
        blank=True,
        limit_choices_to={"table": "RANK"},
        related_name="+",
    )
    required_tags: models.ManyToManyField[Tag, models.Model] = models.ManyToManyField(
        "cadres.Tag", verbose_name=_("必须具有的标签"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("资格条件")
        verbose_name_plural = _("资格条件")

    def __str__(self):
        return str(self.program)

    def unit_type_labels(self) -> list[str]:
        return [str(UnitType(t).label) for t in self.unit_types if t in UnitType.values]
