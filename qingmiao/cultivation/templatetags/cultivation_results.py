"""Template filters of the results and plans pages."""

from decimal import Decimal

from django import template

from .. import phases

register = template.Library()

_OUTCOME_BADGES = {
    "adopted": "text-bg-success",
    "converted": "text-bg-primary",
    "planned": "text-bg-info",
}
_STAGE_BADGES = {
    "contact": "text-bg-light border",
    "negotiating": "text-bg-warning",
    "signed": "text-bg-primary",
    "settled": "text-bg-success",
}


@register.filter
def wan(value) -> str:
    """An amount in 万元 as written in reports: 24,000.00."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value):,.2f}"


@register.filter
def outcome_badge(kind: str) -> str:
    return _OUTCOME_BADGES.get(kind, "text-bg-secondary")


@register.filter
def stage_badge(stage: str) -> str:
    return _STAGE_BADGES.get(stage, "text-bg-secondary")


@register.filter
def phase_label(phase: str) -> str:
    return str(phases.LABELS.get(phase, ""))


@register.filter
def rate(value) -> str:
    """A rate already in percent (Decimal or None) → '33.3%' or '—'."""
    return "—" if value is None else f"{value}%"


@register.filter
def lookup_phase(counts: dict, phase: str):
    return counts.get(phase, 0)
