"""Scoped reads for selection pages and the API."""

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from qingmiao.accounts import scoping
from qingmiao.cadres.models import UnitType, generation_band

from .models import (
    Application,
    Program,
    ProgramStatus,
    RaterAssignment,
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


def managed_programs(user) -> QuerySet[Program]:
    """Programs the user may manage: organized inside their unit subtree."""
    if not user.has_perm("selection.manage_program"):
        return Program.objects.none()
    subtree = scoping.unit_subtree_filter(user, "organizer")
    return Program.objects.none() if subtree is None else Program.objects.filter(subtree)


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

STRUCTURE_FIELDS = {
    "education": "cadre__fulltime_education__form_name",
    "gender": "cadre__gender__name",
    "unit_type": "cadre__unit__unit_type",
}


def _structure(applications: QuerySet[Application]) -> dict:
    """Composition of a step: education, gender and unit type counted in SQL; the generation
    band from birth years (grouped in SQL, banded here)."""
    out = {}
    for key, path in STRUCTURE_FIELDS.items():
        rows = applications.order_by().values(path).annotate(n=Count("pk")).order_by("-n")
        out[key] = [(row[path] or "—", row["n"]) for row in rows]
    bands: dict[str, int] = {}
    years = applications.order_by().values("cadre__birth_date__year").annotate(n=Count("pk"))
    for row in years:
        band = generation_band(date(row["cadre__birth_date__year"], 1, 1))
        bands[band] = bands.get(band, 0) + row["n"]
    out["generation"] = sorted(bands.items())
    return out


def funnel(program: Program) -> list[dict]:
    """applied → eligible → each stage (entered, advanced) → finished, with the structure of
    each step. Counts run in SQL; one group of queries per step, not per applicant."""
    apps = Application.objects.filter(program=program)
    steps = [
        {"key": "applied", "label": _("报名"), "qs": apps},
        {
            "key": "eligible",
            "label": _("资格审查通过"),
            "qs": apps.filter(status=Application.Status.ELIGIBLE),
        },
    ]
    for stage in program.stages.order_by("order"):
        entered = apps.filter(stage_entries__stage=stage)
        steps.append(
            {
                "key": f"stage{stage.order}",
                "label": _("%(stage)s（参加）") % {"stage": stage.name},
                "qs": entered,
            }
        )
        if stage.status == "decided":
            steps.append(
                {
                    "key": f"stage{stage.order}_advanced",
                    "label": _("%(stage)s（晋级）") % {"stage": stage.name},
                    "qs": apps.filter(
                        stage_entries__stage=stage, stage_entries__result=StageEntry.Result.ADVANCED
                    ),
                }
            )
    unit_labels = dict(UnitType.choices)
    result = []
    for step in steps:
        structure = _structure(step["qs"])
        structure["unit_type"] = [
            (str(unit_labels.get(k, k)), n) for k, n in structure["unit_type"]
        ]
        result.append(
            {
                "key": step["key"],
                "label": step["label"],
                "count": step["qs"].count(),
                "structure": structure,
            }
        )
    return result


def program_counts(program: Program) -> dict:
    apps = Application.objects.filter(program=program)
    return apps.aggregate(
        applied=Count("pk"),
        withdrawn=Count("pk", filter=Q(status=Application.Status.WITHDRAWN)),
        pending=Count("pk", filter=Q(status=Application.Status.SUBMITTED)),
        eligible=Count("pk", filter=Q(status=Application.Status.ELIGIBLE)),
        ineligible=Count("pk", filter=Q(status=Application.Status.INELIGIBLE)),
    )
