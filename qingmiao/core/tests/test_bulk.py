from datetime import date

import pytest

from qingmiao.cadres.models import OrgUnit, UnitType
from qingmiao.core.bulk import insert_rows, reserve_ids
from qingmiao.selection.models import Program, ProgramKind, ProgramStatus, Track

pytestmark = pytest.mark.django_db

COMPARED = (
    "name", "kind", "organizer_id", "description", "partner_institutions", "start_date",
    "end_date", "registration_opens", "capacity", "entry_mode", "status", "created_by_id",
)  # fmt: skip


@pytest.fixture
def unit():
    return OrgUnit.objects.add_root(
        {"name": "青禾区委组织部", "code": "B0", "unit_type": UnitType.ORG_DEPT}
    )


def test_rows_equal_what_the_orm_writes(unit):
    """A row given as a tuple is stored as the same model built field by field would be:
    the given values, every other field's default, the automatic stamps, a fresh uuid each."""
    made = Program.objects.create(
        name="火星计划", kind=ProgramKind.TRAINING_CAMP, organizer=unit, start_date=date(2026, 4, 1)
    )
    written = insert_rows(
        Program,
        ("name", "kind", "organizer_id", "start_date"),
        [
            ("火星计划", ProgramKind.TRAINING_CAMP, unit.pk, date(2026, 4, 1)),
            ("成长营", ProgramKind.GROWTH_CAMP, unit.pk, None),
        ],
    )
    assert written == 2
    first, second = Program.objects.exclude(pk=made.pk).order_by("pk")
    assert [getattr(first, f) for f in COMPARED] == [getattr(made, f) for f in COMPARED]
    assert (second.name, second.start_date, second.status) == ("成长营", None, ProgramStatus.DRAFT)
    assert len({made.public_id, first.public_id, second.public_id}) == 3
    assert first.created_at is not None and first.updated_at is not None


def test_reserved_ids_are_used_and_never_given_again(unit):
    program = Program.objects.create(
        name="火星计划", kind=ProgramKind.TRAINING_CAMP, organizer=unit
    )
    before = Track.objects.create(program=program, name="数字经济")
    ids = reserve_ids(Track, 3)
    assert len(set(ids)) == 3 and min(ids) > before.pk
    insert_rows(
        Track,
        ("id", "program_id", "name"),
        [
            (pk, program.pk, name)
            for pk, name in zip(ids, ["人工智能", "金融科技", "低空经济"], strict=True)
        ],
    )
    assert list(Track.objects.filter(pk__in=ids).order_by("pk").values_list("name", flat=True)) == [
        "人工智能",
        "金融科技",
        "低空经济",
    ]
    after = Track.objects.create(program=program, name="城市更新")
    assert after.pk > max(ids)  # the key sequence moved past the reserved ids


def test_a_field_given_twice_is_refused(unit):
    with pytest.raises(ValueError):
        insert_rows(Program, ("name", "name"), [("甲", "乙")])
    assert reserve_ids(Track, 0) == []
    assert insert_rows(Track, ("program_id", "name"), []) == 0
