from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CultivationConfig(AppConfig):
    name = "qingmiao.cultivation"
    verbose_name = _("培养")

    def ready(self):
        from qingmiao.selection import preconditions

        # Scope rules, notification kinds, navigation entries and the phone pages' sections
        # register on import.
        from . import (  # noqa: F401
            gate,
            nav,
            notifications_attendance,
            notifications_mentoring,
            notifications_plans,
            notifications_practice,
            notifications_results,
            notifications_teams,
            personal_mentoring,
            scopes,
            sections_attendance,
            sections_plans,
            sections_practice,
            sections_results,
            sections_teams,
        )

        # A stage with minimum hours lets no candidate advance short of them.
        preconditions.register(gate.hours_check)
