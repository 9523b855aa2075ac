from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CultivationConfig(AppConfig):
    name = "qingmiao.cultivation"
    verbose_name = _("培养")

    def ready(self):
        # Scope rules, notification kinds and phone-page sections register on import.
        from . import (  # noqa: F401
            notifications_plans,
            notifications_results,
            scopes,
            sections_plans,
            sections_results,
        # Register the scope rules, the notification kinds and the personal pages' sections.
            notifications_mentoring,
            personal_mentoring,
        from . import (  # noqa: F401  # noqa: F401
            notifications_practice,
            notifications_teams,
            sections_practice,
            sections_teams,
        )
        from qingmiao.selection import preconditions

        from . import (  # noqa: F401  (register the scope rules)
            gate,
            notifications_attendance,
            sections_attendance,

        preconditions.register(gate.hours_check)
