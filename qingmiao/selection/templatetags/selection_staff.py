"""Display helpers of the selection staff pages: status badges and signed numbers."""

from django import template

from ..ranking import shown

register = template.Library()

_BADGES = {
    # programs
    "draft": "text-bg-secondary",
    "registration_open": "text-bg-success",
    "running": "text-bg-primary",
    "finished": "text-bg-dark",
    # applications
    "submitted": "text-bg-warning",
    "withdrawn": "text-bg-light border",
    "eligible": "text-bg-success",
    "ineligible": "text-bg-danger",
    "in_progress": "text-bg-primary",
    "graduated": "text-bg-success",
    # stages and entries
    "pending": "text-bg-secondary",
    "scoring": "text-bg-primary",
    "decided": "text-bg-success",
    "advanced": "text-bg-success",
    "eliminated": "text-bg-secondary",
}


@register.filter
def badge(status: str) -> str:
    """The Bootstrap badge class for a status value."""
    return _BADGES.get(status, "text-bg-light border")


@register.filter
def signed(value, digits: int = 2) -> str:
    """+3.20 / −2.10 (a real minus sign), or an empty string."""
    if value is None:
        return ""
    # Half up, like every printed score (ranking.shown), not Python's round-half-even.
    number = shown(float(value), int(digits))
    text = f"{abs(number):.{int(digits)}f}"
    if number > 0:
        return f"+{text}"
    if number < 0:
        return f"−{text}"
    return text


@register.filter
def percent(value, digits: int = 1) -> str:
    """37.5 → "37.5%"; rounded half up like the printed scores, and the same text the charts
    show (the funnel passes it to them), so a chart and its table never disagree."""
    if value is None:
        return "—"
    return f"{shown(float(value), int(digits))}%"


def share(n, total, digits: int = 1) -> str:
    """n as a percentage of total, as `percent` prints it."""
    return percent(100 * n / total, digits) if total else "—"


@register.filter
def lookup(mapping, key):
    """mapping[key] in a template, or an empty string."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""
