"""Teams for the teams tests: cadres with accounts enrolled in one program."""

from qingmiao.accounts.roles import Role
from qingmiao.accounts.tests.factories import UserFactory
from qingmiao.cadres.tests.factories import CadreFactory

from ..models import CultivationSettings, Team, TeamMember
from .factories_practice import enrol, program_with  # noqa: F401  (one way to make programs)


def cadre_with_account(unit, username: str, name: str):
    user = UserFactory(username=username, role=Role.CADRE, org_unit=unit, full_name=name)
    return CadreFactory(unit=unit, name=name, user=user)


def sizes(program, low=3, high=3, self_formed=True) -> CultivationSettings:
    return CultivationSettings.objects.update_or_create(
        program=program,
        defaults={"team_min_size": low, "team_max_size": high, "teams_self_formed": self_formed},
    )[0]


def team_of(program, name, cadres, formation=Team.Formation.SELF, **kw) -> Team:
    team = Team.objects.create(
        program=program, name=name, leader=cadres[0] if cadres else None, formation=formation, **kw
    )
    for cadre in cadres:
        TeamMember.objects.create(team=team, program=program, cadre=cadre)
    return team
