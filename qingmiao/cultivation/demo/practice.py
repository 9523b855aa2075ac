"""The practice part of the cultivation demo."""


def build(ctx) -> dict:
    return {}


def summary() -> list[str]:
    return []
