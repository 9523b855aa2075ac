from datetime import date

import pytest
from django.db import connection

from qingmiao.cadres.models import Cadre, full_years_between, generation_band
from qingmiao.cadres.tests.factories import CadreFactory, code, make_id_number

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (date(1990, 1, 1), "90后"),
        (date(1994, 12, 31), "90后"),
        (date(1995, 1, 1), "95后"),
        (date(2000, 6, 1), "00后"),
        (date(1987, 3, 1), "85后"),
        (None, ""),
    ],
)
def test_generation_band(born, band):
    assert generation_band(born) == band


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [
        (date(1995, 5, 12), date(2026, 5, 11), 30),  # the day before the birthday
        (date(1995, 5, 12), date(2026, 5, 12), 31),  # on the birthday
        (date(2000, 2, 29), date(2026, 2, 28), 25),
        (date(2000, 2, 29), date(2026, 3, 1), 26),
    ],
)
def test_full_years_between(start, end, years):
    assert full_years_between(start, end) == years


def test_age_and_years_since_hire_are_derived(tree):
    cadre = CadreFactory(unit=tree.unit_a, birth_date=date(1995, 5, 12), hire_date=date(2020, 8, 1))
    assert cadre.age_on(date(2026, 11, 22)) == 31
    assert cadre.age_on(date(2025, 5, 11)) == 29
    field_names = {f.name for f in Cadre._meta.get_fields()}
    assert not {"age", "years_since_hire", "generation_band"} & field_names


def test_pinyin_keys_follow_the_name(tree):
    cadre = CadreFactory(unit=tree.unit_a, name="张伟")
    assert (cadre.name_pinyin, cadre.name_initials) == ("zhangwei", "zw")
    cadre.name = "曾小明"
    cadre.save()
    assert (cadre.name_pinyin, cadre.name_initials) == ("zengxiaoming", "zxm")


def test_id_number_is_not_stored_in_clear_text(tree):
    number = make_id_number(date(1995, 5, 12), seq=123)
    cadre = CadreFactory(unit=tree.unit_a)
    cadre.id_number = number
    cadre.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM cadres_cadre WHERE id = %s", [cadre.pk])
        row = cursor.fetchone()
    assert number not in " ".join(str(v) for v in row)
    assert number[:6] + "19950512" not in " ".join(str(v) for v in row)
    fresh = Cadre.objects.get(pk=cadre.pk)
    assert fresh.id_number == number
    assert fresh.id_number_masked == "110105********" + number[-4:]
    assert Cadre.objects.filter(id_number_digest=fresh.id_number_digest).count() == 1


def test_highest_education(tree):
    cadre = CadreFactory(
        unit=tree.unit_a,
        fulltime_education=code("GB4658", "21"),
        inservice_education=code("GB4658", "14"),
    )
    assert cadre.highest_education.code == "14"
