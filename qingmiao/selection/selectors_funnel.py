"""The program funnel: applied → eligible → each stage (entered, advanced), with each step's
composition. One grouped query per dimension covers every step at once (a conditional count
per step), and the result is cached until the program's data changes: the services that
change applications, stages or results bump the program's `FunnelVersion`, which is part of
the cache key, so every worker process sees the change on its next request."""

from __future__ import annotations

from datetime import date

from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from qingmiao.cadres.models import UnitType, generation_band

from .models import Application, FunnelVersion, Program, StageEntry

STRUCTURE_FIELDS = {
    "education": "cadre__fulltime_education__form_name",
    "gender": "cadre__gender__name",
    "unit_type": "cadre__unit__unit_type",
}
CACHE_SECONDS = 24 * 3600


def funnel_changed(program: Program | int) -> None:
    """Called by the services in the transaction that changes a program's applications,
    stages or results: the cached funnel is not used again."""
    program_id = program if isinstance(program, int) else program.pk
    if not FunnelVersion.objects.filter(program_id=program_id).update(version=F("version") + 1):
        FunnelVersion.objects.get_or_create(program_id=program_id, defaults={"version": 1})


def funnel(program: Program) -> list[dict]:
    version = (
        FunnelVersion.objects.filter(program_id=program.pk)
        .values_list("version", flat=True)
        .first()
    ) or 0
    key = f"selection:funnel:{program.pk}:{version}:{get_language()}"
    steps = cache.get(key)
    if steps is None:
        steps = funnel_compute(program)
        cache.set(key, steps, CACHE_SECONDS)
    return steps


def _steps(program: Program) -> list[tuple[str, str, Q]]:
    steps = [
        ("applied", _("报名"), Q(pk__isnull=False)),
        ("eligible", _("资格审查通过"), Q(status=Application.Status.ELIGIBLE)),
    ]
    for stage in program.stages.order_by("order"):
        entries = StageEntry.objects.filter(application=OuterRef("pk"), stage=stage)
        steps.append(
            (
                f"stage{stage.order}",
                _("%(stage)s（参加）") % {"stage": stage.name},
                Q(Exists(entries)),
            )
        )
        if stage.status == "decided":
            steps.append(
                (
                    f"stage{stage.order}_advanced",
                    _("%(stage)s（晋级）") % {"stage": stage.name},
                    Q(Exists(entries.filter(result=StageEntry.Result.ADVANCED))),
                )
            )
    return steps


def funnel_compute(program: Program) -> list[dict]:
    """Every step's count and structure from four grouped queries (plus one for the stages)."""
    steps = _steps(program)
    apps = Application.objects.filter(program=program).order_by()
    counters = {f"s{i}": Count("pk", filter=cond) for i, (_k, _l, cond) in enumerate(steps)}
    structures: list[dict] = [{} for _ in steps]
    totals = [0] * len(steps)
    unit_labels = dict(UnitType.choices)
    for key, path in STRUCTURE_FIELDS.items():
        rows = list(apps.values(path).annotate(**counters))
        for i in range(len(steps)):
            items = [(row[path] or "—", row[f"s{i}"]) for row in rows if row[f"s{i}"]]
            if key == "unit_type":
                items = [(str(unit_labels.get(k, k)), n) for k, n in items]
            items.sort(key=lambda kv: (-kv[1], str(kv[0])))
            structures[i][key] = items
            if key == "gender":  # every application falls in exactly one gender group
                totals[i] = sum(n for _label, n in items)
    years = list(apps.values("cadre__birth_date__year").annotate(**counters))
    for i in range(len(steps)):
        bands: dict[str, int] = {}
        for row in years:
            if row[f"s{i}"] and row["cadre__birth_date__year"]:
                band = generation_band(date(row["cadre__birth_date__year"], 1, 1))
                bands[band] = bands.get(band, 0) + row[f"s{i}"]
        structures[i]["generation"] = sorted(bands.items())
    return [
        {"key": key, "label": label, "count": totals[i], "structure": structures[i]}
        for i, (key, label, _cond) in enumerate(steps)
    ]
