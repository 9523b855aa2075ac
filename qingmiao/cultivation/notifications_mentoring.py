"""What mentoring tells people: pairs confirmed, a log waiting for the other side's
confirmation, and the daily reminder of pairs gone quiet and follow-ups overdue.

Robots post to group chats, so their text gives a program's numbers, never a person's name.
"""

from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qingmiao.core.models.notifications import Channel
from qingmiao.core.notifications import EventKind, notify, register

PAIRS_CONFIRMED = "cultivation.pairs.confirmed"
LOG_TO_CONFIRM = "cultivation.log.to_confirm"
PAIRS_QUIET = "cultivation.pairs.quiet"
PAIRS_QUIET_STAFF = "cultivation.pairs.quiet_staff"

_INBOX_AND_EMAIL = frozenset({Channel.INBOX, Channel.EMAIL})


def _confirmed(c):
    if c.get("mentor"):
        return (
            _("“%(program)s”的导师结对已确定：您新带 %(count)s 名学员，请在“我的学员”中查看。") % c
        )
    return _("“%(program)s”已为您确定导师：%(mentors)s。") % c


def _quiet(c):
    if c["quiet"] and c["overdue"]:
        return (
            _(
                "您有 %(quiet)s 个结对已超过 %(weeks)s 周没有经确认的帮带记录，"
                "%(overdue)s 项跟进事项已逾期，请及时开展帮带。"
            )
            % c
        )
    if c["quiet"]:
        return (
            _("您有 %(quiet)s 个结对已超过 %(weeks)s 周没有经确认的帮带记录，请及时开展帮带。") % c
        )
    return _("您有 %(overdue)s 项帮带跟进事项已逾期，请及时跟进。") % c


register(
    EventKind(
        code=PAIRS_CONFIRMED,
        name=_("导师结对确定"),
        render=_confirmed,
        render_group=lambda c: _("“%(program)s”已确定 %(pairs)s 个导师结对。") % c,
        default_channels=_INBOX_AND_EMAIL,
    )
)
register(
    EventKind(
        code=LOG_TO_CONFIRM,
        name=_("帮带记录待确认"),
        render=lambda c: _("%(writer)s 记录了 %(date)s 的帮带“%(topic)s”，请确认。") % c,
    )
)
register(
    EventKind(
        code=PAIRS_QUIET,
        name=_("帮带提醒"),
        render=_quiet,
        default_channels=_INBOX_AND_EMAIL,
    )
)
register(
    EventKind(
        code=PAIRS_QUIET_STAFF,
        name=_("导师结对长期未帮带（工作人员）"),
        render=lambda c: (
            _("“%(program)s”有 %(quiet)s 个导师结对已超过 %(weeks)s 周没有经确认的帮带记录。") % c
        ),
        render_group=lambda c: (
            _("“%(program)s”有 %(quiet)s 个导师结对已超过 %(weeks)s 周没有经确认的帮带记录。") % c
        ),
    )
)


def pairs_confirmed(*, program, pairs) -> None:
    """Mentors hear how many mentees they gained; mentees, who their mentors are. Mentors with
    the same count share one rendered text."""
    by_count = defaultdict(list)
    per_mentor: dict = defaultdict(int)
    mentors = {}
    mentor_names = defaultdict(list)
    for p in pairs:
        per_mentor[p.mentor_id] += 1
        mentors[p.mentor_id] = p.mentor
        if p.mentee.user_id:
            mentor_names[p.mentee.user].append(
                f"{p.role.name} {p.mentor.full_name or p.mentor.username}"
            )
    for mentor_id, count in per_mentor.items():
        by_count[count].append(mentors[mentor_id])
    mentees_link = reverse("cultivation:my_mentees")
    for i, (count, users) in enumerate(sorted(by_count.items())):
        notify(
            event=PAIRS_CONFIRMED,
            recipients=users,
            context={"program": program.name, "mentor": True, "count": count, "pairs": len(pairs)},
            obj=program,
            link=mentees_link,
            robots=i == 0,
        )
    by_text = defaultdict(list)
    for user, names in mentor_names.items():
        by_text["、".join(sorted(names))].append(user)
    for text, users in by_text.items():
        notify(
            event=PAIRS_CONFIRMED,
            recipients=users,
            context={"program": program.name, "mentors": text, "pairs": len(pairs)},
            obj=program,
            link=reverse("cultivation:my_mentoring"),
            robots=False,
        )


def log_to_confirm(*, log, recipient, writer_name: str, link: str) -> None:
    notify(
        event=LOG_TO_CONFIRM,
        recipients=[recipient],
        context={"writer": writer_name, "date": log.date.isoformat(), "topic": log.topic},
        obj=log,
        link=link,
    )


def quiet_reminders(*, mentors: dict, staff: list) -> None:
    """`mentors`: user → (quiet, overdue, weeks); `staff`: (users, program, quiet, weeks)."""
    link = reverse("cultivation:my_mentees")
    by_text = defaultdict(list)
    for user, (quiet, overdue, weeks) in mentors.items():
        by_text[(quiet, overdue, weeks)].append(user)
    for (quiet, overdue, weeks), users in by_text.items():
        notify(
            event=PAIRS_QUIET,
            recipients=users,
            context={"quiet": quiet, "overdue": overdue, "weeks": weeks},
            link=link,
        )
    for users, program, quiet, weeks in staff:
        notify(
            event=PAIRS_QUIET_STAFF,
            recipients=users,
            context={"program": program.name, "quiet": quiet, "weeks": weeks},
            obj=program,
            link=reverse("cultivation:pair_list") + f"?program={program.pk}&quiet=1",
        )
