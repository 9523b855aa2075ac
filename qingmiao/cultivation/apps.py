from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CultivationConfig(AppConfig):
    name = "qingmiao.cultivation"
    verbose_name = _("培养")

    def ready(self):
        from qingmiao.selection import preconditions

        from . import (  # noqa: F401  (register the scope rules)
            gate,
            notifications_attendance,
            scopes,
            sections_attendance,
        )

        preconditions.register(gate.hours_check)
