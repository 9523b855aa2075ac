"""What 管 · assessment schemes, monthly rounds (月度考察) and their scoring,
the performance list (实绩清单), the cadre portrait (干部画像) adds to a
cadre's growth record (registered on import; see timeline.py): each closed round's total and
rank, on the last day of its month, as kind "assessment".
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from qingmiao.accounts import scoping

from .evidence_rounds import month_range
from .models import Round, RoundMember
from .timeline import Event, register


@register("rounds")
def assessment_events(user, cadre, *, kinds=None, year=None) -> list[Event]:
    if kinds is not None and "assessment" not in kinds:
        return []
    rows = (
        scoping.visible(user, RoundMember)
        .filter(cadre=cadre, round__status=Round.Status.CLOSED)
        .select_related("round")
        .order_by("round__month", "pk")
    )
    if year is not None:
        rows = rows.filter(round__month__year=int(year))
    events = []
    for m in rows:
        if m.total is None:
            detail = _("本月未参加考察。")
        else:
            detail = _("综合得分 %(total)s，第 %(rank)s 名，累计得分 %(cumulative)s") % {
                "total": m.total,
                "rank": m.rank,
                "cumulative": m.cumulative,
            }
        events.append(
            Event(
                day=month_range(m.round.month)[1],
                kind="assessment",
                title=m.round.title,
                detail=detail,
                link=reverse("supervision:member_detail", args=[m.pk]),
                figures={"total": m.total, "rank": m.rank, "cumulative": m.cumulative},
            )
        )
    return events
