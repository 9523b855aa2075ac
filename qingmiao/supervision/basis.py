"""The basis shown beside each annual appraisal proposal (年度考核的依据).

Each area that knows something about a cadre's year registers a provider: a function
`(user, cadres, year) -> {cadre_id: text}` answering for a whole page of cadres at once (so a
page asks a fixed number of queries whatever its length) and reading through its own scoped
selectors. The democratic evaluation registers its results here (basis_evaluation.py); the
performance list registers its standing the same way.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Provider:
    key: str
    title: str | Promise  # the column's heading
    lines: Callable  # (user, cadres, year) -> dict[int, str]
    order: int = 100


PROVIDERS: dict[str, Provider] = {}


def register(provider: Provider) -> Provider:
    PROVIDERS[provider.key] = provider
    return provider


def for_cadres(user, cadres, year: int) -> dict[int, list[tuple[str, str]]]:
    """For each cadre, the (heading, text) lines every provider has for the year."""
    cadres = list(cadres)
    out: dict[int, list[tuple[str, str]]] = {c.pk: [] for c in cadres}
    for provider in sorted(PROVIDERS.values(), key=lambda p: (p.order, p.key)):
        texts = provider.lines(user, cadres, year)
        for cadre in cadres:
            if texts.get(cadre.pk):
                out[cadre.pk].append((str(provider.title), texts[cadre.pk]))
    return out
