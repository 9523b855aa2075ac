"""Display helpers: dates and names the way Chinese offices write them."""

from django import template
from django.http import QueryDict
from django.utils.html import format_html

from ..idcard import mask
from ..monthdate import format_month

register = template.Library()


@register.filter
def month(value):
    """1990-05-01 → 1990.05 (the usual form in cadre records)."""
    return format_month(value)


@register.filter
def cn_date(value):
    """2026-11-22 → 2026年11月22日."""
    if not value:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


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
