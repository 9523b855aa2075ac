"""The ranking endpoint's body, built from the stored fit one page at a time (the same stored
result and wording as the ranking page: selection.selectors_ranking, selection.wording)."""

from qingmiao.selection import preconditions, ranking, wording
from qingmiao.selection.selectors_ranking import StoredRanking

RATER_WARNINGS = {"sparse_rater", "no_spread"}


def rounded(value: float | None) -> float | None:
    """Half up at two decimals, as the pages print scores."""
    return None if value is None else float(ranking.shown(value))


def ranking_payload(stored: StoredRanking) -> dict:
    stage, fit = stored.stage, stored.fit
    names = fit.rater_names if fit else {}
    rows, warnings = [], []
    for w in fit.warnings if fit else []:
        warnings.append(
            {
                "code": w["code"],
                "rater": w["subject"] if w["code"] in RATER_WARNINGS else None,
                "entry": None,
                "detail": w.get("detail") or {},
                "message": wording.warning_text(
                    w["code"], w.get("detail") or {}, w.get("name", "")
                ),
            }
        )
    short = preconditions.shortfalls(stage, [row.entry.application_id for row in stored.rows])
    for row in stored.rows:
        application = row.entry.application
        if row.score is None and row.submitted == 0:
            warnings.append(
                {
                    "code": "unscored_candidate",
                    "rater": None,
                    "entry": row.entry_id,
                    "detail": {},
                    "message": wording.unscored_text(1, [row.entry.code]),
                }
            )
        rows.append(
            {
                "entry": row.entry_id,
                "code": row.entry.code,
                "name": application.cadre.name,
                "unit_name": application.cadre.unit.name,
                "track_name": application.track.name if application.track_id else None,
                "rank": row.rank,
                "score": rounded(row.score),
                "tied": row.tied,
                "proposed": row.proposed,
                "shortfall": short.get(row.entry.application_id, ""),
                "submitted": row.submitted,
                "assigned": row.assigned,
                "details": [
                    {
                        "rater": rater,
                        "rater_name": names.get(str(rater), ""),
                        "raw": rounded(raw),
                        "adjusted": rounded(adjusted),
                        "used": used,
                    }
                    for rater, raw, adjusted, used in row.details
                ],
            }
        )
    effects = [
        {"rater": r, "rater_name": name, "effect": rounded(e), "marks": n}
        for r, name, e, n in (fit.rater_effects if fit else [])
    ]
    page = stored.page
    return {
        "stage": stage.pk,
        "method": stored.method,
        "method_name": stored.method_label,
        "method_explanation": stored.explanation,
        "adjustment": stored.adjustment,
        "advancement_rule": stage.advancement_rule,
        "rule_value": stage.rule_value,
        "missing_sheets": stored.missing_sheets,
        "proposed_count": stored.proposed_count,
        "pending": stored.pending,
        "count": page.paginator.count if page else 0,
        "page": page.number if page else 1,
        "pages": page.paginator.num_pages if page else 1,
        "warnings": warnings,
        "rows": rows,
        "rater_effects": effects if stored.method == "severity" else [],
    }
