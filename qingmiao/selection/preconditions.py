"""Conditions other apps set on advancing from a stage, without selection knowing those apps.

Selection holds a stage's own requirement (`Stage.min_credit_hours`) but not the records that
decide whether it is met (attended hours live in cultivation, which depends on selection, not
the other way round). An app that can judge a requirement registers a check when it loads:

    preconditions.register(hours_check)   # from AppConfig.ready()

`check(stage, application_ids) -> {application_id: shortfall_text}` names, in plain Chinese,
what each candidate still lacks (e.g. "已修 86 学时，差 14 学时"); a candidate it does not
name meets it. The ranking leaves short candidates out of the proposal (the cut is filled from
the next eligible ones) and the confirmation refuses to advance any of them.
"""

from collections.abc import Callable, Iterable

Check = Callable[[object, list[int]], dict[int, str]]

_checks: list[Check] = []


def register(check: Check) -> None:
    if check not in _checks:  # once, however often the registering module is imported
        _checks.append(check)


def shortfalls(stage, application_ids: Iterable[int]) -> dict[int, str]:
    """What each named candidate of `stage` still lacks, by application id (absent: nothing)."""
    ids = list(application_ids)
    out: dict[int, str] = {}
    if not ids:
        return out
    for check in _checks:
        for app_id, text in check(stage, ids).items():
            out[app_id] = f"{out[app_id]}；{text}" if app_id in out else text
    return out
