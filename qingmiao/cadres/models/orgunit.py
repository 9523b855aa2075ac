from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

if TYPE_CHECKING:
    from .codes import CodeItem


class UnitType(models.TextChoices):
    ORG_DEPT = "org_dept", _("组织部")
    PARTY_GOVT = "party_govt", _("党政机关")
    TOWN = "town", _("乡镇")
    STREET = "street", _("街道")
    SOE = "soe", _("国有企业")
    INSTITUTION = "institution", _("事业单位")
    PARK = "park", _("园区")
    SECTION = "section", _("内设机构")
    VILLAGE = "village", _("村")
    COMMUNITY = "community", _("社区")


class OrgUnit(MP_Node):
    """An org unit in the district tree. The materialized path makes 'this unit and everything
    under it' one indexed prefix match, which is how the scoping layer filters every query."""

    name: models.CharField[str, str] = models.CharField(_("单位名称"), max_length=100)
    short_name: models.CharField[str, str] = models.CharField(_("简称"), max_length=40, blank=True)
    code: models.CharField[str, str] = models.CharField(_("单位代码"), max_length=30, unique=True)
    unit_type: models.CharField[str, str] = models.CharField(
        _("单位类型"), max_length=20, choices=UnitType.choices, db_index=True
    )
    is_remote: models.BooleanField[bool, bool] = models.BooleanField(
        _("偏远"), default=False, db_index=True
    )
    division: models.ForeignKey[CodeItem | None, CodeItem | None] = models.ForeignKey(
        "cadres.CodeItem",
        verbose_name=_("行政区划"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"table": "GB2260"},
        related_name="+",
    )
    sort: models.PositiveIntegerField[int, int] = models.PositiveIntegerField(_("排序"), default=0)

    node_order_by = ["sort", "code"]

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name
