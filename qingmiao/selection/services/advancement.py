import math
import random
from collections.abc import Hashable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qingmiao.accounts import audit
from qingmiao.core.bulk import insert_rows

from .. import notifications, preconditions, ranking
from ..models import (
    AdvancementDecision,
    AdvancementResult,
    AdvancementRule,
    Application,
    Score,
    ScoreSheet,
    Stage,
    StageEntry,
    StageStatus,
)
from ._bulk import update_rows
from ._common import require, require_manager

User = get_user_model()


@dataclass
class RankingRow:
    entry: StageEntry
    score: float | None
    rank: int | None
    tied: bool
    proposed: bool
    details: list  # ranking.Adjusted, one per submitted sheet
    submitted: int
    assigned: int
    # What the candidate still lacks to advance (a requirement another app checks, e.g. the
    # stage's minimum hours); empty when nothing is missing.
    shortfall: str = ""


@dataclass
class RankingPreview:
    stage: Stage
    method: str
    rows: list[RankingRow]
    warnings: list = field(default_factory=list)
    missing_sheets: int = 0
    rater_effects: dict = field(default_factory=dict)
    raters: dict = field(default_factory=dict)  # rater id → user

    @property
    def proposed_count(self) -> int:
        return sum(1 for r in self.rows if r.proposed)

    @property
    def short_count(self) -> int:
        return sum(1 for r in self.rows if r.shortfall)

    def row_for(self, entry_id: int) -> RankingRow | None:
        return next((r for r in self.rows if r.entry.pk == entry_id), None)


def _tie_breaks(stage: Stage, entries: dict, totals_by_entry: dict, first_dim_id):
    first_dim_means = None

    def first_dimension(entry_id):
        nonlocal first_dim_means
        if first_dim_means is None:
            # One query for the whole stage, only when this tie-break is actually reached.
            values: dict = {}
            for entry_id_, value in (
                Score.objects.filter(
                    sheet__assignment__stage=stage,
                    sheet__status=ScoreSheet.Status.SUBMITTED,
                    dimension_id=first_dim_id,
                )
                .order_by("sheet_id", "pk")
                .values_list("sheet__assignment__entry_id", "value")
            ):
                values.setdefault(entry_id_, []).append(float(value))
            first_dim_means = {k: sum(v) / len(v) for k, v in values.items()}
        return first_dim_means.get(entry_id, 0.0)

    def raw_mean(entry_id):
        totals = [t for t in totals_by_entry.get(entry_id, []) if t is not None]
        return sum(totals) / len(totals) if totals else 0.0

    def earlier_application(entry_id):
        return -entries[entry_id].application.created_at.timestamp()

    def younger(entry_id):
        return entries[entry_id].application.cadre.birth_date.toordinal()

    table = {
        "first_dimension": first_dimension,
        "raw_mean": raw_mean,
        "earlier_application": earlier_application,
        "younger": younger,
    }
    return [table[name] for name in stage.tie_breaks if name in table]


def stage_ranking(stage: Stage, method: str | None = None) -> RankingPreview:
    """Rank a stage's candidates from the submitted sheets, by the stage's method (or another,
    to compare), and mark who advances under the stage's rule. Reads only; changes nothing."""
    method = method or stage.aggregation
    # Keyed as the ranking keys its candidates (any hashable; here entry ids).
    entries: dict[Hashable, StageEntry] = {
        e.pk: e
        for e in stage.entries.select_related("application__cadre__unit", "application__track")
    }
    # The marks as plain values in one query: a large stage has tens of thousands of sheets,
    # and building each as a model object (with its scores) was most of the ranking's time.
    sheets = list(
        ScoreSheet.objects.filter(assignment__stage=stage, status=ScoreSheet.Status.SUBMITTED)
        .order_by("pk")
        .values_list("assignment__rater_id", "assignment__entry_id", "total")
    )
    assigned: dict[Hashable, int] = {}
    for entry_id in stage.assignments.values_list("entry_id", flat=True):
        assigned[entry_id] = assigned.get(entry_id, 0) + 1
    totals_by_entry: dict[Hashable, list] = {}
    marks = []
    rater_ids = set()
    for rater_id, entry_id, total in sheets:
        rater_ids.add(rater_id)
        totals_by_entry.setdefault(entry_id, []).append(None if total is None else float(total))
        if total is not None:
            marks.append(ranking.Mark(rater_id, entry_id, float(total)))
    raters = {u.pk: u for u in User.objects.filter(pk__in=rater_ids)}
    outcome = ranking.aggregate(marks, method, candidates=list(entries))
    first_dim = stage.dimensions.order_by("sort", "id").values_list("pk", flat=True).first()
    ranked = ranking.rank(outcome.scores, _tie_breaks(stage, entries, totals_by_entry, first_dim))
    scored = [r for r in ranked if r.score is not None]
    rule, value = stage.advancement_rule, stage.rule_value
    if rule == AdvancementRule.TOP_N:
        quota = int(value or 0)
    elif rule == AdvancementRule.TOP_PERCENT:
        # In decimal: 375 × 8.8% is exactly 33, but in floating point a hair above it.
        quota = math.ceil(len(scored) * Decimal(str(value or 0)) / 100)
    else:
        quota = None
    short = preconditions.shortfalls(stage, [e.application_id for e in entries.values()])
    # A candidate who does not meet a precondition is not proposed, and the quota is filled
    # from the next eligible ones: each eligible candidate is placed among the eligible only
    # (1 + how many eligible rank strictly better), so ties keep sharing a place. With nobody
    # short this is the candidate's own rank.
    eligible_place: dict[Hashable, int] = {}
    better = 0
    previous_rank = None
    waiting = 0
    for r in scored:
        if r.rank != previous_rank:
            better += waiting
            waiting = 0
            previous_rank = r.rank
        if entries[r.candidate].application_id not in short:
            eligible_place[r.candidate] = better + 1
            waiting += 1
    rows = []
    for r in ranked:
        shortfall = short.get(entries[r.candidate].application_id, "")
        if r.score is None or shortfall:
            proposed = False
        elif quota is not None:
            proposed = eligible_place[r.candidate] <= quota
        elif rule == AdvancementRule.CUT_LINE:
            proposed = value is not None and ranking.shown(r.score) >= Decimal(value)
        else:
            proposed = False
        rows.append(
            RankingRow(
                entry=entries[r.candidate],
                score=r.score,
                rank=r.rank,
                tied=r.tied,
                proposed=proposed,
                details=outcome.details.get(r.candidate, []),
                submitted=len(totals_by_entry.get(r.candidate, [])),
                assigned=assigned.get(r.candidate, 0),
                shortfall=shortfall,
            )
        )
    warnings = list(outcome.warnings)
    if quota is not None and 0 < quota < len(scored):
        boundary = [r for r in rows if r.rank is not None and r.rank <= quota and r.tied]
        if any(
            r.rank == max(x.rank for x in rows if x.proposed and x.rank is not None)
            for r in boundary
        ):
            warnings.append(ranking.Warning("cut_tie", None, {"quota": quota}))
    missing = stage.assignments.count() - len(sheets)
    return RankingPreview(
        stage=stage,
        method=method,
        rows=rows,
        warnings=warnings,
        missing_sheets=missing,
        rater_effects=outcome.rater_effects,
        raters=raters,
    )


@transaction.atomic
def advancement_confirm(
    *, actor, stage: Stage, overrides: dict | None = None, note: str = ""
) -> AdvancementDecision:
    """Confirm the cut. `overrides` maps an entry id to (advanced, reason) where the decision
    differs from the rule; every such change needs a written reason. Advanced candidates enter
    the next stage (or graduate after the last); the others are eliminated and keep their
    history. Refused, with nothing changed, while any assigned sheet is not submitted."""
    require(actor, "selection.decide_advancement")
    require_manager(actor, stage.program)
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    if stage.status == StageStatus.DECIDED:
        raise ValidationError(_("该关卡的晋级结果已经确定。"))
    if stage.status != StageStatus.SCORING and stage.advancement_rule != AdvancementRule.MANUAL:
        raise ValidationError(_("该关卡尚未开始评分。"))
    preview = stage_ranking(stage)
    if preview.missing_sheets:
        raise ValidationError(
            _("还有 %(n)s 份评分表未提交，不能确定晋级。") % {"n": preview.missing_sheets},
            code="missing_scores",
        )
    overrides = overrides or {}
    errors = {}
    entry_ids = {r.entry.pk for r in preview.rows}
    for entry_id, (advanced, reason) in overrides.items():
        row = preview.row_for(int(entry_id))
        if int(entry_id) not in entry_ids or row is None:
            raise ValidationError(_("调整的考生不属于该关卡。"))
        # Under a manual rule there is no proposal to depart from, so no reason is asked.
        manual = stage.advancement_rule == AdvancementRule.MANUAL
        if bool(advanced) != row.proposed and not manual and not (reason or "").strip():
            errors[f"reason_{entry_id}"] = _("考生 %(code)s 的调整须填写理由。") % {
                "code": row.entry.code
            }
    if errors:
        raise ValidationError(errors)
    short = []
    for row in preview.rows:
        key = row.entry.pk if row.entry.pk in overrides else str(row.entry.pk)
        advanced = bool(overrides[key][0]) if key in overrides else row.proposed
        if advanced and row.shortfall:
            name = row.entry.application.cadre.name
            short.append(f"{row.entry.code} {name}（{row.shortfall}）")
    if short:
        raise ValidationError(
            _("以下考生未满足本关卡的晋级条件，不能晋级：%(names)s。")
            % {"names": "、".join(short)},
            code="precondition",
        )
    decision = AdvancementDecision.objects.create(
        stage=stage,
        decided_by=actor,
        method=preview.method,
        rule=stage.advancement_rule,
        rule_value=stage.rule_value,
        note=note.strip(),
        warnings=[{"code": w.code, "detail": w.detail} for w in preview.warnings],
    )
    results: list[tuple] = []
    advanced_apps: list[int] = []
    eliminated_apps: list[int] = []
    adjusted: list[dict] = []
    for row in preview.rows:
        advanced, reason = row.proposed, ""
        if row.entry.pk in overrides or str(row.entry.pk) in overrides:
            key = row.entry.pk if row.entry.pk in overrides else str(row.entry.pk)
            advanced, reason = overrides[key]
            advanced = bool(advanced)
        score = ranking.shown(row.score) if row.score is not None else None
        results.append(
            (
                decision.pk,
                row.entry.pk,
                row.rank,
                score,
                row.proposed,
                advanced,
                (reason or "").strip() if advanced != row.proposed else "",
            )
        )
        row.entry.result = StageEntry.Result.ADVANCED if advanced else StageEntry.Result.ELIMINATED
        row.entry.final_score, row.entry.final_rank = score, row.rank
        (advanced_apps if advanced else eliminated_apps).append(row.entry.application_id)
        if advanced != row.proposed:
            adjusted.append({"code": row.entry.code, "advanced": advanced, "reason": reason})
    fields = ("decision_id", "entry_id", "rank", "score", "proposed", "advanced", "reason")
    insert_rows(AdvancementResult, fields, results)
    entries = [r.entry for r in preview.rows]
    update_rows(StageEntry, entries, ["result", "final_score", "final_rank"])
    Application.objects.filter(pk__in=eliminated_apps).update(
        outcome=Application.Outcome.ELIMINATED
    )
    following = stage.next_stage()
    if following is None:
        Application.objects.filter(pk__in=advanced_apps).update(
            outcome=Application.Outcome.GRADUATED
        )
    else:
        rng = random.Random(f"{stage.program_id}-{following.pk}")
        ids = sorted(advanced_apps)
        rng.shuffle(ids)
        insert_rows(
            StageEntry,
            ("stage_id", "application_id", "code"),
            [(following.pk, pk, f"{following.order}{i + 1:04d}") for i, pk in enumerate(ids)],
        )
        Application.objects.filter(pk__in=advanced_apps).update(current_stage=following)
    stage.status = StageStatus.DECIDED
    stage.save(update_fields=["status"])
    from ..selectors_funnel import funnel_changed
    from .ranking_store import ranking_changed  # imports this module: bound late

    funnel_changed(stage.program_id)
    ranking_changed(stage)
    if following is not None:
        ranking_changed(following)
    audit.record(
        "selection.advancement.confirmed",
        actor=actor,
        obj=stage,
        extra={
            "method": preview.method,
            "rule": stage.advancement_rule,
            "rule_value": str(stage.rule_value) if stage.rule_value is not None else None,
            "advanced": len(advanced_apps),
            "eliminated": len(eliminated_apps),
            "adjusted": adjusted,
            "note": note.strip(),
        },
    )
    notifications.stage_decided(
        stage=stage, advanced_apps=advanced_apps, eliminated_apps=eliminated_apps
    )
    return decision
