from datetime import date

import pytest
from django.core.exceptions import ValidationError

from qingmiao.cadres.monthdate import MonthDateField, format_month, parse


@pytest.mark.parametrize(
    ("text", "expected", "has_day"),
    [
        ("1990.05", date(1990, 5, 1), False),
        ("199005", date(1990, 5, 1), False),
        ("1990-05", date(1990, 5, 1), False),
        ("1990.5", date(1990, 5, 1), False),
        ("1990年5月", date(1990, 5, 1), False),
        ("1990-05-12", date(1990, 5, 12), True),
        ("19900512", date(1990, 5, 12), True),
        ("1990年5月12日", date(1990, 5, 12), True),
        (" 1990/05 ", date(1990, 5, 1), False),
    ],
)
def test_parse_accepts_chinese_record_notations(text, expected, has_day):
    assert parse(text) == (expected, has_day)


@pytest.mark.parametrize("text", ["1990.13", "19901", "May 1990", "1990-02-30", ""])
def test_parse_rejects_non_dates(text):
    with pytest.raises(ValueError):
        parse(text)


def test_field_messages_are_chinese_and_field_level():
    field = MonthDateField()
    with pytest.raises(ValidationError) as exc:
        field.clean("1990.13")
    assert "日期格式不正确" in exc.value.messages[0]
    assert field.clean("199005") == date(1990, 5, 1)
    with pytest.raises(ValidationError):
        field.clean("1890.01")


def test_format_month():
    assert format_month(date(1990, 5, 1)) == "1990.05"
    assert format_month(None) == ""
