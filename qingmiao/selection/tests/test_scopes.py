"""Who sees which selection records, through the one scoping layer.

The world: a running program 青年干部训练营 (organized by the root unit, two stages, a track)
with three applicants — 张伟 (unit A, applied himself), 李娜 (unit A's section, recommended by
officer_a), 王强 (unit B, recommended by officer_b). Stage 1 has one rater per candidate from
the outside raters `rater`, `r2`, `r3` (one candidate each); `rater` and `r2` have submitted.
A second running program 成长营 (no applicant of ours, scored by `r4` only), and two drafts:
one organized by the root, one by unit B.
"""

from types import SimpleNamespace

import pytest
from django.http import Http404

from qingmiao.accounts import scoping
from qingmiao.accounts.roles import Role
from qingmiao.accounts.tests.factories import UserFactory
from qingmiao.cadres.tests.factories import CadreFactory
from qingmiao.selection import selectors, services
from qingmiao.selection.models import (
    AdvancementDecision,
    Application,
    Dimension,
    Program,
    RaterAssignment,
    RaterConflict,
    ScoreSheet,
    Stage,
    StageEntry,
    Track,
)

from .factories import (
    first_stage,
    make_program,
    make_raters,
    open_registration,
    open_scoring,
    recommend,
    start,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(people):
    admin = people.org_admin
    w = SimpleNamespace()
    w.draft_root = make_program(admin, name="草稿-区委", tracks=["草稿赛道"])
    w.draft_b = make_program(admin, name="草稿-财政局", organizer=people.tree.unit_b)

    w.main = make_program(admin, name="青年干部训练营", tracks=["数字经济"], stages=({}, {}))
    open_registration(admin, w.main)
    track = w.main.tracks.get()
    w.app_a = services.application_submit(
        actor=people.cadre_user, program=w.main, track=track, statement=""
    )
    w.app_a2 = recommend(people.officer_a, w.main, people.cadre_a2, track=track)
    w.app_b = recommend(people.officer_b, w.main, people.cadre_b, track=track)
    start(admin, w.main)
    w.stage1, w.stage2 = w.main.stages.order_by("order")
    w.r2, w.r3 = make_raters(2, prefix="other")
    open_scoring(admin, w.stage1, [people.rater, w.r2, w.r3], k=1)
    w.own = RaterAssignment.objects.get(rater=people.rater)
    w.theirs = RaterAssignment.objects.get(rater=w.r2)
    dim = w.stage1.dimensions.get()
    w.own_sheet = submit(people.rater, w.own.entry, {dim: 70})
    w.their_sheet = submit(w.r2, w.theirs.entry, {dim: 80})

    w.other = make_program(admin, name="成长营")
    open_registration(admin, w.other)
    w.app_other = recommend(admin, w.other, CadreFactory(name="赵敏", unit=people.tree.unit_b))
    start(admin, w.other)
    w.r4 = make_raters(1, prefix="growth")[0]
    open_scoring(admin, first_stage(w.other), [w.r4], k=1)
    return w


def names(user, model=Program) -> set[str]:
    return {p.name for p in scoping.visible(user, model)}


def pks(user, model) -> set[int]:
    return set(scoping.visible(user, model).values_list("pk", flat=True))


PUBLISHED = {"青年干部训练营", "成长营"}


# --- programs --------------------------------------------------------------------------------


def test_org_admin_sees_drafts_in_scope_and_everything_published(people, world):
    assert names(people.org_admin) == {"草稿-区委", "草稿-财政局", *PUBLISHED}


def test_org_admin_of_a_department_sees_only_drafts_of_their_subtree(people, world):
    admin_b = UserFactory(username="orgadmin_b", role=Role.ORG_ADMIN, org_unit=people.tree.unit_b)
    assert names(admin_b) == {"草稿-财政局", *PUBLISHED}
    admin_a = UserFactory(username="orgadmin_a", role=Role.ORG_ADMIN, org_unit=people.tree.unit_a)
    assert names(admin_a) == PUBLISHED


@pytest.mark.parametrize("persona", ["cadre_user", "mentor", "officer_a", "officer_b", "inspector"])
def test_published_programs_are_readable_drafts_are_not(people, world, persona):
    assert names(getattr(people, persona)) == PUBLISHED


@pytest.mark.parametrize("persona", ["sysadmin", "secadmin", "auditor"])
def test_separated_administrators_see_no_program(people, world, persona):
    user = getattr(people, persona)
    assert names(user) == set()
    assert pks(user, Application) == set()
    assert pks(user, StageEntry) == set()
    assert pks(user, ScoreSheet) == set()


def test_outside_rater_sees_only_the_programs_they_score(people, world):
    assert names(people.rater) == {"青年干部训练营"}
    assert names(world.r4) == {"成长营"}
    unassigned = UserFactory(username="idle", role=Role.RATER)
    assert names(unassigned) == set()
    # The public page of a program they do not score is a 404 as well.
    with pytest.raises(Http404):
        selectors.program_get_public(people.rater, world.other.public_id)
    assert selectors.program_get_public(people.rater, world.main.public_id) == world.main


def test_tracks_follow_their_program(people, world):
    assert {t.program_id for t in scoping.visible(people.rater, Track)} == {world.main.pk}
    assert {t.name for t in scoping.visible(people.cadre_user, Track)} == {"数字经济"}
    assert {t.name for t in scoping.visible(people.org_admin, Track)} == {"数字经济", "草稿赛道"}


# --- applications ----------------------------------------------------------------------------


def test_org_admin_sees_every_application_of_their_programs(people, world):
    assert pks(people.org_admin, Application) == {
        world.app_a.pk, world.app_a2.pk, world.app_b.pk, world.app_other.pk
    }  # fmt: skip


def test_officer_sees_applications_of_their_units_cadres(people, world):
    assert pks(people.officer_b, Application) == {world.app_b.pk, world.app_other.pk}
    assert pks(people.officer_a, Application) == {world.app_a.pk, world.app_a2.pk}
    with pytest.raises(Http404):
        scoping.get_visible_or_404(people.officer_b, Application, pk=world.app_a.pk)


def test_cadre_sees_only_their_own_application(people, world):
    assert pks(people.cadre_user, Application) == {world.app_a.pk}
    assert list(selectors.own_applications(people.cadre_user)) == [world.app_a]
    with pytest.raises(Http404):
        scoping.get_visible_or_404(people.cadre_user, Application, pk=world.app_a2.pk)


@pytest.mark.parametrize("persona", ["rater", "mentor", "inspector"])
def test_raters_mentors_inspectors_see_no_application(people, world, persona):
    assert pks(getattr(people, persona), Application) == set()


# --- stages and dimensions -------------------------------------------------------------------


def test_rater_sees_only_the_stage_they_score(people, world):
    assert pks(people.rater, Stage) == {world.stage1.pk}
    with pytest.raises(Http404):
        scoping.get_visible_or_404(people.rater, Stage, pk=world.stage2.pk)
    with pytest.raises(Http404):
        scoping.get_visible_or_404(people.rater, Stage, pk=first_stage(world.other).pk)
    assert {d.stage_id for d in scoping.visible(people.rater, Dimension)} == {world.stage1.pk}


def test_managers_see_every_stage_readers_only_published_ones(people, world):
    every = set(Stage.objects.values_list("pk", flat=True))
    assert pks(people.org_admin, Stage) == every
    published = set(Stage.objects.exclude(program__status="draft").values_list("pk", flat=True))
    assert pks(people.cadre_user, Stage) == published
    assert world.draft_root.stages.get().pk not in pks(people.officer_a, Stage)


# --- entries, assignments, sheets ------------------------------------------------------------


def test_rater_sees_only_their_assigned_candidate(people, world):
    assert pks(people.rater, StageEntry) == {world.own.entry_id}
    assert pks(world.r2, StageEntry) == {world.theirs.entry_id}
    with pytest.raises(Http404):
        scoping.get_visible_or_404(people.rater, StageEntry, pk=world.theirs.entry_id)


def test_cadre_and_officer_see_entries_of_their_applications(people, world):
    assert {e.application_id for e in scoping.visible(people.cadre_user, StageEntry)} == {
        world.app_a.pk
    }
    assert {e.application_id for e in scoping.visible(people.officer_b, StageEntry)} == {
        world.app_b.pk,
        world.app_other.pk,
    }


def test_rater_sees_only_their_own_assignments_and_sheets(people, world):
    assert pks(people.rater, RaterAssignment) == {world.own.pk}
    assert pks(people.rater, ScoreSheet) == {world.own_sheet.pk}
    with pytest.raises(Http404):
        scoping.get_visible_or_404(people.rater, RaterAssignment, pk=world.theirs.pk)
    with pytest.raises(Http404):
        scoping.get_visible_or_404(people.rater, ScoreSheet, pk=world.their_sheet.pk)
    assert list(selectors.rater_assignments(people.rater)) == [world.own]
    assert pks(world.r3, ScoreSheet) == set()  # assigned, not started


def test_organizer_side_sees_every_assignment_and_sheet(people, world):
    assert pks(people.org_admin, RaterAssignment) == set(
        RaterAssignment.objects.values_list("pk", flat=True)
    )
    assert pks(people.leader, ScoreSheet) == {world.own_sheet.pk, world.their_sheet.pk}
    # The leader also scores (selection.score) yet sees every candidate, not only their own.
    every_entry = set(StageEntry.objects.values_list("pk", flat=True))
    assert len(every_entry) == 4
    assert pks(people.leader, StageEntry) == every_entry
    assert pks(people.org_admin, StageEntry) == every_entry


@pytest.mark.parametrize("persona", ["cadre_user", "officer_a", "officer_b", "inspector", "mentor"])
def test_others_see_no_assignment_or_sheet(people, world, persona):
    user = getattr(people, persona)
    assert pks(user, RaterAssignment) == set()
    assert pks(user, ScoreSheet) == set()


def test_decisions_are_for_the_organizer_side(people, world):
    world.r3_sheet = submit(
        world.r3,
        RaterAssignment.objects.get(rater=world.r3).entry,
        {world.stage1.dimensions.get(): 60},
    )
    decision = services.advancement_confirm(actor=people.org_admin, stage=world.stage1)
    assert pks(people.org_admin, AdvancementDecision) == {decision.pk}
    assert pks(people.leader, AdvancementDecision) == {decision.pk}
    for persona in ("officer_a", "cadre_user", "rater", "mentor"):
        assert pks(getattr(people, persona), AdvancementDecision) == set()


def test_conflicts_are_seen_by_their_rater_and_managers(people, world):
    mine = services.conflict_declare(
        actor=people.org_admin, rater=people.rater, cadre=people.cadre_b, reason="同学"
    )
    theirs = services.conflict_declare(
        actor=people.org_admin, rater=world.r2, cadre=people.cadre_a, reason="亲属"
    )
    assert pks(people.rater, RaterConflict) == {mine.pk}
    assert pks(people.org_admin, RaterConflict) == {mine.pk, theirs.pk}
