"""What care (关心关爱) adds to a cadre's growth record: each care action opened and each
follow-up done — only for users holding `supervision.view_care` (everyone else gets nothing,
so the record does not reveal that care exists), and the reading is audited as a view.
(Registered on import; see timeline.py.)"""

from django.urls import reverse
from django.utils.translation import gettext as _

from .selectors import care as selectors
from .services import care as services
from .timeline import Event, register


@register("care")
def care_events(user, cadre, *, kinds=None, year=None) -> list[Event]:
    if not user.has_perm("supervision.view_care") or (kinds is not None and "care" not in kinds):
        return []
    cases = selectors.cadre_cases_with_follow_ups(user, cadre)
    events = []
    for case in cases:
        link = reverse("supervision:care_detail", args=[case.pk])
        if year is None or case.opened_on.year == year:
            events.append(
                Event(
                    day=case.opened_on,
                    kind="care",
                    title=_("关爱措施：%(kind)s") % {"kind": case.get_kind_display()},
                    detail=case.summary,
                    link=link,
                )
            )
        for f in case.follow_ups.all():
            if f.done_on and (year is None or f.done_on.year == year):
                events.append(
                    Event(
                        day=f.done_on,
                        kind="care",
                        title=_("关爱跟进：%(outcome)s") % {"outcome": f.get_outcome_display()},
                        detail=f.plan,
                        link=link,
                    )
                )
    services.care_viewed(actor=user, cases=cases, channel="timeline")
    return sorted(events, key=lambda e: e.day)
