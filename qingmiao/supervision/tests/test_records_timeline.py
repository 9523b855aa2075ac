"""The growth record's timeline equals what the sources recorded; filters; the yearly summary
counted by hand; each source reads through its scope; queries constant whatever the length."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qingmiao.supervision.selectors import growth
from qingmiao.supervision.timeline import SOURCES

from .factories_records import D, attend, small_record

pytestmark = pytest.mark.django_db


def lines(events):
    return [(e.day, e.kind, e.title) for e in events]


def test_timeline_is_what_the_sources_recorded(people):
    small_record(people)
    events = growth.timeline(people.org_admin, people.cadre_a)
    assert lines(events) == [
        (D(2025, 2, 10), "selection", "报名参加“新苗培优计划（2025—2027）”"),
        (D(2025, 5, 10), "training", "参加“政治理论专题”"),
        (D(2025, 6, 1), "mentoring", f"导师{people.mentor.display_name}帮带：入职谈心"),
        (D(2025, 11, 11), "results", "为某食品厂解决“用工难”"),
        (D(2026, 1, 31), "fitness", "适岗情况与能力水平分析：基本胜任"),
        (D(2026, 3, 1), "practice", "挂职锻炼：某乡镇人民政府党政办"),
        (D(2026, 3, 15), "training", "参加“基层治理实务”"),
        (D(2026, 4, 2), "mentoring", f"导师{people.mentor.display_name}帮带：项目复盘"),
        (D(2026, 5, 20), "results", "提交调研报告“乡村物流调研报告”"),
        (D(2026, 7, 1), "results", "“乡村物流调研报告”获区政府采纳"),
        (D(2026, 8, 8), "results", "参与引进企业“某新材料有限公司”"),
    ]


def test_filters_by_kind_and_year(people):
    small_record(people)
    user, cadre = people.org_admin, people.cadre_a
    only = growth.timeline(user, cadre, kinds=["results"], year=2026)
    assert [e.day for e in only] == [D(2026, 5, 20), D(2026, 7, 1), D(2026, 8, 8)]
    two = growth.timeline(user, cadre, kinds=["training", "mentoring"])
    assert [e.kind for e in two] == ["training", "mentoring", "training", "mentoring"]
    # The page narrows the whole record the same way the sources do.
    whole = growth.timeline(user, cadre)
    assert lines(growth.narrowed(whole, ["results"], 2026)) == lines(only)
    assert growth.timeline(user, cadre, year=2024) == []


def test_yearly_summary_counted_by_hand(people):
    small_record(people)
    years = growth.summary(growth.timeline(people.org_admin, people.cadre_a))
    assert [y.year for y in years] == [2026, 2025]
    y2026, y2025 = years
    # 2026: training 1, practice 1, mentoring 1, results 3, fitness 1 = 7
    assert y2026.counts == {
        "training": 1,
        "practice": 1,
        "mentoring": 1,
        "results": 3,
        "fitness": 1,
    }
    assert y2026.total == 7
    # hours 2.5; one report, one adoption, 500 万元, no problem solved
    assert y2026.figures["hours"] == Decimal("2.5")
    assert (y2026.figures["deliverables"], y2026.figures["adopted"]) == (1, 1)
    assert y2026.figures["capital"] == Decimal("500")
    # 2025: selection 1, training 1, mentoring 1, results 1 = 4; 3 h; one problem solved
    assert y2025.counts == {"selection": 1, "training": 1, "mentoring": 1, "results": 1}
    assert y2025.total == 4
    assert y2025.figures["hours"] == Decimal("3") and y2025.figures["problems"] == 1


def test_sources_follow_the_readers_scope(people):
    small_record(people)
    cadre = people.cadre_a
    # The cadre reads their own record, everything in it.
    assert len(growth.timeline(people.cadre_user, cadre)) == 11
    # An officer of the other unit sees nothing of it, and cannot open it.
    assert growth.timeline(people.officer_b, cadre) == []
    from django.http import Http404

    with pytest.raises(Http404):
        growth.record_cadre_get(people.officer_b, cadre.pk)
    with pytest.raises(Http404):
        growth.record_cadre_get(people.mentor, people.cadre_b.pk)
    # The mentor reads their mentee's record (selection's applications are not theirs to see).
    kinds = {e.kind for e in growth.timeline(people.mentor, cadre)}
    assert "mentoring" in kinds and "training" in kinds and "selection" not in kinds
    assert growth.record_cadre_get(people.mentor, cadre.pk) == cadre


def _queries(user, cadre) -> dict:
    counts = {}
    for key, source in SOURCES.items():
        with CaptureQueriesContext(connection) as ctx:
            source(user, cadre)
        counts[key] = len(ctx.captured_queries)
    return counts


def test_queries_per_source_constant_whatever_the_length(people):
    record = small_record(people)
    user, cadre = people.org_admin, people.cadre_a
    user.refresh_from_db()
    _queries(user, cadre)  # warm the scoping's per-request look-ups
    before = _queries(user, cadre)
    # Ten more sessions, logs and reviews.
    from qingmiao.cultivation.tests.factories_attendance import make_session
    from qingmiao.cultivation.tests.factories_mentoring import make_log

    for i in range(10):
        s = make_session(people.tree.root, record.program, starts_at=None, title=f"专题{i}")
        attend(s, cadre, "1")
        make_log(record.pair, writer=people.mentor, date=datetime.date(2026, 9, i + 1))
    assert len(growth.timeline(user, cadre)) == 31
    assert _queries(user, cadre) == before
