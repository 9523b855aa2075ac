"""The stored ranking: fitted when marks change and only then, read a page at a time in a
constant number of queries; and the cached funnel, dropped when the program's data changes."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qingmiao.selection import selectors, services, wording
from qingmiao.selection.models import Application, RankingFit, ScoreSheet
from qingmiao.selection.selectors_funnel import funnel_compute
from qingmiao.selection.selectors_ranking import ranking_page
from qingmiao.selection.services.ranking_store import _summary, ranking_current

from .factories import first_stage, make_cadres, make_raters, open_scoring, running_program, submit


@pytest.fixture
def stage(people):
    """Six candidates, each scored by both of two raters on one 0–100 dimension."""
    admin = people.org_admin
    cadres = make_cadres(people.tree.unit_b, 6)
    program = running_program(admin, cadres, stages=({"rule": "top_n", "value": 2},))
    stage = first_stage(program)
    raters = make_raters(2)
    open_scoring(admin, stage, raters, k=2)
    stage.raters = raters
    return stage


def submit_all(stage, points=(90, 80, 70, 60, 50, 40), harsh=0):
    dim = stage.dimensions.get()
    entries = list(stage.entries.order_by("code"))
    for entry, p in zip(entries, points, strict=True):
        submit(stage.raters[0], entry, {dim: p})
        submit(stage.raters[1], entry, {dim: p - harsh})
    return entries


def test_fit_is_stored_after_the_marks_change_and_reused_until_they_change_again(
    people, stage, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit_all(stage, harsh=10)
    fit = RankingFit.objects.get(stage=stage, method=stage.aggregation)
    # Raters agree on the order; the second is 10 points harsher: raw means 85, 75, … 35.
    assert [r.raw_mean for r in fit.rows.order_by("position")] == [85, 75, 65, 55, 45, 35]
    assert (fit.missing_sheets, fit.proposed_count, fit.candidates) == (0, 2, 6)

    # Reading changes nothing: the same stored fit, not refitted.
    assert ranking_current(stage).fit.pk == fit.pk
    assert ranking_current(stage).fit.fitted_at == fit.fitted_at
    assert RankingFit.objects.count() == 1

    # A reopened sheet: the next read refits (one sheet missing now).
    sheet = ScoreSheet.objects.filter(assignment__stage=stage).first()
    services.sheet_reopen(actor=people.org_admin, sheet=sheet, reason="分数录错")
    refitted = ranking_current(stage).fit
    assert refitted.pk != fit.pk and refitted.missing_sheets == 1
    assert not RankingFit.objects.filter(pk=fit.pk).exists()


def test_a_large_stage_is_refitted_in_the_background(
    people, stage, settings, django_capture_on_commit_callbacks
):
    settings.RANKING_BACKGROUND_ENTRIES = 3  # six candidates: "large"
    submit_all(stage)
    stale = ranking_current(stage)
    # No fit yet and too large to fit during the request: nothing shown, refit queued.
    assert stale.fit is None and stale.pending
    with django_capture_on_commit_callbacks(execute=True):
        ranking_current(stage)  # the queued task runs (immediately, in tests) after commit
    fit = RankingFit.objects.get(stage=stage)
    assert ranking_current(stage).pending is False
    assert ranking_current(stage).fit.pk == fit.pk
    assert [r.score for r in fit.rows.order_by("position")] == [90, 80, 70, 60, 50, 40]


def test_other_methods_are_fitted_on_request_and_kept(stage):
    submit_all(stage, harsh=10)
    assert ranking_current(stage, "median").fit.method == "median"
    assert ranking_current(stage, "severity").fit.method == "severity"
    assert set(RankingFit.objects.values_list("method", flat=True)) == {"median", "severity"}


def test_ranking_page_queries_do_not_grow_with_the_page(login, people, stage):
    submit_all(stage)
    client = login(people.org_admin)
    path = reverse("selection:stage_ranking", args=[stage.pk])
    client.get(path)  # fits and stores
    counts = {}
    for size, page in ((20, 1), (50, 1), (20, 2)):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, {"page_size": size, "page": page})
        assert response.status_code == 200
        counts[(size, page)] = len(queries)
    assert len(set(counts.values())) == 1
    # The read itself, with every row's candidate, unit and track: same count for 2 or 6 rows.
    counts = []
    for size in (2, 6):
        with CaptureQueriesContext(connection) as queries:
            stored = ranking_page(stage, page_size=size)
            seen = [
                (r.entry.code, r.entry.application.cadre.name, r.entry.application.cadre.unit.name)
                for r in stored.rows
            ]
        assert len(seen) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_ranking_page_splits_into_pages(stage):
    submit_all(stage)
    first = ranking_page(stage, page_number=1, page_size=4)
    second = ranking_page(stage, page_number=2, page_size=4)
    assert [r.rank for r in first.rows] == [1, 2, 3, 4]
    assert [r.rank for r in second.rows] == [5, 6]
    assert first.page.paginator.num_pages == 2


def test_ranking_page_shows_the_raw_average_and_what_the_adjustment_did(login, people, stage):
    submit_all(stage, harsh=10)
    response = login(people.org_admin).get(
        reverse("selection:stage_ranking", args=[stage.pk]), {"method": "severity"}
    )
    content = response.content.decode()
    assert "原始平均分" in content and ">85.00<" in content
    assert "评委尺度校正" in content and "把每位评委的宽严程度折算掉后的得分" in content
    # Every candidate was seen by both raters: the harshness cancels out of the comparison,
    # so the scores equal the raw averages and no rank moves.
    assert "6 名考生的得分都没有变化" in content
    assert "最小二乘" not in content and "Z 分数" not in content


def test_adjustment_summary_against_hand_counts():
    # raw 76, 73, 55 → adjusted 78.67, 70.00, 55.33: all three moved, by 2.67, 3.00, 0.33;
    # ranks by raw 1, 2, 3 and by score 1, 2, 3 → none reordered.
    rows = [
        SimpleNamespace(entry_id=1, raw_mean=76.0, score=236 / 3, rank=1),
        SimpleNamespace(entry_id=2, raw_mean=73.0, score=70.0, rank=2),
        SimpleNamespace(entry_id=3, raw_mean=55.0, score=166 / 3, rank=3),
        SimpleNamespace(entry_id=4, raw_mean=None, score=None, rank=None),
    ]
    summary = _summary(rows)
    assert summary == {"scored": 3, "moved": 3, "max_shift": pytest.approx(3.0), "reordered": 0}
    assert wording.adjustment_summary("severity", summary) == (
        "与原始平均分相比，3 名考生（共 3 名）的得分有变化，最多变动 3.00 分；"
        "0 名考生的名次因此不同。"
    )
    # q overtakes p: raw p 80 > q 79, adjusted q 81 > p 78 → both ranks differ from raw.
    swapped = [
        SimpleNamespace(entry_id=1, raw_mean=80.0, score=78.0, rank=2),
        SimpleNamespace(entry_id=2, raw_mean=79.0, score=81.0, rank=1),
    ]
    assert _summary(swapped)["reordered"] == 2


# --- funnel cache ------------------------------------------------------------------------


def test_funnel_is_cached_until_the_program_changes(people, stage, django_assert_num_queries):
    program = stage.program
    first = selectors.funnel(program)
    with django_assert_num_queries(1):  # the version; the funnel itself comes from the cache
        assert selectors.funnel(program) == first
    assert first == funnel_compute(program)
    assert {s["key"]: s["count"] for s in first} == {"applied": 6, "eligible": 6, "stage1": 6}
    # A change through a service (here: the cut) shows on the next read.
    submit_all(stage)
    services.advancement_confirm(actor=people.org_admin, stage=stage)
    after = {s["key"]: s["count"] for s in selectors.funnel(program)}
    assert after == {"applied": 6, "eligible": 6, "stage1": 6, "stage1_advanced": 2}
    assert Application.objects.filter(program=program).count() == 6


def test_shares_round_half_up_alike_in_tables_and_charts(login, people, stage):
    from qingmiao.selection.templatetags.selection_staff import percent, share

    assert share(1, 16) == "6.3%"  # 6.25: half up (round-half-even would print 6.2%)
    assert share(1, 3) == "33.3%" and share(2, 3) == "66.7%" and share(0, 0) == "—"
    assert percent(12.25) == "12.3%" and percent(None) == "—"
    response = login(people.org_admin).get(reverse("selection:funnel", args=[stage.program.pk]))
    for row in response.context["rows"]:
        for group in row["groups"]:
            # the chart's third column is exactly the table's text
            assert [d[2] for d in group["data"]] == [it["pct"] for it in group["items"]]
            assert all(it["pct"] == share(it["n"], row["count"]) for it in group["items"])
