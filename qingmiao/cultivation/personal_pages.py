"""The phone pages people open for themselves — a cadre's 我的培养, a mentor's 我的学员, a host's
我的挂职人员 — are made of one section per area, so that each area adds what it has without the
page knowing every area.

An area registers its section when the app loads (from its own module, imported in
`apps.ready()`):

    personal_pages.register("cadre", 20, "cultivation/self/my_hours.html", my_hours_context)

`context(user)` returns the section's template context, or None to leave the section out (a
cadre with no mentor sees no mentor section). Sections run in `order`; each reads through the
app's selectors, so the page stays scoped.

An area's own phone page for a cadre (我的导师, 我的实践锻炼, …) is reached from 我的培养, not from
the navigation: the area registers a link with the capability it needs and a summary line,

    personal_pages.register_link(30, "cultivation:my_practice", _("我的实践锻炼"),
                                 "cultivation.report_practice", practice_summary)

and 我的培养 lists them in `order` (`links(user)`), each with `summary(user)` beneath it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

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


@dataclass(frozen=True)
class Link:
    order: int
    url_name: str
    label: object  # a lazy translation
    icon: str
    capability: str
    summary: Callable[[object], str]


_links: list[Link] = []


def register_link(
    order: int,
    url_name: str,
    label,
    capability: str,
    summary: Callable[[object], str],
    icon: str = "bi-chevron-right",
):
    if any(link.url_name == url_name for link in _links):
        return
    _links.append(Link(order, url_name, label, icon, capability, summary))
    _links.sort(key=lambda link: link.order)


def links(user) -> list[dict]:
    """The cadre's own pages they may open, each with its summary line."""
    return [
        {
            "url": reverse(link.url_name),
            "label": link.label,
            "icon": link.icon,
            "summary": link.summary(user),
            "name": link.url_name.split(":")[-1],
        }
        for link in _links
        if user.has_perm(link.capability)
    ]
