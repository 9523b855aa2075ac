"""What the attendance area tells people: a make-up awaiting a decision (to staff who decide
them), and a make-up decided (to the cadre)."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qingmiao.core.models.notifications import Channel
from qingmiao.core.notifications import EventKind, notify, register

MAKEUP_REQUESTED = "cultivation.makeup.requested"
MAKEUP_DECIDED = "cultivation.makeup.decided"
SESSION_TOMORROW = "cultivation.session.tomorrow"


def _decided(c):
    if c["approved"]:
        return _("您的补学申请（%(session)s）已通过，计入 %(hours)s 学时。") % c
    return _("您的补学申请（%(session)s）未通过。理由：%(note)s") % c


register(
    EventKind(
        code=MAKEUP_REQUESTED,
        name=_("补学申请待审核"),
        render=lambda c: _("%(cadre)s 提交了补学申请（%(session)s），请审核。") % c,
        default_channels=frozenset({Channel.INBOX}),
    )
)
register(
    EventKind(
        code=MAKEUP_DECIDED,
        name=_("补学审核结果"),
        render=_decided,
        default_channels=frozenset({Channel.INBOX, Channel.EMAIL}),
    )
)


def makeup_requested(request) -> None:
    """To the accounts that decide make-ups and whose subtree holds the session's organizer."""
    User = get_user_model()
    organizer_path = request.session.organizer.path
    deciders = [
        u
        for u in User.objects.filter(is_active=True, org_unit__isnull=False).select_related(
            "org_unit"
        )
        if u.org_unit is not None
        and u.has_perm("cultivation.approve_makeup")
        and organizer_path.startswith(u.org_unit.path)
    ]
    notify(
        event=MAKEUP_REQUESTED,
        recipients=deciders,
        context={"cadre": request.cadre.name, "session": str(request.session)},
        obj=request,
        link=reverse("cultivation:makeup_list") + "?status=pending",
    )


def makeup_decided(request) -> None:
    user = request.cadre.user
    if user is None:
        return
    notify(
        event=MAKEUP_DECIDED,
        recipients=[user],
        context={
            "approved": request.status == "approved",
            "session": str(request.session),
            "hours": request.session.credit_hours,
            "note": request.decision_note,
        },
        obj=request,
        link=reverse("cultivation:my"),
    )


register(
    EventKind(
        code=SESSION_TOMORROW,
        name=_("明日授课提醒"),
        render=lambda c: (
            _(
                "明天（%(day)s）%(time)s有授课“%(session)s”，地点：%(place)s。请按时参加，到场后签到。"
            )
            % c
        ),
        default_channels=frozenset({Channel.INBOX}),
    )
)


def session_tomorrow(session, users, *, day: str, time: str) -> None:
    notify(
        event=SESSION_TOMORROW,
        recipients=users,
        context={
            "session": str(session),
            "day": day,
            "time": time,
            "place": session.place or str(_("见授课安排")),
        },
        obj=session,
        link=reverse("cultivation:my"),
    )
