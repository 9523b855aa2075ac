from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CultivationConfig(AppConfig):
    name = "qingmiao.cultivation"
    verbose_name = _("培养")

    def ready(self):
        from . import scopes  # noqa: F401  (register the scope rules)
        from . import notifications_practice, notifications_teams  # noqa: F401
        from . import sections_practice, sections_teams  # noqa: F401
