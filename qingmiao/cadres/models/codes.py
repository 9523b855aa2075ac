from django.db import models
from django.utils.translation import gettext_lazy as _


class CodeTable(models.TextChoices):
    GENDER = "GB2261.1", _("性别（GB/T 2261.1）")
    MARITAL = "GB2261.2", _("婚姻状况（GB/T 2261.2）")
    ETHNICITY = "GB3304", _("民族（GB 3304）")
    POLITICAL = "GB4762", _("政治面貌（GB/T 4762）")
    EDUCATION = "GB4658", _("学历（GB/T 4658）")
    XUELI = "ZB64", _("学历（中组部 ZB64）")
    DEGREE = "GB6864", _("学位（GB/T 6864）")
    RELATION = "GB4761", _("家庭关系（GB/T 4761）")
    DIVISION = "GB2260", _("行政区划（GB/T 2260）")
    RANK = "RANK", _("职务职级")


class CodeItemQuerySet(models.QuerySet):
    def of(self, table: str):
        return self.filter(table=table, is_active=True)


class CodeItem(models.Model):
    """One value of a national code table. Records point at these rows, so a code's name
    is written once and every screen, export and appointment form shows the same text."""

    table = models.CharField(_("代码表"), max_length=12, choices=CodeTable.choices)
    code = models.CharField(_("代码"), max_length=12)
    name = models.CharField(_("名称"), max_length=60)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    parent_code = models.CharField(_("上级代码"), max_length=12, blank=True)
    # GB/T 4658 学历 → ZB64 学历 name on the appointment form; GB/T 4762 → the form's short name.
    form_name = models.CharField(_("任免表名称"), max_length=30, blank=True)
    sort = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = CodeItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("代码")
        verbose_name_plural = _("代码表")
        ordering = ["table", "sort", "code"]
        constraints = [
            models.UniqueConstraint(fields=["table", "code"], name="cadres_codeitem_table_code"),
        ]
        indexes = [models.Index(fields=["table", "name"])]

    def __str__(self):
        return self.short_name or self.name

    @property
    def education_level(self) -> int | None:
        """GB/T 4658 level: 1 研究生, 2 本科, 3 专科, 4 中职, 6 高中, 7 初中, 8 小学."""
        if self.table == CodeTable.EDUCATION and self.code[:1].isdigit():
            return int(self.code[0])
        return None
