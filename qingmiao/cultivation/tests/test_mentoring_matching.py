"""The matching solver on a case solved by hand, and the run → review → confirm services."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qingmiao.accounts.models import AuditEntry
from qingmiao.core.models.notifications import Notification
from qingmiao.cultivation import matching
from qingmiao.cultivation.models import MentorPair
from qingmiao.cultivation.services import matching_runs
from qingmiao.cultivation.services import mentoring as services

from .factories_mentoring import make_mentor, make_pair, make_program

# The hand-worked case. Units (materialized paths, 4 characters a level):
#   0001 district root · 00010001 department A · 000100010001 a section of A · 00010002 dept B
# Mentors: M1 in department A, keywords 招商引资 产业, capacity 2, no mentee yet;
#          M2 in department B, keyword 财政, capacity 1;
#          M3 a district leader (root: superior of no one), no keyword, capacity 2, 1 mentee
#          already.
# Mentees: E1 in A's section (招商引资 产业), E2 in B (招商引资 产业), E3 in B (财政 预算),
#          E4 in A (财政).
# Slots: M1 ×2 (load cost 0, 1), M2 ×1 (0), M3 ×1 (its load is 1 → cost 1).
# Base cost = fit (0 for ≥2 keywords, 3 for one, 6 for none) + 2 if same department:
#        M1          M2           M3
#   E1   forbidden   6            6        (M1 leads E1's department: superior)
#   E2   0           6+2=8        6
#   E3   6           3+2=5        6
#   E4   forbidden   3            6
# Four mentees, four slots: every slot is used, so M1's two slots go to E2 and E3 (the only
# ones allowed): 0 + (6+1) = 7. E1 and E4 share M2 (0) and M3 (+1): E1→M2, E4→M3 = 6 + 7 = 13;
# E1→M3, E4→M2 = 7 + 3 = 10. Optimum: E1→M3, E2→M1, E3→M1, E4→M2, total 7 + 10 = 17.
# Greedy in order: E1 takes M2 (6), E2 M1 slot 1 (0), E3 M1 slot 2 (7), E4 only M3 left (7) = 20.

A, SEC, B, ROOT = "00010001", "000100010001", "00010002", "0001"
MENTORS = [
    matching.Mentor(key=1, keywords=("招商引资", "产业"), capacity=2, unit_path=A),
    matching.Mentor(key=2, keywords=("财政",), capacity=1, unit_path=B),
    matching.Mentor(key=3, keywords=(), capacity=2, load=1, unit_path=ROOT),
]
MENTEES = [
    matching.Mentee(key=11, text="招商引资 产业 科员", unit_path=SEC),
    matching.Mentee(key=12, text="招商引资 产业", unit_path=B),
    matching.Mentee(key=13, text="财政 预算", unit_path=B),
    matching.Mentee(key=14, text="财政", unit_path=A),
]


def assignment(solution):
    return {p.mentee: p.mentor for p in solution.placements}


def test_hand_solved_case_with_superior_exclusion():
    solution = matching.solve(MENTEES, MENTORS, exclude_superior=True)
    assert assignment(solution) == {11: 3, 12: 1, 13: 1, 14: 2}
    assert solution.total_cost == 17
    assert solution.unplaced == []
    by_mentee = {p.mentee: p for p in solution.placements}
    assert by_mentee[12].matched == ("招商引资", "产业")
    assert (by_mentee[12].load_after, by_mentee[13].load_after) == (1, 2)  # 1/2 then 2/2
    assert by_mentee[11].load_after == 2 and by_mentee[11].capacity == 2  # M3: 1 before + 1
    assert by_mentee[13].same_department is False and by_mentee[13].matched == ()


def test_greedy_reference_costs_more_on_the_same_case():
    greedy = matching.greedy(MENTEES, MENTORS, exclude_superior=True)
    assert greedy.total_cost == 20 > 17


def test_without_the_exclusion_the_superior_is_allowed():
    # Costs with M1 allowed for E1 (2 keywords + same department = 2) and E4 (none + 2 = 8):
    #        M1s1 M1s2 M2  M3
    #   E1   2    3    6   7
    #   E2   0    1    8   7
    #   E3   6    7    5   7
    #   E4   8    9    3   7
    # E1, E2 → M1 (2 + 1 = 3), E4 → M2 (3), E3 → M3 (7): 13; any other way costs more
    # (E3 → M2, E4 → M3: 3 + 5 + 7 = 15).
    solution = matching.solve(MENTEES, MENTORS, exclude_superior=False)
    assert assignment(solution) == {11: 1, 12: 1, 13: 3, 14: 2}
    assert solution.total_cost == 13


def test_forbidden_pair_and_capacity_short_are_reported_not_dropped():
    extra = matching.Mentee(key=15, text="", unit_path=B)
    solution = matching.solve(
        [*MENTEES, extra], MENTORS, exclude_superior=True, forbidden={(14, 2)}
    )
    # Five mentees, four slots: one is left out, and E4 may no longer take M2.
    assert len(solution.placements) == 4
    assert len(solution.unplaced) == 1
    assert assignment(solution).get(14) != 2
    placed = set(assignment(solution)) | set(solution.unplaced)
    assert placed == {11, 12, 13, 14, 15}


def test_a_mentee_whose_every_mentor_is_forbidden_is_unplaced():
    only_m1 = [MENTORS[0]]
    solution = matching.solve([MENTEES[0], MENTEES[1]], only_m1, exclude_superior=True)
    assert assignment(solution) == {12: 1}
    assert solution.unplaced == [11]


def test_load_spreads_over_equal_mentors():
    mentors = [matching.Mentor(key=k, keywords=(), capacity=5) for k in (1, 2, 3)]
    mentees = [matching.Mentee(key=10 + i, text="") for i in range(6)]
    solution = matching.solve(mentees, mentors)
    counts = {}
    for p in solution.placements:
        counts[p.mentor] = counts.get(p.mentor, 0) + 1
    assert counts == {1: 2, 2: 2, 3: 2}
    # Fit 6 each, load costs 0+1 per mentor: 6 × 6 + 3 × 1 = 39.
    assert solution.total_cost == 39


def test_is_superior_rule():
    assert matching.is_superior(A, SEC)  # the department leads its section
    assert matching.is_superior(A, A)  # and its own staff
    assert not matching.is_superior(ROOT, SEC)  # the district's leaders: no one's direct line
    assert not matching.is_superior(B, SEC)
    assert not matching.is_superior(SEC, A)  # a section does not lead its department


# --- the services, on the conftest tree -----------------------------------------------------


@pytest.fixture
def setup(people):
    tree = people.tree
    mentees = [people.cadre_a, people.cadre_a2, people.cadre_b]
    people.cadre_a.expertise = "招商引资"
    people.cadre_a.save()
    program = make_program(tree.root, cadres=mentees)
    m_root = make_mentor(username="leader1", unit=tree.root, capacity=3, specialties="招商引资")
    m_a = make_mentor(people.mentor, unit=tree.unit_a, capacity=2, specialties="财政 招商引资")
    m_b = make_mentor(username="headb", unit=tree.unit_b, capacity=2, specialties="财政")
    return program, mentees, (m_root, m_a, m_b)


def test_run_proposes_two_mentors_each_with_reasons(people, setup):
    program, mentees, (m_root, m_a, _m_b) = setup
    run = matching_runs.matching_run_create(actor=people.org_admin, program=program)
    pairs = MentorPair.objects.filter(run=run)
    assert pairs.count() == 6 and run.stats["unplaced"] == 0
    assert set(pairs.values_list("status", flat=True)) == {"proposed"}
    for cadre in mentees:
        mine = pairs.filter(mentee=cadre)
        assert mine.count() == 2
        assert len(set(mine.values_list("mentor", flat=True))) == 2  # two different mentors
    # The unit-A mentor leads unit A and its section: never proposed to 张伟 or 李娜.
    assert not pairs.filter(mentor=m_a.user, mentee__in=mentees[:2]).exists()
    reason = pairs.get(mentee=people.cadre_a, mentor=m_root.user).reason
    assert reason.startswith("专长相符：招商引资；") and "负荷" in reason
    assert AuditEntry.objects.filter(action="cultivation.matching.proposed").count() == 1
    # Staff nothing yet told; the mentor does not see a proposal.
    assert not Notification.objects.exists()


def test_rerun_replaces_the_open_proposal(people, setup):
    program, *_ = setup
    first = matching_runs.matching_run_create(actor=people.org_admin, program=program)
    second = matching_runs.matching_run_create(actor=people.org_admin, program=program)
    assert not MentorPair.objects.filter(run=first).exists()
    assert MentorPair.objects.filter(run=second).count() == 6


def test_confirm_is_all_or_nothing_and_notifies(people, setup):
    program, _mentees, (_m_root, _m_a, m_b) = setup
    run = matching_runs.matching_run_create(actor=people.org_admin, program=program)
    # Meanwhile another program fills the unit-B mentor: the whole confirmation is refused.
    other = make_program(people.tree.root, name="另一个项目", cadres=[])
    for cadre in (people.cadre_a, people.cadre_a2):
        make_pair(other, m_b.user, cadre)
    in_run = MentorPair.objects.filter(run=run, mentor=m_b.user).count()
    with pytest.raises(ValidationError) as exc:
        services.matching_run_confirm(actor=people.org_admin, run=run)
    assert f"已满员（{2 + in_run}/2）" in exc.value.messages[0]
    assert MentorPair.objects.filter(run=run, status="active").count() == 0
    MentorPair.objects.filter(program=other).update(status="ended")
    assert services.matching_run_confirm(actor=people.org_admin, run=run) == 6
    assert MentorPair.objects.filter(run=run, status="active").count() == 6
    run.refresh_from_db()
    assert run.confirmed_at is not None
    assert Notification.objects.filter(event="cultivation.pairs.confirmed").count() >= 3
    with pytest.raises(ValidationError):
        services.matching_run_confirm(actor=people.org_admin, run=run)


def test_reassign_checks_capacity_superior_and_other_role(people, setup):
    program, _mentees, (_m_root, m_a, _m_b) = setup
    run = matching_runs.matching_run_create(actor=people.org_admin, program=program)
    pair = MentorPair.objects.filter(run=run, mentee=people.cadre_b).order_by("role__sort")[0]
    other_mentor = (
        MentorPair.objects.filter(run=run, mentee=people.cadre_b).exclude(pk=pair.pk).get().mentor
    )
    with pytest.raises(ValidationError) as exc:
        services.pair_reassign(actor=people.org_admin, pair=pair, mentor=other_mentor)
    assert "已是该学员的另一位导师" in exc.value.messages[0]
    a_pair = MentorPair.objects.filter(run=run, mentee=people.cadre_a).first()
    with pytest.raises(ValidationError) as exc:
        services.pair_reassign(actor=people.org_admin, pair=a_pair, mentor=m_a.user)
    assert "直接上级" in exc.value.messages[0]
    full = make_mentor(username="full", capacity=1, full_name="满员导师")
    make_pair(make_program(people.tree.root, name="其他", cadres=[]), full.user, people.cadre_a2)
    with pytest.raises(ValidationError) as exc:
        services.pair_reassign(actor=people.org_admin, pair=pair, mentor=full.user)
    assert exc.value.message_dict["mentor"] == ["导师 满员导师 已满员（1/1）。"]
    free = make_mentor(username="free", capacity=3)
    changed = services.pair_reassign(actor=people.org_admin, pair=pair, mentor=free.user)
    assert changed.pk == pair.pk and changed.mentor == free.user and changed.status == "proposed"
    assert changed.reason == "人工调整；负荷 1/3"


def test_reassigning_an_active_pair_ends_it_and_starts_another(people, setup):
    program, _mentees, (_m_root, _m_a, m_b) = setup
    pair = make_pair(program, m_b.user, people.cadre_a)
    free = make_mentor(username="free", unit=people.tree.unit_b, capacity=3)
    new = services.pair_reassign(actor=people.org_admin, pair=pair, mentor=free.user)
    pair.refresh_from_db()
    assert pair.status == "ended" and pair.ended_on is not None
    assert new.pk != pair.pk and new.status == "active" and new.mentor == free.user


def test_only_a_manager_of_the_program_runs_or_confirms(people, setup):
    program, *_ = setup
    for user in (people.officer_a, people.leader, people.mentor, people.cadre_user):
        with pytest.raises(PermissionDenied):
            matching_runs.matching_run_create(actor=user, program=program)


def test_active_pairs_are_kept_and_count_against_capacity(people, setup):
    program, _mentees, (m_root, _m_a, _m_b) = setup
    role = program.mentor_roles.order_by("sort").first()
    make_pair(program, m_root.user, people.cadre_b, role=role)
    run = matching_runs.matching_run_create(actor=people.org_admin, program=program)
    # 王强 keeps the confirmed mentor in the first role and gets only the second.
    assert not MentorPair.objects.filter(run=run, mentee=people.cadre_b, role=role).exists()
    assert not MentorPair.objects.filter(
        run=run, mentee=people.cadre_b, mentor=m_root.user
    ).exists()
    assert run.stats["pairs"] == 5


def test_a_large_program_runs_as_a_job(
    people, setup, monkeypatch, django_capture_on_commit_callbacks
):
    program, *_ = setup
    monkeypatch.setattr(matching_runs, "BACKGROUND_ABOVE", 1)
    with django_capture_on_commit_callbacks(execute=True):
        job = matching_runs.matching_start(actor=people.org_admin, program=program)
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert MentorPair.objects.filter(run_id=job.params["run"]).count() == 6
