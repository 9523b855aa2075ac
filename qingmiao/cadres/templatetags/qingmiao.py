"""Display helpers: dates and names the way Chinese offices write them."""

from datetime import datetime

from django import template
from django.http import QueryDict
from django.utils.html import format_html

from ..idcard import mask
from ..monthdate import format_month

register = template.Library()


# One format per context, and only these four filters show a date in a template:
#   |month        1990.05                record dates kept to the month (birth, work start…)
#   |list_date    2026.11.22             a day in a table or list
#   |cn_date      2026年11月22日          a day in a sentence or on a record's page
#   |cn_datetime  2026年11月22日 14:05    a moment (submitted, decided, opens, closes)


def _day(value):
    """The calendar day of a date or datetime (a datetime already in local time)."""
    return value.date() if isinstance(value, datetime) else value


@register.filter
def month(value):
    """1990-05-01 → 1990.05 (the usual form in cadre records)."""
    return format_month(_day(value)) if value else ""


@register.filter(expects_localtime=True)
def list_date(value):
    """2026-11-22 → 2026.11.22."""
    return _day(value).strftime("%Y.%m.%d") if value else ""


@register.filter(expects_localtime=True)
def cn_date(value):
    """2026-11-22 → 2026年11月22日."""
    if not value:
        return ""
    day = _day(value)
    return f"{day.year}年{day.month}月{day.day}日"


@register.filter(expects_localtime=True)
def cn_datetime(value):
    """A moment, in local time: 2026年11月22日 14:05."""
    if not value:
        return ""
    if not isinstance(value, datetime):
        return cn_date(value)
    return f"{cn_date(value)} {value:%H:%M}"


@register.filter
def as_list(choices):
    """Choices read in one query: `{% for %}` over a model choice field would ask for their
    COUNT first and then read them."""
    return list(choices)


@register.filter
def unit_indent(unit):
    return "\u3000" * max(unit.depth - 1, 0) + unit.name


@register.filter
def masked(value):
    return mask(value)


@register.simple_tag
def query_replace(query: str, **changes) -> str:
    params = QueryDict(query, mutable=True)
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


@register.simple_tag
def sort_link(label, field: str, current: str, query: str):
    """A column header that sorts by `field`, toggling direction, marking the active one."""
    params = QueryDict(query, mutable=True)
    if current == field:
        target, arrow = f"-{field}", " ↑"
    elif current == f"-{field}":
        target, arrow = field, " ↓"
    else:
        target, arrow = field, ""
    params["sort"] = target
    params.pop("page", None)
    return format_html('<a href="?{}" class="qm-sort">{}{}</a>', params.urlencode(), label, arrow)


@register.filter
def plain_number(value):
    """85.00 → 85, 1.50 → 1.5: a decimal as a person would write it."""
    if value is None or value == "":
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
