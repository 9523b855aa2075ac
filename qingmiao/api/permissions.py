from rest_framework import permissions


class RoleCapability(permissions.BasePermission):
    """Allow an action when the user's role has the capability the view names for it.

    A view sets `required_perms = {"list": "cadres.view_cadre", ...}`, keyed by viewset action
    or, for a plain view, by lower-case HTTP method. A value may also be a tuple of
    capabilities, any one of which suffices (a cadre lists their own applications with
    `selection.apply`, an officer their units' with `selection.view_application`). An action
    that is not listed is refused, so a new action cannot become reachable by accident. What
    the user may *see* is decided separately, by the selectors: an object outside the scope is
    a 404, never a 403.
    """

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        if getattr(view, request.method.lower(), None) is None:
            return True  # no such operation: let the view answer 405
        required = getattr(view, "required_perms", {})
        if request.method == "OPTIONS":
            # Describing an endpoint needs the right to read it.
            perm = required.get("list") or required.get("retrieve") or required.get("get")
        else:
            method = "get" if request.method == "HEAD" else request.method.lower()
            perm = required.get(getattr(view, "action", None) or method)
        return has_any_perm(request.user, perm)


def has_any_perm(user, perm: str | tuple[str, ...] | None) -> bool:
    """Whether the user holds the capability, or one of a tuple of capabilities."""
    if perm is None:
        return False
    if isinstance(perm, str):
        return user.has_perm(perm)
    return any(user.has_perm(p) for p in perm)
