"""The phone pages people open for themselves — a cadre's 我的培养, a mentor's 我的学员, a host's
我的挂职人员 — are made of one section per area, so that each area adds what it has without the
page knowing every area.

An area registers its section when the app loads (from its own module, imported in
`apps.ready()`):

    personal_pages.register("cadre", 20, "cultivation/self/my_hours.html", my_hours_context)

`context(user)` returns the section's template context, or None to leave the section out (a
cadre with no mentor sees no mentor section). Sections run in `order`; each reads through the
app's selectors, so the page stays scoped.
"""

from collections.abc import Callable
from dataclasses import dataclass

PAGES = ("cadre", "mentor", "host")


@dataclass(frozen=True)
class Section:
    page: str
    order: int
    template: str
    context: Callable[[object], dict | None]


_sections: list[Section] = []


def register(page: str, order: int, template: str, context: Callable[[object], dict | None]):
    if page not in PAGES:
        raise ValueError(f"unknown personal page {page!r}")
    if any(s.page == page and s.template == template for s in _sections):
        return  # registered once, however often the module is imported
    _sections.append(Section(page, order, template, context))
    _sections.sort(key=lambda s: (s.page, s.order))


def sections(page: str, user) -> list[tuple[str, dict]]:
    """(template, context) for each section that has something for this user."""
    out = []
    for section in _sections:
        if section.page != page:
            continue
        ctx = section.context(user)
        if ctx is not None:
            out.append((section.template, ctx))
    return out
