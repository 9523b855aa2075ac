"""Schemes, rounds, scoring and the stored results, against values worked out by hand.

The scheme of factories_rounds: scale 0–10 by 0.5; 攻坚能力 60 and 服务意识 40; sources
任务完成情况 60, 服务对象评价 20, 台账检查 20. In April the scheme changes to 50/50 (a new
version): March keeps its own.
"""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qingmiao.accounts.models import AuditEntry
from qingmiao.cadres.tests.factories import CadreFactory
from qingmiao.core.models.notifications import Notification

from ..models import Nomination, Round
from ..scoring_rounds import movement
from ..services import rounds as services
from ..services import rounds_close
from ..services import schemes as scheme_services
from .factories_rounds import (
    MAY,
    assignment,
    make_round,
    make_scheme,
    scheme_data,
    score,
    year,  # noqa: F401  (a fixture)
)
from .factories_rounds import member_of as _m


def test_march_totals_by_hand(people, year):  # noqa: F811
    march = year["march"]
    a = _m(march, people.cadre_a)
    # 任务 (9×60 + 8×40) / (100×10) × 100 = 86; 台账 7/10 = 70; 评价 8/10 = 80;
    # total (86×60 + 80×20 + 70×20) / 100 = 81.60
    assert (a.task_points, a.ledger_points, a.host_points, a.total) == (
        D("86.00"), D("70.00"), D("80.00"), D("81.60"))  # fmt: skip
    # No host: (70×60 + 90×20) / 80 = 75.00; (84×60 + 50×20) / 80 = 75.50
    assert _m(march, people.cadre_a2).total == D("75.00")
    assert _m(march, people.cadre_b).total == D("75.50")
    assert [(_m(march, c).rank) for c in (people.cadre_a, people.cadre_b, people.cadre_a2)] == [
        1, 2, 3]  # fmt: skip


def test_new_version_leaves_march_alone(people, year):  # noqa: F811
    march, v2 = year["march"], year["v2"]
    assert march.version.number == 1 and v2.number == 2
    assert year["april"].version_id == v2.pk
    assert [d.weight for d in march.version.dimensions.order_by("order")] == [D(60), D(40)]
    # Reopened and closed again, March is computed with its own version: unchanged.
    rounds_close.round_reopen(actor=people.org_admin, round_=march, reason="补录台账")
    rounds_close.round_close(actor=people.org_admin, round_=march)
    assert _m(march, people.cadre_a).total == D("81.60")


def test_april_with_new_weights_missed_month_and_cumulative(people, year):  # noqa: F811
    april = year["april"]
    a, a2, b = (_m(april, c) for c in (people.cadre_a, people.cadre_a2, people.cadre_b))
    # 任务 (8×50 + 8×50)/1000×100 = 80; (80×60 + 60×20 + 80×20)/100 = 76.00
    assert a.total == D("76.00")
    assert b.total == D("90.00")  # (90×60 + 90×20) / 80
    assert a2.total is None and a2.rank is None
    assert (b.rank, a.rank) == (1, 2)
    assert movement(b.rank, b.previous_rank) == "↑1"
    assert movement(a.rank, a.previous_rank) == "↓1"
    # Cumulative: (76 + 81.6×0.8) / 1.8 = 141.28 / 1.8 = 78.49; (90 + 75.5×0.8) / 1.8 = 83.56;
    # 李娜 missed April: only March counts, 75.00.
    assert (a.cumulative, b.cumulative, a2.cumulative) == (D("78.49"), D("83.56"), D("75.00"))
    assert (b.cumulative_rank, a.cumulative_rank, a2.cumulative_rank) == (1, 2, 3)
    assert (a.months_scored, a2.months_scored) == (2, 1)


def test_may_new_member_and_decay_over_a_gap(people, year):  # noqa: F811
    p = people
    newcomer = CadreFactory(name="赵敏", unit=p.tree.unit_a)
    cadres = [p.cadre_a, p.cadre_a2, p.cadre_b, newcomer]
    may = make_round(p.org_admin, year["scheme"], cadres, [p.inspector], month=MAY)
    score(p.inspector, _m(may, p.cadre_a), 10, 10, 10)
    services.host_evaluate(actor=p.host, member=_m(may, p.cadre_a), data={"host_score": "10"})
    score(p.inspector, _m(may, p.cadre_b), 5, 5, 5)
    score(p.inspector, _m(may, p.cadre_a2), 6, 6, 6)
    score(p.inspector, _m(may, newcomer), 7, 7, 7)
    rounds_close.round_close(actor=p.org_admin, round_=may)
    a, a2, b, c = (_m(may, x) for x in cadres)
    assert (a.rank, c.rank, a2.rank, b.rank) == (1, 2, 3, 4)
    assert movement(c.rank, c.previous_rank) == "新进"
    assert movement(b.rank, b.previous_rank) == "↓3"
    # 张伟: 100 + 76×0.8 + 81.6×0.64 = 213.024 over 2.44 → 87.30
    # 李娜: 60 + 75×0.64 = 108 over 1.64 → 65.85 (April left out)
    # 王强: 50 + 90×0.8 + 75.5×0.64 = 170.32 over 2.44 → 69.80; 赵敏: 70.00
    assert (a.cumulative, a2.cumulative, b.cumulative, c.cumulative) == (
        D("87.30"), D("65.85"), D("69.80"), D("70.00"))  # fmt: skip
    assert (a.cumulative_rank, c.cumulative_rank, b.cumulative_rank, a2.cumulative_rank) == (
        1, 2, 3, 4)  # fmt: skip


def test_closed_round_refuses_scoring_and_reopen_is_audited(people, year):  # noqa: F811
    march = year["march"]
    member = _m(march, people.cadre_b)
    with pytest.raises(ValidationError) as exc:
        score(people.inspector, member, 1, 1, 1)
    assert "已结束" in str(exc.value)
    with pytest.raises(ValidationError):
        services.host_evaluate(actor=people.host, member=_m(march, people.cadre_a),
                               data={"host_score": "1"})  # fmt: skip
    member.refresh_from_db()
    assert member.total == D("75.50")
    with pytest.raises(ValidationError) as exc:
        rounds_close.round_reopen(actor=people.org_admin, round_=march, reason=" ")
    assert "reason" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        rounds_close.round_reopen(actor=people.officer_a, round_=march, reason="x")
    rounds_close.round_reopen(actor=people.org_admin, round_=march, reason="补录台账")
    entry = AuditEntry.objects.get(action="supervision.round.reopened")
    assert entry.extra["reason"] == "补录台账"
    score(people.inspector, _m(march, people.cadre_b), 10, 10, 10)
    rounds_close.round_close(actor=people.org_admin, round_=march)
    # 王强 now 100 in March: April's cumulative follows: (90 + 100×0.8)/1.8 = 94.44
    assert _m(year["april"], people.cadre_b).cumulative == D("94.44")


def test_score_outside_scale_refused_per_field(people):
    p = people
    scheme = make_scheme(p.org_admin)
    round_ = make_round(p.org_admin, scheme, [p.cadre_a], [p.inspector])
    member = _m(round_, p.cadre_a)
    dims = list(round_.version.dimensions.order_by("order"))
    with pytest.raises(ValidationError) as exc:
        services.member_score(
            actor=p.inspector,
            member=member,
            data={"scores": {dims[0].pk: "11", dims[1].pk: "7.3"}, "ledger_score": ""},
        )
    errors = exc.value.message_dict
    assert "0 至 10" in errors[f"score_{dims[0].pk}"][0]
    assert "0.5" in errors[f"score_{dims[1].pk}"][0]
    assert "ledger_score" in errors
    assert not member.scores.exists()
    member.refresh_from_db()
    assert member.scored_at is None


def test_only_the_team_scores_and_only_the_host_evaluates(people):
    p = people
    scheme = make_scheme(p.org_admin)
    other = type(p.inspector).objects.create(username="insp2", role=p.inspector.role)
    round_ = make_round(p.org_admin, scheme, [p.cadre_a, p.cadre_b], [p.inspector])
    with pytest.raises(PermissionDenied):
        score(other, _m(round_, p.cadre_a), 5, 5, 5)
    with pytest.raises(PermissionDenied):
        services.host_evaluate(actor=p.host, member=_m(round_, p.cadre_b), data={"host_score": 5})


def test_round_members_are_stored_and_team_notified(people):
    p = people
    from .factories_rounds import program_with

    program = program_with(p.tree.root, [p.cadre_a, p.cadre_a2])
    assignment(p.cadre_a, host_contact=p.host, start_date=date(2026, 1, 1))
    scheme = make_scheme(p.org_admin)
    round_ = make_round(p.org_admin, scheme, [], [p.inspector], source=Round.Source.PROGRAM,
                        program=program)  # fmt: skip
    assert set(round_.members.values_list("cadre__name", flat=True)) == {"张伟", "李娜"}
    assert _m(round_, p.cadre_a).assignment.host_contact == p.host
    # A later change to the program does not rewrite the round.
    from qingmiao.cultivation.tests.factories_practice import enrol

    enrol(program, p.cadre_b)
    assert round_.members.count() == 2
    assert Notification.objects.filter(recipient=p.inspector).exists()
    assert Notification.objects.filter(recipient=p.host).exists()
    with pytest.raises(ValidationError) as exc:
        make_round(p.org_admin, scheme, [p.cadre_a], [p.inspector])
    assert "month" in exc.value.message_dict


def test_scheme_rules(people):
    with pytest.raises(ValidationError) as exc:
        scheme_services.scheme_create(
            actor=people.org_admin,
            data=scheme_data(weight_task="50", scale_max="0",
                             dimensions=[{"name": "攻坚能力", "weight": "70"}]),
        )  # fmt: skip
    errors = exc.value.message_dict
    assert {"weight_task", "scale_max", "dimensions"} <= set(errors)
    with pytest.raises(PermissionDenied):
        make_scheme(people.officer_a)


def test_nominate_top_of_closed_list(people, year):  # noqa: F811
    p = people
    april = year["april"]
    n = rounds_close.nominate(actor=p.org_admin, member=_m(april, p.cadre_b), reason="攻坚突出")
    assert (n.rank, n.cumulative) == (1, False)
    with pytest.raises(ValidationError):
        rounds_close.nominate(actor=p.org_admin, member=_m(april, p.cadre_b), reason="again")
    with pytest.raises(ValidationError) as exc:
        rounds_close.nominate(actor=p.org_admin, member=_m(april, p.cadre_a2), reason="x")
    assert "member" in exc.value.message_dict  # unranked in April
    assert Nomination.objects.count() == 1
    assert AuditEntry.objects.filter(action="supervision.reserve.nominated").count() == 1
