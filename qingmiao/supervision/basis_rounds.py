"""The performance list's part of the appraisal basis: the cadre's standing in the latest
closed monthly round of the year (this month's rank and the cumulative one)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qingmiao.accounts import scoping

from . import basis
from .models import Round, RoundMember


def _lines(user, cadres, year: int) -> dict[int, str]:
    # One query for the page: each cadre's closed rounds of the year, latest month first; the
    # first row seen per cadre is their latest standing.
    rows = (
        scoping.visible(user, RoundMember)
        .filter(
            cadre__in=[c.pk for c in cadres],
            round__status=Round.Status.CLOSED,
            round__month__year=year,
            rank__isnull=False,
        )
        .order_by("cadre_id", "-round__month", "-pk")
        .values_list("cadre_id", "round__month", "rank", "cumulative_rank")
    )
    out: dict[int, str] = {}
    for cadre_id, month, rank, cumulative_rank in rows:
        if cadre_id in out:
            continue
        text = _("%(m)s月实绩清单第 %(r)s 名") % {"m": month.month, "r": rank}
        if cumulative_rank:
            text += _("，累计第 %(c)s 名") % {"c": cumulative_rank}
        out[cadre_id] = text
    return out


basis.register(basis.Provider("rounds", gettext_lazy("实绩清单"), _lines, order=10))
