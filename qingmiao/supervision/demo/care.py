"""Demo data of 管 · care flags and care actions (关心关爱) with follow-ups;
sensitive, audited on every view.
"""


def build(ctx) -> dict:
    return {}


def summary() -> list[str]:
    return []
