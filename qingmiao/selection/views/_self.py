"""What the self-service pages share: the signed-in cadre, why one cannot apply now."""

from django.utils.translation import gettext as _

from qingmiao.cadres import selectors as cadre_selectors

from .. import eligibility, selectors, wording
from ..models import (
    Application,
)

CANDIDATES_SHOWN = 20


def _own_cadre(user):
    """The signed-in cadre's own record (with what the eligibility check reads), or None."""
    if not user.has_perm("selection.apply"):
        return None
    return cadre_selectors.own_cadre(user)


def _rule(program):
    return getattr(program, "rule", None)


def _stages(user, program) -> list:
    stages = list(selectors.stage_list(user).filter(program=program))
    for stage in stages:
        stage.rule_text = wording.advancement_text(stage)
    return stages


def _tracks(user, program) -> list:
    return selectors.program_tracks(user, program)


def _self_apply_block(program, cadre, results, application, window) -> str:
    """Why the signed-in cadre cannot apply now (empty when they can)."""
    if cadre is None:
        return _("您的账户未关联干部档案，无法报名。")
    if application is not None:
        if application.status == Application.Status.WITHDRAWN:
            return _("您已撤回该项目的报名，不能再次报名。")
        return _("您已报名该项目。")
    if not window.open:
        return window.message
    if not program.allows_self_application:
        return _("该项目只接受单位推荐，如有意参加请联系本单位干部专员。")
    if not eligibility.is_eligible(results):
        failed = "、".join(r.label for r in results if not r.ok)
        return _("您不符合资格条件：%(rules)s。") % {"rules": failed}
    return ""


def _recommend_block(program, window) -> str:
    if not program.allows_recommendation:
        return _("该项目只接受干部自主报名。")
    if not window.open:
        return window.message
    return ""
