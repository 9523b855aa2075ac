"""Schemes and rounds for the rounds tests: a small scheme whose arithmetic is easy by hand,
and a round of given cadres written through the services."""

from datetime import date
from decimal import Decimal

from qingmiao.cultivation.tests.factories_practice import assignment, program_with

from ..models import Round
from ..services import rounds as round_services
from ..services import schemes as scheme_services

D = Decimal


def scheme_data(**over) -> dict:
    """Scale 0–10 by 0.5; two dimensions weighted 60/40; sources 60 task, 20 host, 20 ledger."""
    data = {
        "name": "一线干部月度考察方案",
        "scale_min": "0",
        "scale_max": "10",
        "scale_step": "0.5",
        "weight_task": "60",
        "weight_host": "20",
        "weight_ledger": "20",
        "dimensions": [
            {"name": "攻坚能力", "weight": "60", "descriptors": "9–10 分：攻坚克难成效突出"},
            {"name": "服务意识", "weight": "40", "descriptors": ""},
        ],
    }
    data.update(over)
    return data


def make_scheme(actor, **over):
    return scheme_services.scheme_create(actor=actor, data=scheme_data(**over))


def make_round(actor, scheme, cadres, inspectors, *, month=date(2026, 3, 1), **over) -> Round:
    data = {
        "title": f"{month.month}月一线干部考察",
        "cohort": "一线干部",
        "month": month,
        "scheme": scheme,
        "source": Round.Source.PICKED,
        "cadres": cadres,
        "inspectors": inspectors,
        "asks_host": True,
    }
    data.update(over)
    return round_services.round_create(actor=actor, data=data)


def score(inspector, member, a, b, ledger, note=""):
    """Give dimension scores a (攻坚能力) and b (服务意识) and the ledger check."""
    dims = list(member.round.version.dimensions.order_by("order"))
    return round_services.member_score(
        actor=inspector,
        member=member,
        data={
            "scores": {dims[0].pk: a, dims[1].pk: b},
            "notes": {dims[0].pk: note},
            "ledger_score": ledger,
            "task_note": "按期完成项目节点",
        },
    )


__all__ = ["assignment", "program_with", "make_scheme", "make_round", "score", "scheme_data"]
