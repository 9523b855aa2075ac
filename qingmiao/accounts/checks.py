from django.core.checks import Error, Tags, register
from django.db import DatabaseError


@register(Tags.security, deploy=True)
def no_superusers_or_default_accounts(app_configs, **kwargs):
    """等保 8.1.4.2: no shared or default administrator accounts in production."""
    from .models import User

    try:
        names = list(
            User.objects.filter(is_active=True)
            .filter(is_superuser=True)
            .values_list("username", flat=True)
        ) + list(
            User.objects.filter(
                is_active=True, username__in=["admin", "root", "administrator"]
            ).values_list("username", flat=True)
        )
    except DatabaseError:
        return []
    if names:
        return [
            Error(
                f"Active superuser or default account(s): {', '.join(sorted(set(names)))}",
                hint="Deactivate them; grant roles instead (三权分立).",
                id="qingmiao.E001",
            )
        ]
    return []
