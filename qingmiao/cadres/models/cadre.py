from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from .. import idcard, pinyin
from .codes import CodeTable


def _code_fk(table: str, verbose: StrOrPromise, *, null: bool = True, related: str = "+"):
    return models.ForeignKey(
        "cadres.CodeItem",
        verbose_name=verbose,
        on_delete=models.PROTECT,
        null=null,
        blank=null,
        limit_choices_to={"table": table},
        related_name=related,
    )


class Tag(models.Model):
    name = models.CharField(_("标签"), max_length=30, unique=True)
    description = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("标签")
        verbose_name_plural = _("标签")
        ordering = ["name"]

    def __str__(self):
        return self.name


def generation_band(birth_date: date | None) -> str:
    """'90后', '95后'... by five-year band of birth, as offices speak of cohorts."""
    if birth_date is None:
        return ""
    year = birth_date.year
    band = year - year % 5
    return f"{band % 100:02d}后"


def full_years_between(start: date | None, end: date) -> int | None:
    if start is None:
        return None
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


class Cadre(models.Model):
    """A cadre record (干部档案): the fields of the 干部任免审批表 and what the chain needs.

    Age, years since hire and the 90后/95后 band are computed from the dates, never stored.
    The pinyin keys are stored because search must use an index; they are rewritten from the
    name on every save, so they cannot drift.
    """

    name = models.CharField(_("姓名"), max_length=30)
    name_pinyin = models.CharField(_("姓名全拼"), max_length=120, db_index=True, editable=False)
    name_initials = models.CharField(_("姓名首字母"), max_length=30, db_index=True, editable=False)
    gender = _code_fk(CodeTable.GENDER, _("性别"), null=False)
    ethnicity = _code_fk(CodeTable.ETHNICITY, _("民族"))
    birth_date = models.DateField(_("出生年月"), db_index=True)
    id_number_encrypted = models.TextField(_("身份证号（密文）"), blank=True, editable=False)
    id_number_digest = models.CharField(
        _("身份证号摘要"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    native_place = models.CharField(_("籍贯"), max_length=40, blank=True)
    birthplace = models.CharField(_("出生地"), max_length=40, blank=True)
    political_status = _code_fk(CodeTable.POLITICAL, _("政治面貌"))
    party_join_date = models.DateField(_("入党时间"), null=True, blank=True)
    work_start_date = models.DateField(_("参加工作时间"), null=True, blank=True)
    hire_date = models.DateField(_("录用时间"), null=True, blank=True, db_index=True)
    fulltime_education = _code_fk(CodeTable.EDUCATION, _("全日制学历"))
    fulltime_degree = _code_fk(CodeTable.DEGREE, _("全日制学位"))
    fulltime_school = models.CharField(_("全日制毕业院校"), max_length=100, blank=True)
    fulltime_major = models.CharField(_("全日制专业"), max_length=100, blank=True)
    inservice_education = _code_fk(CodeTable.EDUCATION, _("在职学历"))
    inservice_degree = _code_fk(CodeTable.DEGREE, _("在职学位"))
    inservice_school = models.CharField(_("在职毕业院校"), max_length=100, blank=True)
    inservice_major = models.CharField(_("在职专业"), max_length=100, blank=True)
    unit = models.ForeignKey(
        "cadres.OrgUnit",
        verbose_name=_("工作单位"),
        on_delete=models.PROTECT,
        related_name="cadres",
    )
    post = models.CharField(_("现任职务"), max_length=200, blank=True)
    rank = _code_fk(CodeTable.RANK, _("职务职级"))
    rank_date = models.DateField(_("任现职级时间"), null=True, blank=True)
    expertise = models.CharField(_("熟悉专业有何专长"), max_length=110, blank=True)
    household_registration = models.CharField(_("户籍所在地"), max_length=60, blank=True)
    marital_status = _code_fk(CodeTable.MARITAL, _("婚姻状况"))
    spouse_location = models.CharField(_("配偶工作地"), max_length=60, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    photo = models.ImageField(_("照片"), upload_to="photos/%Y/", blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("标签"), blank=True, related_name="cadres")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账户"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cadre",
    )
    is_active = models.BooleanField(_("在职"), default=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("干部")
        verbose_name_plural = _("干部")
        ordering = ["name_pinyin", "id"]
        indexes = [
            models.Index(fields=["unit", "birth_date"]),
            models.Index(fields=["name"]),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_pinyin = pinyin.full(self.name)
        self.name_initials = pinyin.initials(self.name)
        super().save(*args, **kwargs)

    # --- the ID number is held encrypted; these are the only ways in and out --------------

    @property
    def id_number(self) -> str:
        return idcard.decrypt(self.id_number_encrypted)

    @id_number.setter
    def id_number(self, value: str) -> None:
        if value:
            self.id_number_encrypted = idcard.encrypt(value)
            self.id_number_digest = idcard.digest(value)
        else:
            self.id_number_encrypted = ""
            self.id_number_digest = None

    @property
    def id_number_masked(self) -> str:
        return idcard.mask(self.id_number)

    # --- derived ----------------------------------------------------------------------------

    def age_on(self, day: date) -> int | None:
        return full_years_between(self.birth_date, day)

    @property
    def age(self) -> int | None:
        return self.age_on(timezone.localdate())

    @property
    def years_since_hire(self) -> int | None:
        return full_years_between(self.hire_date, timezone.localdate())

    @property
    def generation_band(self) -> str:
        return generation_band(self.birth_date)

    @property
    def highest_education(self):
        """The higher of full-time and in-service 学历 (GB/T 4658: smaller code is higher)."""
        options = [e for e in (self.fulltime_education, self.inservice_education) if e is not None]
        return min(options, key=lambda e: e.code) if options else None
