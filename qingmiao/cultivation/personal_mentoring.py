"""Mentoring's sections of the personal phone pages: the mentor's 我的学员 (my mentees with
their last log and flags, logs to confirm, follow-ups due) and the cadre's 我的培养 (my
mentors, logs awaiting my confirmation, my logs). Each returns None when it has nothing."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import personal_pages
from .selectors import mentoring as selectors

SELF = "cultivation/self/"


def mentor_mentees(user):
    pairs = selectors.my_pairs_as_mentor(user)
    if not pairs:
        return None
    return {"pairs": pairs, "quiet_count": sum(1 for p in pairs if p.is_quiet)}


def logs_to_confirm(user):
    logs = selectors.logs_awaiting(user)
    return {"logs": logs} if logs else None


def follow_ups_due(user):
    rows = selectors.follow_ups_due(user)
    return {"follow_ups": rows, "today": timezone.localdate()} if rows else None


def cadre_mentors(user):
    pairs = selectors.my_pairs_as_mentee(user)
    return {"pairs": pairs} if pairs else None


def cadre_logs(user):
    logs = selectors.my_logs(user)
    pairs = selectors.my_pairs_as_mentee(user)
    if not logs and not pairs:
        return None
    return {"logs": logs, "can_write": bool(pairs)}


personal_pages.register("mentor", 20, SELF + "section_mentoring_mentees.html", mentor_mentees)
personal_pages.register("mentor", 21, SELF + "section_mentoring_to_confirm.html", logs_to_confirm)
personal_pages.register("mentor", 22, SELF + "section_mentoring_follow_ups.html", follow_ups_due)
personal_pages.register("cadre", 20, SELF + "section_mentoring_mentors.html", cadre_mentors)
personal_pages.register("cadre", 21, SELF + "section_mentoring_to_confirm.html", logs_to_confirm)
personal_pages.register("cadre", 22, SELF + "section_mentoring_follow_ups.html", follow_ups_due)
personal_pages.register("cadre", 23, SELF + "section_mentoring_logs.html", cadre_logs)


def mentors_summary(user) -> str:
    pairs = selectors.my_pairs_as_mentee(user)
    if not pairs:
        return _("尚未配备导师")
    names = "、".join(f"{p.role.name} {p.mentor.full_name or p.mentor.username}" for p in pairs[:3])
    waiting = len(selectors.logs_awaiting(user))
    if waiting:
        return _("%(names)s；%(n)s 条帮带记录待您确认") % {"names": names, "n": waiting}
    return names


personal_pages.register_link(
    20,
    "cultivation:my_mentoring",
    gettext_lazy("我的导师"),
    "cultivation.write_mentoring_log",
    mentors_summary,
    icon="bi-person-hearts",
)
