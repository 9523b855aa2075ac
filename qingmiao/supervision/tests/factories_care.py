"""Helpers for care tests: a region on the personas' tree, a case with its first step."""

from datetime import date

from qingmiao.cadres.models import CodeItem, CodeTable, OrgUnit
from qingmiao.supervision.services import care as services

XIAOSHAN = "330109"  # 浙江省杭州市萧山区: the test district's 行政区划


def set_region(tree, code: str = XIAOSHAN) -> None:
    """Give the test tree's root a 行政区划; its units inherit it."""
    division = CodeItem.objects.get(table=CodeTable.DIVISION, code=code)
    OrgUnit.objects.filter(pk=tree.root.pk).update(division=division)


def case_data(owner, **overrides) -> dict:
    data = {
        "kind": "separation",
        "summary": "配偶在兰州工作，协调调动",
        "notes": "配偶在兰州市某医院工作，两个孩子随祖父母生活。",
        "owner": owner,
        "opened_on": date(2026, 9, 1),
        "plan": "与配偶所在单位沟通调动事宜",
        "due_on": date(2026, 10, 15),
    }
    data.update(overrides)
    return data


def open_case(actor, cadre, owner=None, **overrides):
    return services.care_case_open(
        actor=actor, cadre=cadre, data=case_data(owner or actor, **overrides)
    )
