"""The teams area's sections of the personal phone pages: 我的培养's 我的调研组 (order 40) and
我的学员's 指导的调研组 (order 40)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import personal_pages
from .selectors import teams as selectors


def cadre_team(user) -> dict | None:
    """The cadre's teams and the invitations waiting for an answer; nothing to show, no
    section."""
    if not user.has_perm("cultivation.form_team"):
        return None
    teams = list(selectors.my_teams(user))
    invitations = list(selectors.my_invitations(user))
    can_form = selectors.formable_programs(user).exists() if not teams else False
    if not (teams or invitations or can_form):
        return None
    return {"teams": teams, "invitations": invitations, "can_form": can_form}


def mentor_teams(user) -> dict | None:
    teams = list(selectors.team_queryset(user).filter(mentors=user).order_by("program", "name"))
    return {"teams": teams} if teams else None


personal_pages.register("cadre", 40, "cultivation/self/section_teams_mine.html", cadre_team)
personal_pages.register("mentor", 40, "cultivation/self/section_teams_mentored.html", mentor_teams)


def team_summary(user) -> str:
    invitations = selectors.my_invitations(user).count()
    teams = list(selectors.my_teams(user).values_list("name", flat=True)[:3])
    if invitations:
        return _("%(n)s 个组队邀请待您答复") % {"n": invitations}
    if teams:
        return "、".join(teams)
    return _("尚未加入调研组")


personal_pages.register_link(
    40,
    "cultivation:my_team",
    gettext_lazy("我的调研组"),
    "cultivation.form_team",
    team_summary,
    icon="bi-people",
)
