"""What teams tell people: the invitee hears of an invitation, the inviter of the answer."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qingmiao.core.notifications import EventKind, notify, register

INVITED = "cultivation.team.invited"
ANSWERED = "cultivation.team.answered"


def _answered(c):
    if c["accepted"]:
        return _("%(cadre)s接受了您的邀请，加入“%(team)s”。") % c
    return _("%(cadre)s谢绝了加入“%(team)s”的邀请。") % c


register(
    EventKind(
        code=INVITED,
        name=_("调研组邀请"),
        render=lambda c: (
            _("%(inviter)s邀请您加入“%(program)s”的调研组“%(team)s”，请在“我的调研组”中回复。") % c
        ),
    )
)
register(EventKind(code=ANSWERED, name=_("调研组邀请的回复"), render=_answered))


def invited(invitation) -> None:
    user = invitation.cadre.user
    if user is None:
        return
    notify(
        event=INVITED,
        recipients=[user],
        context={
            "inviter": invitation.invited_by.name,
            "team": invitation.team.name,
            "program": invitation.team.program.name,
        },
        obj=invitation.team,
        link=reverse("cultivation:my_team"),
    )


def answered(invitation) -> None:
    user = invitation.invited_by.user
    if user is None:
        return
    notify(
        event=ANSWERED,
        recipients=[user],
        context={
            "cadre": invitation.cadre.name,
            "team": invitation.team.name,
            "accepted": invitation.status == invitation.Status.ACCEPTED,
        },
        obj=invitation.team,
        link=reverse("cultivation:my_team"),
    )
