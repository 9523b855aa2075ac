"""Panels the chain apps add to a cadre's record page.

The cadre register imports no chain app, yet an official reading a record expects to see what
the chain knows of the person there: the portrait (管), the growth record's link, care flags.
Each app registers a panel in its `ready()`; the record page asks every panel for its context
and shows those that answer. A panel reads through its own app's scoped selectors and returns
None when there is nothing to show or the user may not see it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Panel:
    key: str  # the tab's anchor, unique
    title: str | Promise  # the tab's name, translatable
    template: str  # rendered with `ctx`: what the function returned, plus `cadre`
    context: Callable  # (user, cadre) -> dict | None
    order: int = 100


PANELS: dict[str, Panel] = {}


def register(panel: Panel) -> Panel:
    PANELS[panel.key] = panel
    return panel


def for_cadre(user, cadre) -> list[tuple[Panel, dict]]:
    """The panels this user sees on this record, in order, each with its context."""
    shown = []
    for panel in sorted(PANELS.values(), key=lambda p: (p.order, p.key)):
        context = panel.context(user, cadre)
        if context is not None:
            shown.append((panel, {**context, "cadre": cadre}))
    return shown
