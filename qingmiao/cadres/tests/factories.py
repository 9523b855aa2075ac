import datetime

import factory

from qingmiao.cadres import idcard
from qingmiao.cadres.models import Cadre, CodeItem, CodeTable, OrgUnit, UnitType


def code(table: str, value: str) -> CodeItem:
    return CodeItem.objects.get(table=table, code=value)


def make_id_number(birth: datetime.date, *, division: str = "110105", seq: int = 123) -> str:
    """A valid 18-digit number for `birth`; odd `seq` means male."""
    first17 = f"{division}{birth:%Y%m%d}{seq:03d}"
    return first17 + idcard.check_char(first17)


class OrgUnitFactory:
    """Treebeard nodes must be created through add_root/add_child, so this is a helper rather
    than a factory_boy class."""

    _n = 0

    @classmethod
    def root(cls, name="中共测试区委组织部", **kwargs) -> OrgUnit:
        cls._n += 1
        kwargs.setdefault("code", f"T{cls._n:04d}")
        kwargs.setdefault("unit_type", UnitType.ORG_DEPT)
        return OrgUnit.objects.add_root({"name": name, **kwargs})

    @classmethod
    def child(cls, parent: OrgUnit, name: str, **kwargs) -> OrgUnit:
        cls._n += 1
        kwargs.setdefault("code", f"T{cls._n:04d}")
        kwargs.setdefault("unit_type", UnitType.PARTY_GOVT)
        node = OrgUnit.objects.add_child(parent, {"name": name, **kwargs})
        return OrgUnit.objects.get(pk=node.pk)


class CadreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cadre

    name = factory.Sequence(lambda n: f"测试{n}")
    gender = factory.LazyFunction(lambda: code(CodeTable.GENDER, "1"))
    ethnicity = factory.LazyFunction(lambda: code(CodeTable.ETHNICITY, "01"))
    birth_date = datetime.date(1995, 5, 12)
    political_status = factory.LazyFunction(lambda: code(CodeTable.POLITICAL, "01"))
    fulltime_education = factory.LazyFunction(lambda: code(CodeTable.EDUCATION, "14"))
    fulltime_degree = factory.LazyFunction(lambda: code(CodeTable.DEGREE, "302"))
    hire_date = datetime.date(2020, 8, 1)
    work_start_date = datetime.date(2020, 7, 1)
    post = "科员"
    rank = factory.LazyFunction(lambda: code(CodeTable.RANK, "R21"))
