"""The month's figures shown beside the scoring equal what cultivation recorded, by
cultivation's own roll-ups, and only the month's rows count."""

from datetime import date, datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from qingmiao.cultivation.models import (
    Attendance,
    Deliverable,
    DeliverableOutcome,
    InvestmentRecord,
    ProblemSolved,
)
from qingmiao.cultivation.selectors.attendance import hours_by_cadre
from qingmiao.cultivation.selectors.mentoring import log_queryset
from qingmiao.cultivation.selectors.results_rollup import results_by_cadre
from qingmiao.cultivation.tests.factories_attendance import make_session
from qingmiao.cultivation.tests.factories_mentoring import (
    make_log,
    make_mentor,
    make_pair,
)
from qingmiao.cultivation.tests.factories_mentoring import (
    make_program as mentoring_program,
)
from qingmiao.cultivation.tests.factories_results import team

from .. import evidence_rounds
from .factories_rounds import make_round, make_scheme, member_of


def _at(y, m, d):
    return timezone.make_aware(datetime(y, m, d, 9, 0))


def _record(people):
    """March 2026 for 张伟: 3 + 2.5 hours, 2 logs, 2 deliverables (one adopted, one through
    the team), 500.50 万元, 1 problem solved. December 2025: 4 hours, 1 log, 1 deliverable."""
    p = people
    a = p.cadre_a
    program = mentoring_program(p.tree.root, cadres=[a, p.cadre_a2])
    for when, hours in ((_at(2026, 3, 5), "3"), (_at(2026, 3, 20), "2.5"), (_at(2025, 12, 9), "4")):
        session = make_session(p.tree.root, program, starts_at=when, hours=hours)
        Attendance.objects.create(session=session, cadre=a, status="present", method="roster",
                                  credited_hours=Decimal(hours))  # fmt: skip
    pair = make_pair(program, make_mentor(unit=p.tree.root).user, a)
    for day in (date(2026, 3, 3), date(2026, 3, 28), date(2025, 12, 30)):
        make_log(pair, writer=pair.mentor, date=day)
    own = Deliverable.objects.create(program=program, kind="research", title="园区用地调研",
                                     submitted_on=date(2026, 3, 10))  # fmt: skip
    own.authors.add(a)
    DeliverableOutcome.objects.create(deliverable=own, kind="adopted", body="区政府",
                                      date=date(2026, 3, 25), evidence="批示",
                                      recorded_by=p.org_admin)  # fmt: skip
    group = team(program, "招商一组", [a, p.cadre_a2])
    Deliverable.objects.create(program=program, kind="proposal", title="营商环境建议",
                               team=group, submitted_on=date(2026, 3, 15))  # fmt: skip
    old = Deliverable.objects.create(program=program, kind="research", title="旧报告",
                                     submitted_on=date(2025, 12, 1))  # fmt: skip
    old.authors.add(a)
    inv = InvestmentRecord.objects.create(program=program, enterprise_name="某新材料公司",
                                          registered_capital=Decimal("500.50"), stage="signed",
                                          date=date(2026, 3, 18))  # fmt: skip
    inv.cadres.add(a)
    ProblemSolved.objects.create(program=program, title="用电增容", beneficiary="某项目",
                                 outcome="已解决", date=date(2026, 3, 22), team=group)  # fmt: skip
    return program


def test_march_figures_equal_cultivations(people):
    _record(people)
    a = people.cadre_a
    march = evidence_rounds.figures([a.pk], *evidence_rounds.month_range(date(2026, 3, 1)))[a.pk]
    assert march == {"hours": Decimal("5.5"), "logs": 2, "deliverables": 2, "adopted": 1,
                     "capital": Decimal("500.50"), "problems": 1}  # fmt: skip
    # Every 2026 row is in March, so cultivation's yearly roll-ups must say the same.
    assert hours_by_cadre([a.pk], year=2026)[a.pk] == march["hours"]
    row = next(r for r in results_by_cadre(people.org_admin, year=2026) if r["id"] == a.pk)
    assert row["deliverables"]["total"] == march["deliverables"]
    assert row["outcomes"]["adopted"] == march["adopted"]
    assert row["investment"]["capital"] == march["capital"]
    assert row["problems"]["total"] == march["problems"]
    assert log_queryset(people.org_admin).filter(date__year=2026).count() == march["logs"]
    december = evidence_rounds.figures([a.pk], *evidence_rounds.month_range(date(2025, 12, 1)))
    assert december[a.pk]["hours"] == hours_by_cadre([a.pk], year=2025)[a.pk] == Decimal("4")
    assert (december[a.pk]["logs"], december[a.pk]["deliverables"]) == (1, 1)
    # 李娜 is credited only through the team: the team's proposal and the problem solved.
    a2 = evidence_rounds.figures([people.cadre_a2.pk], date(2026, 3, 1), date(2026, 3, 31))
    assert (a2[people.cadre_a2.pk]["deliverables"], a2[people.cadre_a2.pk]["problems"]) == (1, 1)


def test_scoring_page_shows_the_figures(login, people):
    _record(people)
    p = people
    round_ = make_round(p.org_admin, make_scheme(p.org_admin), [p.cadre_a], [p.inspector])
    page = login(p.inspector).get(
        reverse("supervision:inspect_member", args=[member_of(round_, p.cadre_a).pk])
    )
    text = page.content.decode()
    assert 'data-figure="hours">5.5<' in text
    assert 'data-figure="capital">500.50<' in text
    detail = (
        login(p.org_admin)
        .get(reverse("supervision:member_detail", args=[member_of(round_, p.cadre_a).pk]))
        .content.decode()
    )
    assert "园区用地调研" in detail and "营商环境建议" in detail and "旧报告" not in detail
