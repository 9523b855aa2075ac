"""A data version: one row per kind of data (e.g. "cadres"), holding a random token that the
database gives a new value whenever a row of that kind's tables is written (see
qingmiao/core/versions.py). Figures worked out from those tables are cached under the token, so
a write makes every one of them be worked out again on its next view."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ListVersion(models.Model):
    key = models.CharField(_("数据类别"), max_length=40, primary_key=True)
    # Random rather than counted: a value never comes back, even after a database is restored
    # from a backup or a test's transaction is rolled back, so nothing cached under it can
    # belong to other data.
    token = models.BigIntegerField(_("版本"))

    class Meta:
        verbose_name = _("数据版本")
        verbose_name_plural = _("数据版本")

    def __str__(self):
        return f"{self.key}: {self.token}"
