"""Kinds of notification of 管 · assessment schemes, monthly rounds (月度考察)
and their scoring, the performance list (实绩清单), the cadre portrait
(干部画像) (registered on import).

The inspection team hears of a round it is to score; a host contact hears that a round asks
for its evaluation of the cadres it hosts.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qingmiao.core.notifications import EventKind, notify, register

INSPECT = "supervision.round.inspect"
HOST_ASKED = "supervision.round.host_asked"

register(
    EventKind(
        code=INSPECT,
        name=_("安排月度考察"),
        render=lambda c: _("请对“%(round)s”的 %(count)s 名干部进行考察评分。") % c,
    )
)
register(
    EventKind(
        code=HOST_ASKED,
        name=_("请接收方评价"),
        render=lambda c: _("“%(round)s”请您对所接收的 %(count)s 名干部作出评价。") % c,
    )
)


def round_opened(round_, members) -> None:
    title = round_.title
    inspectors = list(round_.inspectors.all())
    if inspectors:
        notify(
            event=INSPECT,
            recipients=inspectors,
            context={"round": title, "count": len(members)},
            obj=round_,
            link=reverse("supervision:inspect_round", args=[round_.pk]),
        )
    if not round_.asks_host:
        return
    hosted: dict = {}
    for member in members:
        if member.assignment_id and member.assignment.host_contact_id:
            contact = member.assignment.host_contact
            hosted.setdefault(contact.pk, [contact, 0])[1] += 1
    for contact, count in hosted.values():
        notify(
            event=HOST_ASKED,
            recipients=[contact],
            context={"round": title, "count": count},
            obj=round_,
            robots=False,
            link=reverse("supervision:host_rounds"),
        )
