from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CultivationConfig(AppConfig):
    name = "qingmiao.cultivation"
    verbose_name = _("培养")

    def ready(self):
        from . import (  # noqa: F401  # noqa: F401
            notifications_practice,
            notifications_teams,
            scopes,
            sections_practice,
            sections_teams,
        )
