"""Month-precision dates as Chinese records write them: 1990.05, 199005, 1990-05, 1990年5月.

Such dates are stored as the first day of the month and shown as `1990.05`.
"""

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_PATTERNS = [
    re.compile(r"^(?P<y>\d{4})[.\-/年](?P<m>\d{1,2})(?:[.\-/月](?P<d>\d{1,2})日?|月)?$"),
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})?$"),
]


def parse(value: str) -> tuple[date, bool]:
    """Return (date, has_day). Raise ValueError for text that is not a date."""
    text = (value or "").strip().replace(" ", "")
    for pattern in _PATTERNS:
        match = pattern.match(text)
        if match:
            year, month = int(match["y"]), int(match["m"])
            day = match["d"]
            return date(year, month, int(day) if day else 1), bool(day)
    raise ValueError(text)


def format_month(value: date | None) -> str:
    return value.strftime("%Y.%m") if value else ""


class MonthDateField(forms.DateField):
    """A form field accepting month- or day-precision dates in the usual Chinese notations."""

    default_error_messages = {
        "invalid": _("日期格式不正确，请填写如 1990.05、199005 或 1990-05-12。"),
    }

    def __init__(self, *, with_day: bool = False, **kwargs):
        self.with_day = with_day
        kwargs.setdefault(
            "help_text", _("如 1990.05 或 1990-05-12") if with_day else _("如 1990.05 或 199005")
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        try:
            parsed, _has_day = parse(str(value))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if parsed.year < 1900 or parsed > date.today().replace(day=28).replace(
            year=date.today().year + 10
        ):
            raise ValidationError(_("日期超出合理范围。"), code="out_of_range")
        return parsed

    def prepare_value(self, value):
        if isinstance(value, date):
            return value.strftime("%Y-%m-%d") if self.with_day else format_month(value)
        return value
