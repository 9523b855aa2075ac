from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "qingmiao.selection"
    verbose_name = _("选拔")

    def ready(self):
        from . import notifications, scopes  # noqa: F401  (register notification kinds, scope rules)
