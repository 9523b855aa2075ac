"""Scoped reads for selection pages and the API."""

from django.contrib.auth import get_user_model
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from qingmiao.accounts import scoping
from qingmiao.accounts.roles import Role

from .models import (
    Application,
    Program,
    ProgramStatus,
    RaterAssignment,
    RaterConflict,
    ScoreSheet,
    Stage,
    StageEntry,
)


def program_queryset(user) -> QuerySet[Program]:
    return (
        scoping.visible(user, Program)
        .select_related("organizer")
        .annotate(application_count=Count("applications", distinct=True))
    )


def program_get(user, pk) -> Program:
    return scoping.get_visible_or_404(
        user, Program.objects.select_related("organizer", "rule"), pk=pk
    )


def program_get_public(user, public_id) -> Program:
    """The shareable page: any published program the user may read programs of."""
    qs = scoping.visible(user, Program).exclude(status=ProgramStatus.DRAFT)
    return scoping.get_visible_or_404(
        user, qs.select_related("organizer", "rule"), public_id=public_id
    )


def open_programs(user) -> QuerySet[Program]:
    """报名项目: published programs taking applications (closing soonest first), then those
    under way, with what a card and the eligibility badge read in a fixed number of queries."""
    return (
        scoping.visible(user, Program)
        .filter(status__in=[ProgramStatus.REGISTRATION_OPEN, ProgramStatus.RUNNING])
        .select_related("organizer", "rule")
        .prefetch_related(
            "tracks",
            "rule__political_statuses",
            "rule__units",
            "rule__ranks",
            "rule__required_tags",
        )
        .order_by("status", "registration_closes", "-id")
    )


def managed_programs(user) -> QuerySet[Program]:
    """Programs the user may manage: organized inside their unit subtree."""
    if not user.has_perm("selection.manage_program"):
        return Program.objects.none()
    subtree = scoping.unit_subtree_filter(user, "organizer")
    return Program.objects.none() if subtree is None else Program.objects.filter(subtree)


def overseen_programs(user) -> QuerySet[Program]:
    """Programs organized inside the user's unit subtree, for the organizer side (org admin,
    leader): the pages that show every candidate of a program (stages, ranking, the cut, the
    funnel) are theirs alone, even for a published program that others may read."""
    if user.role not in (Role.ORG_ADMIN, Role.LEADER):
        return Program.objects.none()
    subtree = scoping.unit_subtree_filter(user, "organizer")
    return Program.objects.none() if subtree is None else Program.objects.filter(subtree)


def managed_program_get(user, pk) -> Program:
    """A program the user may change, or 404."""
    qs = managed_programs(user).select_related("organizer", "rule")
    return scoping.get_visible_or_404(user, qs, pk=pk)


def overseen_program_get(user, pk) -> Program:
    qs = overseen_programs(user).select_related("organizer", "rule")
    return scoping.get_visible_or_404(user, qs, pk=pk)


def overseen_stage_get(user, pk, *, manage: bool = False) -> Stage:
    """A stage of a program the user oversees (or, with `manage`, manages), or 404."""
    programs = managed_programs(user) if manage else overseen_programs(user)
    qs = Stage.objects.filter(program__in=programs).select_related("program__organizer")
    return scoping.get_visible_or_404(user, qs, pk=pk)


def _count_of(model, link: str, **filters) -> Coalesce:
    """A correlated COUNT(*) of `model` rows whose `link` is the outer row (no join fan-out)."""
    rows = (
        model.objects.filter(**{link: OuterRef("pk")}, **filters)
        .order_by()
        .values(link)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def program_stages(program: Program) -> QuerySet[Stage]:
    """The program's stages in order, each with its candidates, assignments and submitted
    sheets counted."""
    return (
        program.stages.order_by("order")
        .prefetch_related("dimensions")
        .annotate(
            entry_count=_count_of(StageEntry, "stage"),
            advanced_count=_count_of(StageEntry, "stage", result=StageEntry.Result.ADVANCED),
            assignment_count=_count_of(RaterAssignment, "stage"),
            submitted_count=_count_of(
                ScoreSheet, "assignment__stage", status=ScoreSheet.Status.SUBMITTED
            ),
        )
    )


def stage_entries(stage: Stage) -> QuerySet[StageEntry]:
    """A stage's candidates by code, each with its assigned raters and submitted sheets."""
    return (
        stage.entries.select_related(
            "application__cadre__unit", "application__cadre__gender", "application__track"
        )
        .annotate(
            assignment_count=_count_of(RaterAssignment, "entry"),
            submitted_count=_count_of(
                ScoreSheet, "assignment__entry", status=ScoreSheet.Status.SUBMITTED
            ),
        )
        .order_by("code")
    )


def stage_assignments(stage: Stage) -> QuerySet[RaterAssignment]:
    return stage.assignments.select_related("rater", "entry__application__cadre", "sheet").order_by(
        "entry__code", "rater__username"
    )


def stage_conflicts(user, stage: Stage) -> list[tuple[RaterConflict, str]]:
    """Declared relations touching the stage's candidates, each with the candidate's code."""
    code_of = dict(stage.entries.values_list("application__cadre_id", "code"))
    conflicts = (
        scoping.visible(user, RaterConflict)
        .filter(cadre_id__in=list(code_of))
        .select_related("rater", "cadre__unit")
        .order_by("-created_at", "-id")
    )
    return [(c, code_of[c.cadre_id]) for c in conflicts]


def rater_candidates(user, roles) -> QuerySet:
    """Active accounts holding one of `roles` that the user may ask to score: outside raters
    (who belong to no unit) and people of the user's own unit subtree."""
    users = get_user_model().objects.filter(role__in=list(roles), is_active=True)
    subtree = scoping.unit_subtree_filter(user, "org_unit")
    inside = Q(org_unit__isnull=True)
    if subtree is not None:
        inside |= subtree
    return users.filter(inside).select_related("org_unit").order_by("role", "username")


def application_queryset(user) -> QuerySet[Application]:
    return scoping.visible(user, Application).select_related(
        "program", "track", "cadre__unit", "cadre__gender", "cadre__fulltime_education",
        "cadre__fulltime_degree", "cadre__political_status", "current_stage",
    )  # fmt: skip


def own_applications(user) -> QuerySet[Application]:
    return application_queryset(user).filter(cadre__user=user).order_by("-created_at")


def stage_queryset(user) -> QuerySet[Stage]:
    return scoping.visible(user, Stage).select_related("program")


def entry_queryset(user) -> QuerySet[StageEntry]:
    return scoping.visible(user, StageEntry).select_related("stage", "application__cadre__unit")


def rater_assignments(user) -> QuerySet[RaterAssignment]:
    """What a rater is asked to score, with their sheet if started."""
    return (
        scoping.visible(user, RaterAssignment)
        .filter(rater=user)
        .select_related(
            "stage__program",
            "entry__application__cadre__unit",
            "entry__application__track",
            "sheet",
        )
        .order_by("stage__scoring_closes", "stage_id", "entry__code")
    )


def sheet_queryset(user) -> QuerySet[ScoreSheet]:
    return scoping.visible(user, ScoreSheet).select_related(
        "assignment__stage", "assignment__entry"
    )


# --- funnel -------------------------------------------------------------------------------
# Pages and the API read the funnel here; it lives in its own module with its cache.

from .selectors_funnel import funnel as funnel  # noqa: E402


def program_counts(program: Program, applications: QuerySet[Application] | None = None) -> dict:
    """Applications by status; pass `applications` (already scoped) to count only those."""
    if applications is None:
        applications = Application.objects.all()
    apps = applications.filter(program=program).order_by()
    return apps.aggregate(
        applied=Count("pk"),
        withdrawn=Count("pk", filter=Q(status=Application.Status.WITHDRAWN)),
        pending=Count("pk", filter=Q(status=Application.Status.SUBMITTED)),
        eligible=Count("pk", filter=Q(status=Application.Status.ELIGIBLE)),
        ineligible=Count("pk", filter=Q(status=Application.Status.INELIGIBLE)),
    )
