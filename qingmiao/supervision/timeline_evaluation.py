"""What 管 · democratic evaluation (民主测评) with anonymous ballot slips,
annual appraisal (年度考核) with the 优秀 quota adds to a cadre's growth
record (registered on import; see timeline.py): published evaluation results (the aggregate
only) and confirmed annual appraisal grades.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AppraisalProposal
from .selectors import appraisal as appraisal_selectors
from .selectors import evaluation as selectors
from .timeline import Event, register


@register("evaluation")
def evaluation_events(user, cadre, *, kinds=None, year=None) -> list[Event]:
    events: list[Event] = []
    if (kinds is None or "evaluation" in kinds) and user.has_perm("supervision.view_evaluations"):
        for evaluation, result in selectors.cadre_results(user, cadre, year):
            ended = evaluation.closed_at or evaluation.closes_at
            events.append(
                Event(
                    day=timezone.localdate(ended),
                    kind="evaluation",
                    title=evaluation.title,
                    detail=selectors.headline_text(result),
                    link=reverse("supervision:evaluation_detail", args=[evaluation.pk]),
                    figures={o.key: o.count for o in result.options},
                )
            )
    if (kinds is None or "appraisal" in kinds) and user.has_perm("supervision.view_appraisals"):
        confirmed = appraisal_selectors.proposals(user).filter(
            cadre=cadre, status=AppraisalProposal.Status.CONFIRMED
        )
        if year is not None:
            confirmed = confirmed.filter(year=year)
        for p in confirmed:
            events.append(
                Event(
                    day=timezone.localdate(p.confirmed_at),
                    kind="appraisal",
                    title=_("%(year)s 年度考核") % {"year": p.year},
                    detail=p.get_grade_display(),
                    link=reverse("supervision:appraisal_list") + f"?year={p.year}",
                )
            )
    return events
