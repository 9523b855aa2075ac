from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "qingmiao.supervision"
    verbose_name = _("管理监督")

    def ready(self):
        # Scope rules, notification kinds and growth-record sources register on import, one
        # module of each per area.
        from . import (  # noqa: F401
            basis_evaluation,
            basis_rounds,
            nav,
            notifications_care,
            notifications_evaluation,
            notifications_records,
            notifications_rounds,
            panels_care,
            panels_evaluation,
            panels_records,
            portrait_rounds,
            scopes,
            signals_care,
            timeline_care,
            timeline_evaluation,
            timeline_records,
            timeline_rounds,
        )
