"""The cadre record page's 测评与考核 tab: the cadre's published democratic evaluation results
and annual appraisal grades, for roles that may read them."""

from django.utils.translation import gettext_lazy as _

from qingmiao.cadres import panels

from .models import AppraisalProposal
from .selectors import appraisal as appraisal_selectors
from .selectors import evaluation as selectors


def _context(user, cadre):
    may_evaluations = user.has_perm("supervision.view_evaluations")
    may_appraisals = user.has_perm("supervision.view_appraisals")
    if not (may_evaluations or may_appraisals):
        return None
    results = [
        {"evaluation": e, "result": r, "text": selectors.headline_text(r)}
        for e, r in (selectors.cadre_results(user, cadre) if may_evaluations else [])
    ]
    grades = (
        list(appraisal_selectors.proposals(user).filter(cadre=cadre).order_by("-year"))
        if may_appraisals
        else []
    )
    if not results and not grades:
        return None
    return {"results": results, "grades": grades, "confirmed": AppraisalProposal.Status.CONFIRMED}


panels.register(
    panels.Panel(
        key="evaluation",
        title=_("测评与考核"),
        template="supervision/staff/_panel_evaluation.html",
        context=_context,
        order=40,
    )
)
