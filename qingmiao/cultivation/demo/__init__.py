"""育 demo: every seed program's cultivation in its real numbers (see each area's module).

The areas run in this order, each on what the one before left: the curriculum, sessions and
hours (which decide 火星计划's 通识培训 cut), mentoring, practice, teams, results, plans.
"""

from django.db import transaction

from . import attendance, cohorts, curriculum, mentoring, plans, practice, results, teams

AREAS = (curriculum, attendance, mentoring, practice, teams, results, plans)


@transaction.atomic
def build(seed: int = 2026) -> dict:
    ctx = cohorts.build(seed)
    counts = {}
    for area in AREAS:
        counts[area.__name__.rsplit(".", 1)[-1]] = area.build(ctx)
    return counts


def summary() -> list[str]:
    lines: list[str] = []
    for area in AREAS:
        lines += area.summary()
    return lines
