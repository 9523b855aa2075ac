"""Reading a stage's stored ranking one page at a time (see services.ranking_store).

A page costs the same few queries whatever its size or the stage's: the fit, its version, the
page's rows with their candidates, their count, and the raters' names for the severity
method (kept with the fit, so no query)."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.core.paginator import Page, Paginator

from . import wording
from .models import RankingFit, Stage
from .services.ranking_store import ranking_current


@dataclass
class StoredRanking:
    stage: Stage
    method: str
    fit: RankingFit | None
    pending: bool
    page: Page | None
    rows: list = field(default_factory=list)

    @property
    def missing_sheets(self) -> int:
        return self.fit.missing_sheets if self.fit else 0

    @property
    def proposed_count(self) -> int:
        return self.fit.proposed_count if self.fit else 0

    @property
    def method_label(self) -> str:
        return wording.method_label(self.method)

    @property
    def explanation(self) -> str:
        return wording.method_explanation(self.method)

    @property
    def adjusts(self) -> bool:
        return self.method != "mean"

    @property
    def adjustment(self) -> str:
        if self.fit is None:
            return ""
        return wording.adjustment_summary(self.method, self.fit.summary)

    @property
    def warning_texts(self) -> list[str]:
        if self.fit is None:
            return []
        texts = []
        if self.fit.unscored:
            texts.append(wording.unscored_text(self.fit.unscored, self.fit.unscored_codes))
        texts += [
            wording.warning_text(w["code"], w.get("detail") or {}, w.get("name", ""))
            for w in self.fit.warnings
        ]
        return texts

    @property
    def effects(self) -> list[dict]:
        if self.fit is None:
            return []
        return [
            {"rater": SimpleNamespace(pk=r, display_name=name), "effect": e, "marks": n}
            for r, name, e, n in self.fit.rater_effects
        ]


def ranking_page(
    stage: Stage, method: str | None = None, *, page_number=1, page_size: int = 50
) -> StoredRanking:
    """The stored ranking of `stage` by `method`, one page of rows in rank order."""
    method = method or stage.aggregation
    current = ranking_current(stage, method)
    fit = current.fit
    if fit is None:
        return StoredRanking(stage, method, None, current.pending, None)
    # Rows are numbered 0…n−1 in rank order, so a page is a range of positions: an index
    # range the planner cannot misjudge (ORDER BY … LIMIT chose a hash join over every
    # candidate once a refit had replaced the rows the statistics knew about).
    # Counts positions, but its page carries the rows at those positions (set below).
    paginator: Paginator[Any] = Paginator(range(fit.candidates), page_size)
    page = paginator.get_page(page_number)
    start = page.start_index() - 1 if fit.candidates else 0
    rows = list(
        fit.rows.filter(position__gte=start, position__lt=start + page_size)
        .select_related("entry__application__cadre__unit", "entry__application__track")
        .order_by("position")
    )
    page.object_list = rows
    return StoredRanking(stage, method, fit, current.pending, page, rows)
