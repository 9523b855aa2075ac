"""The performance list beside an appraisal proposal: each cadre's latest closed standing of
the year, in the reader's scope.

The `year` fixture (factories_rounds): March ranks 张伟 1, 王强 2, 李娜 3 (cumulative the
same: one month); April ranks 王强 1, 张伟 2, 李娜 on leave (unranked), cumulative 王强 1,
张伟 2, 李娜 3 (test_rounds_services works these out by hand)."""

import pytest

from qingmiao.supervision import basis

from .factories_rounds import year  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


def test_latest_standing_of_the_year(people, year):  # noqa: F811
    p = people
    cadres = [p.cadre_a, p.cadre_a2, p.cadre_b]
    lines = basis.for_cadres(p.org_admin, cadres, 2026)
    assert lines[p.cadre_a.pk] == [("实绩清单", "4月实绩清单第 2 名，累计第 2 名")]
    # On leave in April: her March standing is her latest.
    assert lines[p.cadre_a2.pk] == [("实绩清单", "3月实绩清单第 3 名，累计第 3 名")]
    assert lines[p.cadre_b.pk] == [("实绩清单", "4月实绩清单第 1 名，累计第 1 名")]
    # Unit A's officer does not read 王强's (unit B) rounds; another year has nothing.
    assert basis.for_cadres(p.officer_a, cadres, 2026)[p.cadre_b.pk] == []
    assert basis.for_cadres(p.org_admin, cadres, 2025)[p.cadre_a.pk] == []


def test_queries_do_not_grow_with_the_page(people, year):  # noqa: F811
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from qingmiao.supervision import basis_rounds

    p = people
    counts = []
    for cadres in ([p.cadre_a], [p.cadre_a, p.cadre_a2, p.cadre_b]):
        with CaptureQueriesContext(connection) as ctx:
            basis_rounds._lines(p.org_admin, cadres, 2026)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
