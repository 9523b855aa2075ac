"""Scoped reads for selection pages and the API."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from qingmiao.accounts import scoping
from qingmiao.accounts.roles import Role

from .models import (
    AdvancementDecision,
    Application,
    Dimension,
    Program,
    ProgramKind,
    ProgramStatus,
    RaterAssignment,
    RaterConflict,
    ScoreSheet,
    Stage,
    StageEntry,
    Track,
)

# The people look-up lives in its own module; pages and the API reach it through here too.
from .people import ASSIGNABLE_ROLES, assignable_people, rater_candidates  # noqa: F401


def program_queryset(user) -> QuerySet[Program]:
    return (
        scoping.visible(user, Program)
        .select_related("organizer")
        .annotate(application_count=Count("applications", distinct=True))
    )


def program_list(user, *, status: str = "", kind: str = "", text: str = "") -> QuerySet[Program]:
    """The program list page: visible programs, newest first, narrowed by status, kind and a
    piece of the name (unknown values narrow nothing)."""
    programs = program_queryset(user)
    if status in ProgramStatus.values:
        programs = programs.filter(status=status)
    if kind in ProgramKind.values:
        programs = programs.filter(kind=kind)
    if text:
        programs = programs.filter(name__contains=text)
    return programs.order_by("-created_at", "-id")


def program_get(user, pk) -> Program:
    return scoping.get_visible_or_404(
        user, Program.objects.select_related("organizer", "rule"), pk=pk
    )


def program_detail_get(user, pk) -> Program:
    """A program as the list shows it (with its application count and tracks), or 404."""
    qs = program_queryset(user).prefetch_related("tracks")
    return scoping.get_visible_or_404(user, qs, pk=pk)


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


def stage_list(user) -> QuerySet[Stage]:
    """Stages the user may read (a rater: the stages they score), with their dimensions."""
    return (
        stage_queryset(user)
        .prefetch_related(Prefetch("dimensions", queryset=stage_dimensions(user)))
        .order_by("program_id", "order")
    )


def stage_get(user, pk) -> Stage:
    return scoping.get_visible_or_404(user, stage_list(user), pk=pk)


def stage_dimensions(user, stage=None) -> QuerySet[Dimension]:
    """Scoring dimensions in their order; of one stage when given."""
    dims = scoping.visible(user, Dimension).order_by("sort", "id")
    return dims if stage is None else dims.filter(stage=stage)


def managed_stage_get(user, pk) -> Stage:
    return overseen_stage_get(user, pk, manage=True)


def stage_entry_get(user, stage: Stage, pk) -> StageEntry:
    """One candidate of a stage the user oversees, or 404."""
    return scoping.get_visible_or_404(user, stage_entries(stage), pk=pk)


def application_get(user, pk) -> Application:
    qs = application_queryset(user).select_related(
        "recommended_by", "screened_by", "program__organizer"
    )
    return scoping.get_visible_or_404(user, qs, pk=pk)


def application_history(user, application: Application) -> list[StageEntry]:
    """The stages an application entered, in order, each with its decided result (rank,
    score, whether the rule's result was changed and why) when the stage is decided."""
    from .models import AdvancementResult

    entries = list(
        scoping.visible(user, StageEntry)
        .filter(application=application)
        .select_related("stage")
        .annotate(
            assignment_count=_count_of(RaterAssignment, "entry"),
            submitted_count=_count_of(
                ScoreSheet, "assignment__entry", status=ScoreSheet.Status.SUBMITTED
            ),
        )
        .order_by("stage__order")
    )
    decided = {
        r.entry_id: r for r in AdvancementResult.objects.filter(entry__in=[e.pk for e in entries])
    }
    for entry in entries:
        entry.decided = decided.get(entry.pk)
    return entries


def assignment_get(user, pk) -> RaterAssignment:
    """One of the rater's own scoring tasks, or 404 for anyone else."""
    return scoping.get_visible_or_404(user, rater_assignments(user), pk=pk)


def managed_sheet_get(user, pk) -> ScoreSheet:
    """A score sheet of a program the user manages (to reopen it), or 404."""
    qs = sheet_queryset(user).filter(assignment__stage__program__in=managed_programs(user))
    return scoping.get_visible_or_404(user, qs, pk=pk)


def entry_sheets(user, entry: StageEntry) -> QuerySet[ScoreSheet]:
    """A candidate's started sheets with their raters and scores, by rater."""
    return (
        sheet_queryset(user)
        .filter(assignment__entry=entry)
        .select_related("assignment__rater")
        .prefetch_related("scores")
        .order_by("assignment__rater__username")
    )


def entry_unstarted(stage: Stage, entry: StageEntry) -> QuerySet[RaterAssignment]:
    """A candidate's assignments whose rater has not opened a sheet yet."""
    return stage_assignments(stage).filter(entry=entry, sheet__isnull=True)


def stage_decision(user, stage: Stage):
    """The stage's advancement decision with who made it, or None while undecided."""
    return (
        scoping.visible(user, AdvancementDecision)
        .filter(stage=stage)
        .select_related("decided_by")
        .first()
    )


def program_applications(user, program: Program) -> QuerySet[Application]:
    """The program's applications the user may see."""
    return application_queryset(user).filter(program=program)


def program_status_counts(user) -> dict[str, int]:
    """Visible programs counted by status, in SQL."""
    return dict(
        scoping.visible(user, Program)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )


def managed_among(user, programs) -> set[int]:
    """Which of these programs the user manages, in one query."""
    return set(
        managed_programs(user).filter(pk__in=[p.pk for p in programs]).values_list("pk", flat=True)
    )


def manages(user, program: Program) -> bool:
    return managed_programs(user).filter(pk=program.pk).exists()


def oversees(user, program: Program) -> bool:
    return overseen_programs(user).filter(pk=program.pk).exists()


def track_counts(applications: QuerySet[Application]) -> dict[int, int]:
    """Applications per track id, counted in SQL."""
    return dict(
        applications.order_by()
        .values_list("track")
        .annotate(n=Count("pk"))
        .values_list("track", "n")
    )


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


def application_queryset(user) -> QuerySet[Application]:
    return scoping.visible(user, Application).select_related(
        "program", "track", "cadre__unit", "cadre__gender", "cadre__fulltime_education",
        "cadre__fulltime_degree", "cadre__political_status", "current_stage",
    )  # fmt: skip


def program_tracks(user, program: Program) -> list[Track]:
    return list(scoping.visible(user, Track).filter(program=program).order_by("sort", "id"))


def application_of(user, program: Program, cadre) -> Application | None:
    """The cadre's application to the program, if the user may see it."""
    return application_queryset(user).filter(program=program, cadre=cadre).first()


def applied_cadre_ids(user, program: Program, cadres) -> set[int]:
    """Which of these cadres already applied to the program."""
    return set(
        application_queryset(user)
        .filter(program=program, cadre__in=[c.pk for c in cadres])
        .values_list("cadre_id", flat=True)
    )


def own_application(user, program: Program) -> Application | None:
    return own_applications(user).filter(program=program).first()


def own_applications_with_stages(user) -> QuerySet[Application]:
    """我的报名: the user's applications, each with the stages it entered."""
    entries = Prefetch(
        "stage_entries",
        queryset=scoping.visible(user, StageEntry).select_related("stage").order_by("stage__order"),
        to_attr="entries",
    )
    return own_applications(user).select_related("program__organizer").prefetch_related(entries)


def rater_conflicts(user) -> QuerySet[RaterConflict]:
    """The relations the rater declared, newest first."""
    return scoping.visible(user, RaterConflict).filter(rater=user).order_by("-created_at")


def stage_assignments_of_rater(user, stage) -> QuerySet[RaterAssignment]:
    return rater_assignments(user).filter(stage=stage)


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
