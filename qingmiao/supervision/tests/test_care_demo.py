"""The care demo: 兰州新区's separated-family cases in proportion, 巴中's recruits flagged and
looked after, some follow-ups overdue; deterministic from the seed."""

import pytest

from qingmiao.cadres.demo import registry
from qingmiao.cultivation import demo as cultivation_demo
from qingmiao.selection import demo as selection_demo
from qingmiao.selection.models import Application, ProgramKind

from ..demo import care
from ..models import CareCase, CareFlag, CareStatus, FlagKind

pytestmark = pytest.mark.django_db


def test_care_demo_shape():
    registry.build(seed=2026, cadre_count=400)
    selection_demo.build(seed=2026)
    cultivation_demo.build(seed=2026)
    result = care.build({"seed": 2026})
    # 36 separated-family cases at 2,000 cadres → 400 cadres: round(36 × 400 / 2000) = 7.
    separation = CareCase.objects.filter(kind="separation")
    assert separation.count() == 7
    # 2 unsolvable, 2 overdue + 3 ongoing, the other 0 solved at this size (7 − 2 − 5).
    by_status = {s: separation.filter(status=s).count() for s in CareStatus.values}
    assert by_status == {"unsolvable": 2, "ongoing": 5, "solved": 0}
    recruits = set(
        Application.objects.filter(program__kind=ProgramKind.NEW_RECRUIT).values_list(
            "cadre_id", flat=True
        )
    )
    far = CareFlag.objects.filter(kind=FlagKind.FAR_FROM_HOME, cadre_id__in=recruits)
    assert 0 < far.count() < len(recruits)  # 通江县 recruits, not 巴州区 ones
    assert not far.filter(cadre__native_place="巴州区").exists()
    recruit_cases = CareCase.objects.exclude(kind="separation")
    assert recruit_cases.count() == result["cases"] - 7 > 0
    assert set(recruit_cases.values_list("cadre_id", flat=True)) <= recruits
    overdue = CareCase.objects.filter(status="ongoing", next_due__lt=care.TODAY)
    assert overdue.count() == 3  # two separation cases and one recruit's
    assert all(c.closed_on for c in CareCase.objects.exclude(status="ongoing"))
    assert care.summary() and "兰州新区夫妻两地分居 7 件" in care.summary()[0]
