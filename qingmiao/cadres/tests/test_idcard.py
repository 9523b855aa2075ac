from datetime import date

import pytest
from django.core.exceptions import ValidationError

from qingmiao.cadres import idcard


def test_standard_example_is_valid():
    # The example printed in GB 11643-1999: weights sum 167, 167 mod 11 = 2 → check char X.
    assert idcard.check_char("11010519491231002") == "X"
    assert idcard.validate("11010519491231002X") == "11010519491231002X"


def test_lower_case_x_and_spaces_are_normalized():
    assert idcard.validate(" 11010519491231002x ") == "11010519491231002X"


def test_bad_checksum_is_rejected_in_chinese():
    with pytest.raises(ValidationError) as exc:
        idcard.validate("110105194912310021")
    assert exc.value.code == "id_checksum"
    assert "校验位错误" in exc.value.messages[0]


@pytest.mark.parametrize(
    "number",
    [
        "110105194902300010",  # 30 February
        "110105194913010010",  # month 13
        "110105203001010010",  # in the future
    ],
)
def test_impossible_dates_are_rejected(number):
    first17 = number[:17]
    number = first17 + idcard.check_char(first17)  # a correct check char: only the date is wrong
    with pytest.raises(ValidationError) as exc:
        idcard.validate(number)
    assert exc.value.code == "id_birth_date"


def test_birth_date_must_agree():
    with pytest.raises(ValidationError) as exc:
        idcard.validate("11010519491231002X", birth_date=date(1950, 1, 1))
    assert exc.value.code == "id_birth_mismatch"
    assert "1949.12.31" in exc.value.messages[0]
    assert "1950.01" in exc.value.messages[0]
    # Same month is enough: records often hold month-precision birth dates.
    assert idcard.validate("11010519491231002X", birth_date=date(1949, 12, 1))


@pytest.mark.parametrize("bad", ["1101051949123100", "11010519491231002Y", "abc", ""])
def test_wrong_length_or_characters(bad):
    with pytest.raises(ValidationError):
        idcard.validate(bad)


def test_legacy_15_digit_numbers_are_upgraded():
    # 110105 491231 002 → insert 19 → 11010519491231002 → check char X.
    assert idcard.upgrade_15("110105491231002") == "11010519491231002X"
    assert idcard.validate("110105491231002") == "11010519491231002X"
    assert idcard.birth_date_of("110105491231002") == date(1949, 12, 31)
    with pytest.raises(ValidationError):
        idcard.validate("110105491331002")  # month 13


def test_gender_from_sequence_digit():
    assert idcard.gender_code_of("11010519491231002X") == "2"  # 2 is even → female
    first17 = "11010519900101001"
    assert idcard.gender_code_of(first17 + idcard.check_char(first17)) == "1"


def test_mask_keeps_division_and_last_four():
    assert idcard.mask("11010519491231002X") == "110105********002X"
    assert idcard.mask("") == ""


def test_encryption_round_trip_and_no_clear_text(settings):
    token = idcard.encrypt("11010519491231002X")
    assert "11010519491231002X" not in token
    assert idcard.decrypt(token) == "11010519491231002X"
    assert idcard.decrypt("garbage") == ""


def test_key_rotation(settings):
    from cryptography.fernet import Fernet

    old = settings.FIELD_ENCRYPTION_KEYS[0]
    token = idcard.encrypt("11010519491231002X")
    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    rotated = idcard.rotate(token)
    settings.FIELD_ENCRYPTION_KEYS = [new]
    assert idcard.decrypt(rotated) == "11010519491231002X"
    assert idcard.decrypt(token) == ""  # the old token needs the retired key


def test_digest_is_keyed_and_stable(settings):
    a = idcard.digest("11010519491231002x")
    assert a == idcard.digest("11010519491231002X")
    settings.FIELD_HASH_KEY = "another-key"
    assert idcard.digest("11010519491231002X") != a
