"""The stage hour gate: selection asks, cultivation answers (registered from apps.ready()).

A stage with `min_credit_hours` lets a candidate advance only when their credited hours in the
stage's program (every session of the program, whenever held, make-ups included) reach it.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from qingmiao.selection.models import Application

from .selectors.attendance import hours_by_cadre


def hours_check(stage, application_ids: list[int]) -> dict[int, str]:
    need = stage.min_credit_hours
    if need is None:
        return {}
    cadre_of = dict(
        Application.objects.filter(pk__in=application_ids).values_list("pk", "cadre_id")
    )
    done = hours_by_cadre(cadre_of.values(), program=stage.program_id)
    out = {}
    for app_id, cadre_id in cadre_of.items():
        have = done.get(cadre_id, Decimal("0"))
        if have < need:
            out[app_id] = _("已修 %(done)s 学时，须达 %(need)s 学时，差 %(short)s 学时") % {
                "done": _plain(have),
                "short": _plain(need - have),
                "need": _plain(need),
            }
    return out


def _plain(value: Decimal) -> str:
    """86.0 → 86, 86.5 → 86.5."""
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:.1f}"
