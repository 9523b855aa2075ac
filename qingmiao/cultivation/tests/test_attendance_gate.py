"""The stage hour gate: a stage with a minimum of hours does not let a short candidate advance;
the proposal passes over them, confirming them in is refused with their names, and an approved
make-up lifts the block."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from qingmiao.cultivation.models import Attendance
from qingmiao.cultivation.services import attendance as cultivation
from qingmiao.selection import services
from qingmiao.selection.models import AdvancementDecision, Application, Stage, StageEntry
from qingmiao.selection.tests.factories import make_raters, open_scoring, running_program, submit

from .factories_attendance import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def camp(people, tree):
    """Three candidates scored c1 90 > c2 80 > c3 70 on a stage that takes 2 and needs 6 hours.
    Two sessions of the program: 4 hours and 3 hours (240 and 180 minutes)."""
    admin = people.org_admin
    c1, c2, c3 = people.cadre_a, people.cadre_a2, people.cadre_b
    program = running_program(
        admin, [c1, c2, c3], stages=({"rule": "top_n", "value": 2, "min_credit_hours": 6},)
    )
    stage = program.stages.get()
    raters = make_raters(1)
    open_scoring(admin, stage, raters, k=1)
    dim = stage.dimensions.get()
    entry = {c.pk: StageEntry.objects.get(stage=stage, application__cadre=c) for c in (c1, c2, c3)}
    for cadre, points in ((c1, 90), (c2, 80), (c3, 70)):
        submit(raters[0], entry[cadre.pk], {dim: points})
    s4 = make_session(tree.root, program, hours="4", minutes=240)
    s3 = make_session(tree.root, program, hours="3", minutes=180, title="招商引资实务")
    # c1: absent from the 4-hour session, present at the 3-hour one → 3 h (short by 3);
    # c2: present twice → 7 h; c3: late 30 minutes at the 4-hour session (210/240 × 4 = 3.5)
    # and present at the 3-hour one → 6.5 h.
    cultivation.roster_save(
        actor=admin,
        session=s4,
        rows=[
            {"cadre": c1.pk, "status": "absent"},
            {"cadre": c2.pk, "status": "present"},
            {"cadre": c3.pk, "status": "late", "minutes_late": 30},
        ],
    )
    cultivation.roster_save(
        actor=admin, session=s3, rows=[{"cadre": c.pk, "status": "present"} for c in (c1, c2, c3)]
    )
    return program, stage, entry, s4


def test_ranking_shows_the_shortfall_and_fills_the_cut_from_the_next_eligible(people, camp):
    _program, stage, entry, _s4 = camp
    preview = services.stage_ranking(Stage.objects.get(pk=stage.pk))
    rows = {r.entry.pk: r for r in preview.rows}
    c1, c2, c3 = (entry[people.cadre_a.pk], entry[people.cadre_a2.pk], entry[people.cadre_b.pk])
    assert rows[c1.pk].shortfall == "已修 3 学时，须达 6 学时，差 3 学时"
    assert rows[c2.pk].shortfall == rows[c3.pk].shortfall == ""
    assert [rows[e.pk].proposed for e in (c1, c2, c3)] == [False, True, True]
    assert rows[c1.pk].rank == 1  # the marks are unchanged; only the proposal passes over


def test_confirming_a_short_candidate_in_is_refused_with_their_name(people, camp):
    _program, stage, entry, _s4 = camp
    c1, c3 = entry[people.cadre_a.pk], entry[people.cadre_b.pk]
    with pytest.raises(ValidationError) as exc:
        services.advancement_confirm(
            actor=people.org_admin,
            stage=Stage.objects.get(pk=stage.pk),
            overrides={c1.pk: (True, "评分第一"), c3.pk: (False, "名额已满")},
        )
    assert exc.value.messages == [
        "以下考生未满足本关卡的晋级条件，不能晋级："
        f"{c1.code} 张伟（已修 3 学时，须达 6 学时，差 3 学时）。"
    ]
    assert not AdvancementDecision.objects.exists()
    assert Stage.objects.get(pk=stage.pk).status == "scoring"


def test_after_an_approved_make_up_the_candidate_advances(people, camp):
    program, stage, entry, s4 = camp
    request = cultivation.makeup_request(actor=people.cadre_user, session=s4, how="观看录像")
    cultivation.makeup_decide(actor=people.org_admin, request=request, approve=True)
    assert Attendance.objects.get(session=s4, cadre=people.cadre_a).credited_hours == Decimal("4")
    stage = Stage.objects.get(pk=stage.pk)
    preview = services.stage_ranking(stage)
    assert {r.entry.pk for r in preview.rows if r.proposed} == {
        entry[people.cadre_a.pk].pk,
        entry[people.cadre_a2.pk].pk,
    }
    services.advancement_confirm(actor=people.org_admin, stage=stage)
    outcome = dict(Application.objects.filter(program=program).values_list("cadre_id", "outcome"))
    assert outcome == {
        people.cadre_a.pk: "graduated",
        people.cadre_a2.pk: "graduated",
        people.cadre_b.pk: "eliminated",
    }


def test_without_a_minimum_nothing_is_checked(people, camp):
    _program, stage, _entry, _s4 = camp
    Stage.objects.filter(pk=stage.pk).update(min_credit_hours=None)
    preview = services.stage_ranking(Stage.objects.get(pk=stage.pk))
    assert [r.proposed for r in preview.rows] == [True, True, False]
    assert all(r.shortfall == "" for r in preview.rows)


def test_advancement_page_shows_the_shortfall_and_refuses_with_names(login, people, camp):
    from django.urls import reverse

    _program, stage, entry, _s4 = camp
    client = login(people.org_admin)
    url = reverse("selection:advancement", args=[stage.pk])
    page = client.get(url).content.decode()
    assert "已修 3 学时，须达 6 学时，差 3 学时" in page
    assert 'data-testid="short-count"' in page
    c1, c2, c3 = (entry[people.cadre_a.pk], entry[people.cadre_a2.pk], entry[people.cadre_b.pk])
    response = client.post(
        url,
        {
            f"advance_{c1.pk}": "1",
            f"reason_{c1.pk}": "评分第一",
            f"advance_{c2.pk}": "1",
            f"reason_{c3.pk}": "名额已满",
        },
        follow=True,
    )
    assert "以下考生未满足本关卡的晋级条件，不能晋级" in response.content.decode()
    assert not AdvancementDecision.objects.exists()


def test_ranking_api_names_the_shortfall(people, camp):
    from rest_framework.test import APIClient

    _program, stage, entry, _s4 = camp
    client = APIClient()
    client.force_authenticate(people.org_admin)
    data = client.get(f"/api/v1/stages/{stage.pk}/ranking/").json()
    short = {r["entry"]: r["shortfall"] for r in data["rows"]}
    assert short[entry[people.cadre_a.pk].pk] == "已修 3 学时，须达 6 学时，差 3 学时"
    assert short[entry[people.cadre_a2.pk].pk] == ""


def test_the_stored_ranking_follows_the_hours(people, camp):
    from qingmiao.selection.selectors_ranking import ranking_page

    _program, stage, entry, s4 = camp
    c1 = entry[people.cadre_a.pk].pk
    stage = Stage.objects.get(pk=stage.pk)
    assert {r.entry_id: r.proposed for r in ranking_page(stage).rows}[c1] is False
    request = cultivation.makeup_request(actor=people.cadre_user, session=s4, how="观看录像")
    cultivation.makeup_decide(actor=people.org_admin, request=request, approve=True)
    assert {r.entry_id: r.proposed for r in ranking_page(stage).rows}[c1] is True
