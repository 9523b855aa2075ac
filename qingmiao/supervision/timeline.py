"""The growth record's sources (成长纪实档案).

A cadre's timeline is assembled from everything the system knows. Each app or area that knows
something registers a source: a function `(user, cadre, *, kinds=None, year=None) -> list[Event]`
reading through its own scoped selectors. The growth record calls every source and merges the
events by date; it never reads another app's tables itself.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

# The kinds of event a growth record shows, in the order its filter lists them.
KINDS = {
    "selection": _("选拔"),
    "training": _("教育培训"),
    "mentoring": _("导师帮带"),
    "practice": _("实践锻炼"),
    "results": _("工作成果"),
    "assessment": _("考察考核"),
    "evaluation": _("民主测评"),
    "appraisal": _("年度考核"),
    "fitness": _("适岗分析"),
    "care": _("关心关爱"),
    "placement": _("储备与任用"),
}

SOURCES: dict[str, Callable] = {}


@dataclass(frozen=True)
class Event:
    """One line of the timeline: when, what kind, a sentence, and where to read more."""

    day: date
    kind: str  # a key of KINDS
    title: str
    detail: str = ""
    link: str = ""
    figures: dict = field(default_factory=dict)


def register(key: str):
    """Register a source under `key` (one per area); returns the function unchanged."""

    def decorator(func: Callable) -> Callable:
        SOURCES[key] = func
        return func

    return decorator
