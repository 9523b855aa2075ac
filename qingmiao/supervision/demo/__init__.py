"""管 demo: 曾都's monthly inspection of its 50 frontline cadres, democratic evaluations,
巴中's growth records and fitness reviews, 兰州新区's separated-family cases.

The areas run in this order, each on what the one before left.
"""

from django.db import transaction

from . import care, evaluation, records, rounds

AREAS = (rounds, evaluation, records, care)


@transaction.atomic
def build(seed: int = 2026) -> dict:
    ctx: dict = {"seed": seed}
    counts = {}
    for area in AREAS:
        counts[area.__name__.rsplit(".", 1)[-1]] = area.build(ctx)
    return counts


def summary() -> list[str]:
    lines: list[str] = []
    for area in AREAS:
        lines += area.summary()
    return lines
