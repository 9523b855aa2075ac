from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    name = "qingmiao.cadres"
    verbose_name = _("干部档案")

    def ready(self):
        from qingmiao.core import versions as core_versions

        from . import (
            scopes,  # noqa: F401  (registers scope rules)
            versions,
        )

        core_versions.register(versions.KEY, versions.TABLES)
