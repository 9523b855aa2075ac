"""Keeping each stage's ranking fitted and stored.

The services that change what a ranking depends on call `ranking_changed(stage)` inside their
transaction; after commit the stage's own method is refitted — at once for a small stage, as a
background task above `RANKING_BACKGROUND_ENTRIES` candidates, so a rater's submission never
waits for a large refit. Pages and the API read the stored fit (`ranking_current`); a fit for
another method (to compare) is made on first request the same way.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from .. import ranking
from ..models import RankingFit, RankingRow, RankingVersion, Stage
from .advancement import stage_ranking

BATCH = 2000
log = logging.getLogger(__name__)


def _threshold() -> int:
    return getattr(settings, "RANKING_BACKGROUND_ENTRIES", 2000)


def ranking_changed(stage: Stage | int, *, refit: bool = True) -> None:
    """The stage's marks, raters, method or rule changed: stored fits are out of date from
    now on, and the stage's own method is refitted after commit. `refit=False` for frequent
    small changes made elsewhere (a cadre signing in changes their hours): the fit is only
    marked out of date and is made again when the ranking is next read."""
    stage_id = stage if isinstance(stage, int) else stage.pk
    if not RankingVersion.objects.filter(stage_id=stage_id).update(version=F("version") + 1):
        RankingVersion.objects.get_or_create(stage_id=stage_id, defaults={"version": 1})
    if refit:
        transaction.on_commit(lambda: _schedule(stage_id, None))


def _version(stage_id: int) -> int:
    return (
        RankingVersion.objects.filter(stage_id=stage_id).values_list("version", flat=True).first()
        or 0
    )


def _schedule(stage_id: int, method: str | None) -> None:
    # After commit: the action that caused the refit has succeeded and must not be reported
    # as failed because of it. A fit that fails here is simply made on the next view.
    try:
        stage = Stage.objects.filter(pk=stage_id).first()
        if stage is None:
            return
        fit = RankingFit.objects.filter(stage=stage, method=method or stage.aggregation)
        if fit.filter(version=_version(stage_id)).exists():
            return  # several changes in one transaction: the first callback already refitted
        if stage.entries.count() > _threshold():
            ranking_refit_task.enqueue(stage_id, method or "")
        else:
            ranking_refit(stage=stage, method=method)
    except Exception:
        log.exception("ranking refit of stage %s failed", stage_id)


@task()
def ranking_refit_task(stage_id: int, method: str = "") -> None:
    stage = Stage.objects.filter(pk=stage_id).first()
    if stage is None:
        return
    method = method or stage.aggregation
    fit = RankingFit.objects.filter(stage=stage, method=method).only("version").first()
    if fit is not None and fit.version == _version(stage_id):
        return  # already current: several changes queued several refits
    ranking_refit(stage=stage, method=method)


def _summary(rows) -> dict:
    """How far the method moved scores from the raw average, and how many ranks it changed."""
    scored = [r for r in rows if r.score is not None]
    shifts = [abs(r.score - r.raw_mean) for r in scored if r.raw_mean is not None]
    moved = sum(1 for s in shifts if ranking.shown(s) >= ranking.shown(0.005))
    by_raw = sorted(scored, key=lambda r: -(r.raw_mean or 0))
    raw_rank: dict[int, int] = {}
    for i, r in enumerate(by_raw):
        prev = by_raw[i - 1] if i else None
        if prev is not None and ranking.shown(prev.raw_mean) == ranking.shown(r.raw_mean):
            raw_rank[r.entry_id] = raw_rank[prev.entry_id]
        else:
            raw_rank[r.entry_id] = i + 1
    reordered = sum(1 for r in scored if raw_rank.get(r.entry_id) != r.rank)
    return {
        "scored": len(scored),
        "moved": moved,
        "max_shift": max(shifts, default=0.0),
        "reordered": reordered,
    }


def ranking_refit(*, stage: Stage, method: str | None = None) -> RankingFit:
    """Fit the stage's ranking by `method` (default: the stage's) and store it, replacing the
    earlier fit for that method. Derived data only: nothing a person decided changes, so it
    is not audited (the actions that caused it are)."""
    method = method or stage.aggregation
    version = _version(stage.pk)
    started = time.perf_counter()
    preview = stage_ranking(stage, method)
    rows: list[RankingRow] = []
    for position, row in enumerate(preview.rows):
        raws = [d.raw for d in row.details]
        rows.append(
            RankingRow(
                entry=row.entry,
                position=position,
                rank=row.rank,
                score=row.score,
                raw_mean=sum(raws) / len(raws) if raws else None,
                tied=row.tied,
                proposed=row.proposed,
                submitted=row.submitted,
                assigned=row.assigned,
                details=[[d.rater, d.raw, d.adjusted, d.used] for d in row.details],
            )
        )
    codes = {row.entry.pk: row.entry.code for row in preview.rows}
    unscored = sorted(
        str(codes.get(w.subject, w.subject))
        for w in preview.warnings
        if w.code == "unscored_candidate"
    )
    marks: dict = {}
    for row in preview.rows:
        for d in row.details:
            marks[d.rater] = marks.get(d.rater, 0) + 1

    def name(rater_id) -> str:
        rater = preview.raters.get(rater_id)
        return rater.display_name if rater is not None else ""

    fit_fields = {
        "version": version,
        "fitted_at": timezone.now(),
        "seconds": time.perf_counter() - started,
        "candidates": len(rows),
        "marks": sum(len(r.details) for r in rows),
        "missing_sheets": preview.missing_sheets,
        "proposed_count": preview.proposed_count,
        "warnings": [
            {"code": w.code, "subject": w.subject, "detail": w.detail, "name": name(w.subject)}
            for w in preview.warnings
            if w.code != "unscored_candidate"
        ],
        "unscored": len(unscored),
        "unscored_codes": unscored[:8],
        "rater_effects": [
            [rater, name(rater), effect, marks.get(rater, 0)]
            for rater, effect in sorted(preview.rater_effects.items(), key=lambda kv: -kv[1])
        ],
        "summary": _summary(rows),
        "rater_names": {str(pk): name(pk) for pk in preview.raters},
    }
    try:
        with transaction.atomic():
            RankingFit.objects.filter(stage=stage, method=method).delete()
            fit = RankingFit.objects.create(stage=stage, method=method, **fit_fields)
            for stored in rows:
                stored.fit = fit
            RankingRow.objects.bulk_create(rows, batch_size=BATCH)
    except IntegrityError:
        # Another worker stored the same fit at the same moment; theirs is as good.
        fit = RankingFit.objects.get(stage=stage, method=method)
    return fit


@dataclass
class CurrentRanking:
    fit: RankingFit | None
    pending: bool  # a newer fit is being made in the background


def ranking_current(stage: Stage, method: str | None = None) -> CurrentRanking:
    """The stored fit for the stage and method if it is up to date. Otherwise a small stage is
    refitted now; a large one is refitted in the background and the older fit (if any) is
    returned meanwhile, flagged as pending."""
    method = method or stage.aggregation
    fit = RankingFit.objects.filter(stage=stage, method=method).first()
    if fit is not None and fit.version == _version(stage.pk):
        return CurrentRanking(fit, pending=False)
    if stage.entries.count() <= _threshold():
        return CurrentRanking(ranking_refit(stage=stage, method=method), pending=False)
    transaction.on_commit(lambda: ranking_refit_task.enqueue(stage.pk, method))
    return CurrentRanking(fit, pending=True)
