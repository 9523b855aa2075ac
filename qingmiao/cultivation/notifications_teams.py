"""What teams tell people: the invitee hears of an invitation, the inviter of the answer."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingmiao.core.models import Notification
from qingmiao.core.notifications import EventKind, notify, register

INVITED = "cultivation.team.invited"
ANSWERED = "cultivation.team.answered"
LEADER = "cultivation.team.leader"


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
register(
    EventKind(
        code=LEADER,
        name=_("调研组组长变更"),
        render=lambda c: _("“%(team)s”的组长由%(before)s移交给%(after)s。") % c,
    )
)


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
        obj=invitation,
        link=reverse("cultivation:my_team"),
    )


def withdrawn(invitation) -> None:
    """The invitee's notice of an invitation taken back says so, no longer links to an answer,
    and no longer counts as unread (the text was written when the invitation was sent)."""
    suffix = str(_("（邀请已撤回）"))
    for notice in Notification.objects.filter(
        event=INVITED,
        object_type=invitation._meta.label_lower,
        object_id=str(invitation.pk),
    ):
        notice.text = f"{notice.text}{suffix}"[:500]
        notice.link = ""
        notice.read_at = notice.read_at or timezone.now()
        notice.save(update_fields=["text", "link", "read_at"])


def leader_changed(team, before) -> None:
    after = team.leader
    users = [c.user for c in (after, before) if c is not None and c.user is not None]
    notify(
        event=LEADER,
        recipients=users,
        context={"team": team.name, "before": before.name if before else "—", "after": after.name},
        obj=team,
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
