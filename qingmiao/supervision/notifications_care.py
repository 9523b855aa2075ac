"""Kinds of notification of 管 · care (关心关爱): a care action assigned to its owner, and the
daily reminder of follow-ups gone past their due date (registered on import).

Care is sensitive: the texts name no cadre and no circumstance, only counts and the kind of
action, and nothing goes to group robots.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qingmiao.core.models.notifications import Channel
from qingmiao.core.notifications import EventKind, notify, register

CASE_ASSIGNED = "supervision.care.assigned"
FOLLOW_UP_OVERDUE = "supervision.care.overdue"

register(
    EventKind(
        code=CASE_ASSIGNED,
        name=_("关爱措施分派"),
        render=lambda c: _("您被确定为一项关爱措施（%(kind)s）的责任人，请按期跟进。") % c,
    )
)
register(
    EventKind(
        code=FOLLOW_UP_OVERDUE,
        name=_("关爱跟进逾期提醒"),
        render=lambda c: _("您负责的 %(count)s 项关爱跟进事项已超过跟进期限，请及时跟进。") % c,
        default_channels=frozenset({Channel.INBOX, Channel.EMAIL}),
    )
)


def case_assigned(*, case) -> None:
    notify(
        event=CASE_ASSIGNED,
        recipients=[case.owner],
        context={"kind": case.get_kind_display()},
        obj=case,
        link=reverse("supervision:care_detail", args=[case.pk]),
        robots=False,
    )


def overdue(*, owner, count: int) -> None:
    notify(
        event=FOLLOW_UP_OVERDUE,
        recipients=[owner],
        context={"count": count},
        link=reverse("supervision:care_ledger") + "?mine=1&overdue=1",
        robots=False,
    )
