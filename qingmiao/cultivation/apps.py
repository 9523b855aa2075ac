from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CultivationConfig(AppConfig):
    name = "qingmiao.cultivation"
    verbose_name = _("培养")

    def ready(self):
        from qingmiao.selection import preconditions

        from . import gate, scopes  # noqa: F401  (register the scope rules)
        from . import notifications_attendance  # noqa: F401  (the area's kinds of event)
        from . import sections_attendance  # noqa: F401  (the 我的培养 sections)

        preconditions.register(gate.hours_check)
