"""What the selection pages share: page sizes and the eligibility rule in lines."""

from .. import eligibility
from ..models import (
    EligibilityRule,
    Program,
)

PAGE_SIZES = (20, 50, 100)


def _page_size(request) -> int:
    return page_size_of(request.GET)


def page_size_of(params) -> int:
    try:
        size = int(params.get("page_size", PAGE_SIZES[0]))
    except ValueError:
        return PAGE_SIZES[0]
    return size if size in PAGE_SIZES else PAGE_SIZES[0]


def rule_summary(rule: EligibilityRule | None) -> list[tuple[str, str]]:
    """The rule as (what, requirement) lines; empty fields ask nothing and are left out."""
    return [(label, text) for _key, label, text in eligibility.requirements(rule)]


def _rule_of(program: Program) -> EligibilityRule | None:
    try:
        return program.rule
    except EligibilityRule.DoesNotExist:
        return None
