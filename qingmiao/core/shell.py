"""The page shell (top bar menus, navigation) rendered once and kept.

The navigation and the top bar's menus depend only on who is reading — the role (which fixes
the capabilities, the guide and the API docs link), the language — and on which navigation
entry the page belongs to. Rendering them means some 40 translated strings, 30 URL reversals
and 15 permission checks on every page, so each combination is rendered once and cached; what
belongs to the one reader or the one request (name, unit, unread count, CSRF tokens, the
language form's return path) stays outside and is rendered live.

Which entry a page belongs to is worked out once per request from its path by the table below
(the longest matching prefix wins), not by string slicing in the template for every link. An
app adds its entries with `register_nav` in its ready(); a path no entry claims belongs to its
first two segments ("/supervision/rounds/"), which keeps the cache small and still separates
an app's areas.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.template import Engine
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

# (path prefix, entry key). "/" alone is the home page only (see nav_key).
_NAV: list[tuple[str, str]] = []
_sorted: list[tuple[str, str]] | None = None


def register_nav(entries: list[tuple[str, str]]) -> None:
    global _sorted
    _NAV.extend(entries)
    _sorted = None


def nav_key(path: str) -> str:
    global _sorted
    if path == "/":
        return "home"
    if _sorted is None:
        _sorted = sorted(_NAV, key=lambda entry: len(entry[0]), reverse=True)
    for prefix, key in _sorted:
        if path.startswith(prefix):
            return key
    return "/".join(path.split("/")[:3]) + "/"


register_nav(
    [
        ("/cadres/", "cadres"),
        ("/cadres/units/", "cadres.units"),
        ("/selection/programs", "selection.programs"),
        ("/selection/stages", "selection.programs"),
        ("/selection/sheets", "selection.programs"),
        ("/selection/open", "selection.open"),
        ("/selection/p/", "selection.open"),
        ("/selection/my/", "selection.my"),
        ("/selection/scoring", "selection.scoring"),
        ("/system/users/", "system.users"),
        ("/system/units/", "system.units"),
        ("/system/codes/", "system.codes"),
        ("/system/tags/", "system.tags"),
        ("/accounts/audit/", "audit"),
        ("/help/", "help"),
    ]
)


# Shell parts, and the template each is rendered from.
PARTS = {
    "brand": "shell/brand.html",
    "help": "shell/help.html",
    "user_links": "shell/user_links.html",
    "nav": "nav.html",
}
# A new process (a deploy, a restart) renders the shell afresh: a shared cache may still hold
# the parts an older version of the templates or translations rendered.
_PROCESS = secrets.token_hex(4)
TIMEOUT = 24 * 3600


def _base_key(request) -> str:
    user = request.user
    # The capabilities follow from the role (accounts/roles.py); their set is part of the key
    # anyway, so a change to the role table is never served an old shell.
    capabilities = sorted(user.get_all_permissions())
    digest = hashlib.sha256(repr(capabilities).encode()).hexdigest()[:16]
    role = getattr(user, "role", "") or "-"  # an anonymous reader (a 404) has none
    superuser = "su" if user.is_superuser else "-"
    language = translation.get_language() or "-"
    return f"qm:shell:{_PROCESS}:{role}:{superuser}:{digest}:{language}:{request.qm_nav}"


def render_parts(context) -> dict[str, SafeString]:
    """Every shell part, read from the cache in one round trip; a part not there yet is
    rendered (with the page's context, the navigation entry as `nav`) and kept."""
    request = context.get("request")
    if request is None or not hasattr(request, "user"):  # rendered outside a signed-in page
        return {}
    request.qm_nav = nav_key(request.path)
    if settings.DEBUG:  # templates edited on a developer's machine show at once
        parts = _render(context, PARTS)
    else:
        base = _base_key(request)
        found = cache.get_many([f"{base}:{part}" for part in PARTS])
        parts = {part: found[f"{base}:{part}"] for part in PARTS if f"{base}:{part}" in found}
        missing = {part: name for part, name in PARTS.items() if part not in parts}
        if missing:
            rendered = _render(context, missing)
            cache.set_many({f"{base}:{part}": html for part, html in rendered.items()}, TIMEOUT)
            parts.update(rendered)
    # Each part is the output of our own template, escaped as it was rendered.
    return {part: mark_safe(html) for part, html in parts.items()}  # noqa: S308


def _render(context, templates: dict[str, str]) -> dict[str, str]:
    request = context["request"]
    with context.push(nav=request.qm_nav, path=request.path):
        return {
            part: str(Engine.get_default().get_template(name).render(context))
            for part, name in templates.items()
        }
