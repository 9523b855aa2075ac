from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CultivationConfig(AppConfig):
    name = "qingmiao.cultivation"
    verbose_name = _("培养")

    def ready(self):
        # Register the scope rules, the notification kinds and the personal pages' sections.
        from . import (  # noqa: F401
            notifications_mentoring,
            personal_mentoring,
            scopes,
        )
