"""Schemes and rounds for the rounds tests: a small scheme whose arithmetic is easy by hand,
and a round of given cadres written through the services."""

from datetime import date
from decimal import Decimal

import pytest

from qingmiao.cultivation.tests.factories_practice import assignment, program_with

from ..models import Round, RoundMember
from ..services import rounds as round_services
from ..services import rounds_close
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


MARCH, APRIL, MAY = date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1)


def member_of(round_, cadre) -> RoundMember:
    return RoundMember.objects.get(round=round_, cadre=cadre)


@pytest.fixture
def year(people):
    """Three months of one cohort, closed, as the module docstring describes."""
    p = people
    assignment(p.cadre_a, host_contact=p.host, start_date=date(2026, 1, 1))
    scheme = make_scheme(p.org_admin)
    cadres = [p.cadre_a, p.cadre_a2, p.cadre_b]
    march = make_round(p.org_admin, scheme, cadres, [p.inspector], month=MARCH)
    score(p.inspector, member_of(march, p.cadre_a), 9, 8, 7)
    round_services.host_evaluate(
        actor=p.host, member=member_of(march, p.cadre_a), data={"host_score": "8"}
    )
    score(p.inspector, member_of(march, p.cadre_a2), 7, 7, 9)
    score(p.inspector, member_of(march, p.cadre_b), 10, 6, 5)
    rounds_close.round_close(actor=p.org_admin, round_=march)
    # The scheme changes mid-year: March's version is frozen, so this is version 2.
    v2 = scheme_services.scheme_update(
        actor=p.org_admin,
        scheme=scheme,
        data=scheme_data(
            dimensions=[{"name": "攻坚能力", "weight": "50"}, {"name": "服务意识", "weight": "50"}]
        ),
    )
    april = make_round(p.org_admin, scheme, cadres, [p.inspector], month=APRIL)
    score(p.inspector, member_of(april, p.cadre_a), 8, 8, 8)
    round_services.host_evaluate(
        actor=p.host, member=member_of(april, p.cadre_a), data={"host_score": "6"}
    )
    score(p.inspector, member_of(april, p.cadre_b), 9, 9, 9)  # 李娜 (cadre_a2) is on leave in April
    rounds_close.round_close(actor=p.org_admin, round_=april)
    return {"scheme": scheme, "march": march, "april": april, "v2": v2}


__all__ = [
    "assignment",
    "make_round",
    "make_scheme",
    "member_of",
    "program_with",
    "scheme_data",
    "score",
    "year",
]  # fmt: skip
