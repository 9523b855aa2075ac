from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "qingmiao.core"
    label = "core"
    verbose_name = _("公共服务")

    def ready(self):
        from . import scopes  # noqa: F401
