from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "qingmiao.accounts"
    verbose_name = _("账户与权限")

    def ready(self):
        from . import checks, signals  # noqa: F401  (registers handlers)
