"""Scoped reads of the results area: lists with their joins, one getter per resource."""

from django.db.models import Q, QuerySet

from qingmiao.accounts import scoping
from qingmiao.cadres.models import Cadre
from qingmiao.selection import selectors as selection_selectors
from qingmiao.selection.models import Application, Program

from ..models import (
    Deliverable,
    DeliverableOutcome,
    InvestmentRecord,
    ProblemSolved,
    Team,
    TeamMember,
)

_PARTICIPATING = (Application.Outcome.IN_PROGRESS, Application.Outcome.GRADUATED)


def program_get(user, pk) -> Program:
    return selection_selectors.program_get(user, pk)


def programs(user) -> QuerySet[Program]:
    return scoping.visible(user, Program).order_by("-start_date", "id")


def deliverable_queryset(user) -> QuerySet[Deliverable]:
    return (
        scoping.visible(user, Deliverable)
        .select_related("program", "team")
        .prefetch_related("authors__unit", "outcomes")
    )


def deliverable_get(user, pk) -> Deliverable:
    """A deliverable the user may read, or 404."""
    return scoping.get_visible_or_404(user, deliverable_queryset(user), pk=pk)


def outcome_file_get(user, pk) -> DeliverableOutcome:
    return scoping.get_visible_or_404(
        user, DeliverableOutcome.objects.select_related("deliverable"), pk=pk
    )


def investment_queryset(user) -> QuerySet[InvestmentRecord]:
    return (
        scoping.visible(user, InvestmentRecord)
        .select_related("program", "team")
        .prefetch_related("cadres")
    )


def investment_get(user, pk) -> InvestmentRecord:
    return scoping.get_visible_or_404(user, investment_queryset(user), pk=pk)


def problem_queryset(user) -> QuerySet[ProblemSolved]:
    return (
        scoping.visible(user, ProblemSolved)
        .select_related("program", "team")
        .prefetch_related("cadres")
    )


def problem_get(user, pk) -> ProblemSolved:
    return scoping.get_visible_or_404(user, problem_queryset(user), pk=pk)


def program_teams(user, program: Program) -> QuerySet[Team]:
    """The program's teams the user may see (to credit a result to)."""
    return scoping.visible(user, Team).filter(program=program).order_by("name", "id")


def program_participants(user, program: Program) -> QuerySet[Cadre]:
    """The program's cadres (taking part or graduated) the user may see, to credit."""
    return (
        scoping.visible(user, Cadre)
        .filter(
            pk__in=Application.objects.filter(program=program, outcome__in=_PARTICIPATING).values(
                "cadre_id"
            )
        )
        .select_related("unit")
        .order_by("name_pinyin", "id")
    )


def my_teams(user) -> QuerySet[Team]:
    """The teams the signed-in cadre belongs to."""
    return (
        scoping.visible(user, Team)
        .filter(members__cadre__user=user)
        .select_related("program")
        .prefetch_related("members__cadre")
        .order_by("-program__start_date", "id")
    )


def my_team_get(user, pk) -> Team:
    return scoping.get_visible_or_404(user, my_teams(user), pk=pk)


def my_deliverables(user) -> QuerySet[Deliverable]:
    """What the cadre wrote or their team submitted, newest first."""
    # By id: the schema generator asks with an anonymous user, who has none (and sees none).
    mine = Q(pk__in=Deliverable.objects.filter(authors__user_id=user.pk).values("pk")) | Q(
        team_id__in=TeamMember.objects.filter(cadre__user_id=user.pk).values("team_id")
    )
    return deliverable_queryset(user).filter(mine)


def my_deliverable_get(user, pk) -> Deliverable:
    return scoping.get_visible_or_404(user, my_deliverables(user), pk=pk)


def team_members(team: Team) -> QuerySet[Cadre]:
    """A team's members (the team was fetched through a scoped getter)."""
    return Cadre.objects.filter(team_memberships__team=team).order_by("name_pinyin", "pk")


def team_for_credit(user, pk) -> Team | None:
    """The team an API call names, if the user may see it; a refusal on `team` otherwise."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if pk in (None, ""):
        return None
    team = scoping.visible(user, Team).filter(pk=pk).first()
    if team is None:
        raise ValidationError({"team": _("所选调研组不存在或不在您的管理范围内。")})
    return team


def cadres_for_credit(user, ids, field: str) -> list[Cadre]:
    """The cadres an API call names, in the order given; a refusal on `field` for any the user
    may not see (an unknown id reads the same as one outside the scope)."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    ids = list(dict.fromkeys(ids or []))
    found = {c.pk: c for c in scoping.visible(user, Cadre).filter(pk__in=ids)}
    if len(found) != len(ids):
        raise ValidationError({field: _("名单中有不存在或不在您管理范围内的干部。")})
    return [found[i] for i in ids]


def rollup_arguments(user, params) -> dict:
    """program / unit / year from a query, each fetched through its scoped getter (404 out of
    scope); a year that is not a number is refused on `year`."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from qingmiao.cadres.models import OrgUnit

    out: dict = {"program": None, "unit": None, "year": None}
    if params.get("program"):
        out["program"] = program_get(user, params["program"])
    if params.get("unit"):
        out["unit"] = scoping.get_visible_or_404(user, OrgUnit, pk=params["unit"])
    if params.get("year"):
        try:
            out["year"] = int(params["year"])
        except ValueError:
            raise ValidationError({"year": _("年度须为四位数字。")}) from None
    return out
