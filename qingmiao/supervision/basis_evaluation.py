"""The democratic evaluation's part of the appraisal basis: the cadre's published result of
the year (the latest, when there were several)."""

from django.utils.translation import gettext_lazy as _

from . import basis
from .selectors import evaluation as selectors


def _lines(user, cadres, year: int) -> dict[int, str]:
    # A page's cadres share few evaluations: each is tallied once, whatever the page length.
    out: dict[int, str] = {}
    wanted = {c.pk for c in cadres}
    found = (
        selectors.evaluations(user)
        .filter(year=year, subjects__cadre__in=wanted)
        .distinct()
        .order_by("-closes_at")
    )
    for evaluation in found[:20]:
        _t, results, _why = selectors.visible_results(evaluation)
        for subject_result in results or []:
            cadre_id = subject_result.subject.cadre_id
            if cadre_id in wanted and cadre_id not in out:
                out[cadre_id] = selectors.headline_text(subject_result.headline)
    return out


basis.register(basis.Provider("evaluation", _("民主测评"), _lines, order=20))
