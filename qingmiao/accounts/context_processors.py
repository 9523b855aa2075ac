from .roles import Role


def shell(request):
    """What the page shell (top bar and navigation) needs about the signed-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "shell_role": Role(user.role).label if user.role else "",
        "shell_unit": user.org_unit.name if user.org_unit_id else "",
    }
