"""Kinds of notification of 管 · democratic evaluation (民主测评) with
anonymous ballot slips, annual appraisal (年度考核) with the 优秀 quota
(registered on import).

A named voter is told to draw a slip; the message carries the link to the drawing page, never
a code, so the inbox and the outgoing mail hold nothing that opens a ballot.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingmiao.cadres.templatetags.qingmiao import cn_datetime
from qingmiao.core.models.notifications import Channel
from qingmiao.core.notifications import EventKind, notify, register

SLIP_SENT = "supervision.evaluation.invited"
APPRAISAL_CONFIRMED = "supervision.appraisal.confirmed"

register(
    EventKind(
        code=SLIP_SENT,
        name=_("民主测评邀请"),
        render=lambda c: (
            _("请参加“%(evaluation)s”，截止 %(closes)s。打开链接领取您的测评票，投票不记名。") % c
        ),
        default_channels=frozenset({Channel.INBOX, Channel.EMAIL}),
    )
)
register(
    EventKind(
        code=APPRAISAL_CONFIRMED,
        name=_("年度考核等次已确认"),
        render=lambda c: _("%(unit)s %(year)s 年度考核等次已确认，共 %(count)s 人。") % c,
    )
)


def slip_sent(evaluation, users) -> None:
    notify(
        event=SLIP_SENT,
        recipients=users,
        context={
            "evaluation": evaluation.title,
            "closes": cn_datetime(timezone.localtime(evaluation.closes_at)),
        },
        obj=evaluation,
        link=reverse("supervision:slip_draw", args=[evaluation.pk]),
    )


def appraisal_confirmed(unit, year: int, count: int, recipients) -> None:
    notify(
        event=APPRAISAL_CONFIRMED,
        recipients=recipients,
        context={"unit": unit.name, "year": year, "count": count},
        link=reverse("supervision:appraisal_list") + f"?year={year}",
    )
