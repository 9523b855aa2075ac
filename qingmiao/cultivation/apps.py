from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CultivationConfig(AppConfig):
    name = "qingmiao.cultivation"
    verbose_name = _("培养")

    def ready(self):
        from . import scopes  # noqa: F401  (register the scope rules)
