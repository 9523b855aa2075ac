"""Scoped reads of teams, their members, invitations and tasks, and the roll-ups."""

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from qingmiao.accounts import scoping
from qingmiao.cadres.models import Cadre, OrgUnit
from qingmiao.selection.models import Application, Program

from ..models import CultivationSettings, Team, TeamInvitation, TeamMember, TeamTask

LIVE_OUTCOMES = (Application.Outcome.IN_PROGRESS, Application.Outcome.GRADUATED)
DEFAULT_MIN = CultivationSettings._meta.get_field("team_min_size").default
DEFAULT_MAX = CultivationSettings._meta.get_field("team_max_size").default


def _count(model, **filters):
    return Coalesce(
        Subquery(
            model.objects.filter(team=OuterRef("pk"), **filters)
            .values("team")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def _sized(qs: QuerySet[Team]) -> QuerySet[Team]:
    """Each team with its size, its program's limits and whether it is below the minimum."""
    limits = CultivationSettings.objects.filter(program=OuterRef("program"))
    return qs.annotate(
        size=_count(TeamMember),
        task_count=_count(TeamTask),
        tasks_done=_count(TeamTask, done_at__isnull=False),
        pending_invitations=_count(TeamInvitation, status=TeamInvitation.Status.PENDING),
        min_size=Coalesce(Subquery(limits.values("team_min_size")[:1]), Value(DEFAULT_MIN)),
        max_size=Coalesce(Subquery(limits.values("team_max_size")[:1]), Value(DEFAULT_MAX)),
    ).annotate(
        understaffed=ExpressionWrapper(Q(size__lt=F("min_size")), output_field=BooleanField()),
        full=Case(When(size__gte=F("max_size"), then=Value(True)), default=Value(False)),
    )


def team_queryset(user) -> QuerySet[Team]:
    """Every team the user may read, with members (and their units), mentors and sizes."""
    members = TeamMember.objects.select_related("cadre__unit").order_by("joined_at", "pk")
    return _sized(
        scoping.visible(user, Team)
        .select_related("program", "leader")
        .prefetch_related(Prefetch("members", queryset=members), "mentors")
    )


def team_get(user, pk) -> Team:
    """A team the user may read, or 404."""
    return scoping.get_visible_or_404(user, team_queryset(user), pk=pk)


def managed_team_get(user, pk) -> Team:
    """A team of a program organized inside the user's unit subtree, or 404."""
    qs = team_queryset(user)
    subtree = scoping.unit_subtree_filter(user, "program__organizer")
    if subtree is None:
        qs = qs.none()
    return scoping.get_visible_or_404(user, qs.filter(subtree or Q()), pk=pk)


def own_team_get(user, pk) -> Team:
    """A team the signed-in cadre belongs to, or 404."""
    mine = TeamMember.objects.filter(cadre__user=user).values("team_id")
    return scoping.get_visible_or_404(user, team_queryset(user).filter(pk__in=mine), pk=pk)


def team_tasks(team: Team) -> QuerySet[TeamTask]:
    return team.tasks.order_by("done_at", "due_date", "pk")


def team_invitations(user, team: Team) -> QuerySet[TeamInvitation]:
    return (
        scoping.visible(user, TeamInvitation)
        .filter(team=team)
        .select_related("cadre", "invited_by")
        .order_by("-created_at", "-pk")
    )


def invitation_get(user, pk) -> TeamInvitation:
    """An invitation the user may read (a cadre: sent to or by them), or 404."""
    return scoping.get_visible_or_404(
        user,
        TeamInvitation.objects.select_related("team__program", "cadre", "invited_by"),
        pk=pk,
    )


def invitation_queryset(user) -> QuerySet[TeamInvitation]:
    return (
        scoping.visible(user, TeamInvitation)
        .select_related("team__program", "cadre", "invited_by")
        .order_by("-created_at", "-pk")
    )


def task_get(user, pk) -> TeamTask:
    return scoping.get_visible_or_404(user, TeamTask.objects.select_related("team__program"), pk=pk)


def my_teams(user) -> QuerySet[Team]:
    mine = TeamMember.objects.filter(cadre__user=user).values("team_id")
    return (
        team_queryset(user)
        .filter(pk__in=mine)
        .prefetch_related(
            Prefetch("tasks", queryset=TeamTask.objects.order_by("done_at", "due_date", "pk"))
        )
    )


def my_invitations(user) -> QuerySet[TeamInvitation]:
    """Invitations waiting for the signed-in cadre's answer."""
    return invitation_queryset(user).filter(cadre__user=user, status=TeamInvitation.Status.PENDING)


def formable_programs(user) -> QuerySet[Program]:
    """The programs the signed-in cadre takes part in and has no team in yet."""
    in_team = TeamMember.objects.filter(cadre__user=user).values("program_id")
    return (
        scoping.visible(user, Program)
        .filter(applications__cadre__user=user, applications__outcome__in=LIVE_OUTCOMES)
        .exclude(pk__in=in_team)
        .distinct()
        .order_by("-start_date", "pk")
    )


def invitable(program: Program, team: Team | None = None) -> QuerySet[Cadre]:
    """The program's participants in no team of it yet (whom a member may invite). Cadres see
    names only; the participants are the program's, which the cadre already takes part in."""
    in_team = TeamMember.objects.filter(program=program).values("cadre_id")
    return (
        Cadre.objects.filter(applications__program=program, applications__outcome__in=LIVE_OUTCOMES)
        .exclude(pk__in=in_team)
        .select_related("unit")
        .order_by("name_pinyin", "pk")
    )


# --- roll-ups ---------------------------------------------------------------------------------


def teams_rollup(user, program=None, unit=None, year=None) -> dict:
    """Teams in the user's scope per program, with sizes. {"teams": n, "members": n,
    "understaffed": n, "by_program": {program_id: {"teams", "members", "understaffed",
    "sizes": {size: n}}}}. A unit keeps the teams with a member in its subtree; a year keeps
    the programs running in it."""
    qs = _sized(scoping.visible(user, Team))
    if program is not None:
        qs = qs.filter(program=program)
    if unit is not None:
        subtree = OrgUnit.objects.filter(path__startswith=unit.path).values("pk")
        qs = qs.filter(pk__in=TeamMember.objects.filter(cadre__unit__in=subtree).values("team_id"))
    if year is not None:
        qs = qs.filter(program__start_date__year__lte=year).filter(
            Q(program__end_date__isnull=True) | Q(program__end_date__year__gte=year)
        )
    by_program: dict = {}
    rows = (
        qs.order_by()
        .values("program", "size")  # type: ignore[misc]  # `size` is the annotation above
        .annotate(n=Count("pk"), under=Count("pk", filter=Q(understaffed=True)))
    )
    for row in rows:
        entry = by_program.setdefault(
            row["program"], {"teams": 0, "members": 0, "understaffed": 0, "sizes": {}}
        )
        entry["teams"] += row["n"]
        entry["members"] += row["n"] * row["size"]
        entry["understaffed"] += row["under"]
        entry["sizes"][row["size"]] = row["n"]
    return {
        "teams": sum(e["teams"] for e in by_program.values()),
        "members": sum(e["members"] for e in by_program.values()),
        "understaffed": sum(e["understaffed"] for e in by_program.values()),
        "by_program": by_program,
    }
