"""Mentoring pages per persona (allowed, forbidden, out of scope → 404), the forms' refusals in
the user's words, exports, and constant query counts on every list."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from qingmiao.accounts.roles import Role
from qingmiao.accounts.tests.factories import UserFactory
from qingmiao.cadres.tests.factories import CadreFactory
from qingmiao.cultivation.models import FollowUp, MatchingRun, MentoringLog, MentorPair
from qingmiao.cultivation.services import matching_runs

from .factories_mentoring import enrol, make_log, make_mentor, make_pair, make_program

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def url(name, *args):
    return reverse(f"cultivation:{name}", args=args)


@pytest.fixture
def world(people):
    """Mentor A (the `mentor` persona) with 张伟 (the cadre persona); mentor B with 王强; a
    matching run for 李娜 still proposed."""
    program = make_program(people.tree.root, cadres=[people.cadre_a, people.cadre_b])
    profile_a = make_mentor(people.mentor, unit=people.tree.unit_b, capacity=4)
    mentor_b = UserFactory(username="mentor_b", role=Role.MENTOR, full_name="钱导师")
    profile_b = make_mentor(mentor_b, capacity=1)
    mine = make_pair(program, people.mentor, people.cadre_a)
    theirs = make_pair(program, mentor_b, people.cadre_b)
    log_a = make_log(mine, writer=people.cadre_user)
    log_b = make_log(theirs, writer=mentor_b)
    follow_a = FollowUp.objects.create(log=log_a, text="走访企业", due_date=TODAY)
    follow_b = FollowUp.objects.create(log=log_b, text="撰写小结", due_date=TODAY)
    enrol(program, [people.cadre_a2])
    run = matching_runs.matching_run_create(actor=people.org_admin, program=program)
    proposed = MentorPair.objects.filter(run=run).first()
    return type("W", (), locals())


STAFF_ONLY = {"org_admin": 200}
READERS = {"org_admin": 200, "officer_a": 200, "officer_b": 200, "leader": 200, "mentor": 200}
EVERYONE = [
    "org_admin", "officer_a", "officer_b", "leader", "cadre_user", "mentor", "rater", "host",
    "inspector", "sysadmin", "secadmin", "auditor",
]  # fmt: skip


def pages(w):
    return [
        (url("mentoring_index"), STAFF_ONLY),
        (url("program_mentoring", w.program.pk), STAFF_ONLY),
        (url("run_detail", w.run.pk), STAFF_ONLY),
        (url("pair_reassign", w.proposed.pk), STAFF_ONLY),
        (url("mentor_new"), STAFF_ONLY),
        (url("mentor_edit", w.profile_b.pk), STAFF_ONLY),
        (url("mentor_list"), READERS),
        (url("pair_list"), READERS),
        (url("log_list"), READERS),
        (url("my_mentees"), {"mentor": 200, "cadre_user": 200}),
        (url("my_mentoring"), {"mentor": 200, "cadre_user": 200}),
        # The pair of mentor A and 张伟: its two sides, staff of unit A and the organizer.
        (
            url("pair_detail", w.mine.pk),
            {
                "org_admin": 200,
                "officer_a": 200,
                "leader": 200,
                "mentor": 200,
                "cadre_user": 200,
                "officer_b": 404,
            },
        ),
        (
            url("log_detail", w.log_a.pk),
            {
                "org_admin": 200,
                "officer_a": 200,
                "leader": 200,
                "mentor": 200,
                "cadre_user": 200,
                "officer_b": 404,
            },
        ),
        # Mentor B's pair and log: mentor A and 张伟 are out of scope.
        (
            url("pair_detail", w.theirs.pk),
            {
                "org_admin": 200,
                "officer_b": 200,
                "leader": 200,
                "mentor": 404,
                "cadre_user": 404,
                "officer_a": 404,
            },
        ),
        (
            url("log_detail", w.log_b.pk),
            {
                "org_admin": 200,
                "officer_b": 200,
                "leader": 200,
                "mentor": 404,
                "cadre_user": 404,
                "officer_a": 404,
            },
        ),
        (url("log_new", w.mine.pk), {"mentor": 200, "cadre_user": 200}),
        (url("log_new", w.theirs.pk), {"mentor": 404, "cadre_user": 404}),
        # A proposal is staff's: neither its mentor nor anyone else outside staff sees it.
        (
            url("pair_detail", w.proposed.pk),
            {
                "org_admin": 200,
                "officer_a": 200,
                "leader": 200,
                "mentor": 404,
                "officer_b": 404,
                "cadre_user": 404,
            },
        ),
    ]


def test_every_page_for_every_persona(login, people, world):
    for path, allowed in pages(world):
        for persona in EVERYONE:
            user = getattr(people, persona)
            status = login(user).get(path).status_code
            assert status == allowed.get(persona, 403), (path, persona, status)


def test_mentor_a_cannot_reach_mentor_b_s_mentee_record(login, people, world):
    client = login(people.mentor)
    assert client.get(reverse("cadres:detail", args=[people.cadre_a.pk])).status_code == 200
    assert client.get(reverse("cadres:detail", args=[people.cadre_b.pk])).status_code == 404
    assert client.get(reverse("cadres:detail", args=[people.cadre_a2.pk])).status_code == 404


def test_posts_out_of_scope_are_404_and_change_nothing(login, people, world):
    client = login(people.mentor)
    assert client.post(url("log_confirm", world.log_b.pk)).status_code == 404
    assert client.post(url("follow_up_done", world.follow_b.pk)).status_code == 404
    world.log_b.refresh_from_db()
    assert world.log_b.confirmed_at is None
    assert client.post(url("run_confirm", world.run.pk)).status_code == 403
    assert login(people.officer_a).post(url("run_confirm", world.run.pk)).status_code == 403
    assert MentorPair.objects.filter(status="proposed").count() == world.run.stats["pairs"]


def test_lists_show_only_what_the_user_may_see(login, people, world):
    mentor_rows = login(people.mentor).get(url("pair_list")).content.decode()
    assert "张伟" in mentor_rows and "王强" not in mentor_rows and "李娜" not in mentor_rows
    b_rows = login(people.officer_b).get(url("log_list")).content.decode()
    assert b_rows.count('data-testid="log-row"') == 1


def test_mentor_logs_a_session_on_the_form(login, people, world):
    client = login(people.mentor)
    bad = client.post(
        url("log_new", world.mine.pk),
        {
            "date": (TODAY + datetime.timedelta(days=2)).isoformat(),
            "mode": "talk",
            "topic": "谈心",
            "duration_minutes": "30",
            "follow_up_0_text": "交材料",
            "follow_up_0_due": "2026-01-01",
        },
    )
    text = bad.content.decode()
    assert bad.status_code == 200
    assert "帮带日期不能晚于今天。" in text and "完成期限不能早于帮带日期。" in text
    assert MentoringLog.objects.filter(pair=world.mine).count() == 1
    good = client.post(
        url("log_new", world.mine.pk),
        {
            "date": TODAY.isoformat(),
            "mode": "onsite",
            "topic": "项目现场指导",
            "duration_minutes": "90",
            "follow_up_0_text": "交材料",
            "follow_up_0_due": (TODAY + datetime.timedelta(days=7)).isoformat(),
        },
    )
    log = MentoringLog.objects.get(topic="项目现场指导")
    assert good.status_code == 302 and good["Location"] == url("log_detail", log.pk)
    assert log.follow_ups.count() == 1 and log.written_by == people.mentor
    # The cadre confirms it from their page.
    response = login(people.cadre_user).post(url("log_confirm", log.pk))
    assert response.status_code == 302
    log.refresh_from_db()
    assert log.confirmed_by == people.cadre_user


def test_reassign_over_capacity_is_refused_on_the_form(login, people, world):
    proposed = world.proposed
    response = login(people.org_admin).post(
        url("pair_reassign", proposed.pk), {"mentor": world.mentor_b.pk}
    )
    assert response.status_code == 200
    assert "导师 钱导师 已满员（1/1）。" in response.content.decode()


def test_staff_run_and_confirm_from_the_pages(login, people, world):
    client = login(people.org_admin)
    response = client.post(url("matching_start", world.program.pk))
    run = MatchingRun.objects.latest("created_at")
    assert response["Location"] == url("run_detail", run.pk)
    page = client.get(url("run_detail", run.pk)).content.decode()
    assert "匹配理由" in page and 'data-testid="confirm-run"' in page
    client.post(url("run_confirm", run.pk))
    assert MentorPair.objects.filter(run=run, status="active").count() == run.stats["pairs"]


def test_settings_and_roles_saved_with_field_errors(login, people, world):
    client = login(people.org_admin)
    path = url("program_mentoring", world.program.pk)
    bad = client.post(path, {"action": "role", "name": "政治导师"})
    assert "本项目已有名为“政治导师”的导师类别。" in bad.content.decode()
    ok = client.post(path, {"action": "settings", "quiet_pair_weeks": "6"})
    assert ok.status_code == 302
    assert world.program.cultivation_settings.quiet_pair_weeks == 6


def test_exports_per_persona(login, people, world):
    for name in ("pair_export", "log_export", "mentor_export"):
        assert login(people.org_admin).post(url(name)).status_code == 200
        assert login(people.officer_a).post(url(name)).status_code == 200
        for persona in ("mentor", "cadre_user", "rater"):
            assert login(getattr(people, persona)).post(url(name)).status_code == 403


def _count(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx)


def test_lists_run_a_constant_number_of_queries(login, people, world):
    client = login(people.org_admin)
    paths = [url("pair_list"), url("log_list"), url("mentor_list"), url("run_detail", world.run.pk)]
    before = [_count(client, p) for p in paths]
    more = CadreFactory.create_batch(6, unit=people.tree.unit_b)
    enrol(world.program, more)
    for i, cadre in enumerate(more):
        mentor = make_mentor(username=f"m{i}", capacity=3).user
        pair = make_pair(world.program, mentor, cadre, role=world.program.mentor_roles.last())
        make_log(pair, writer=mentor)
    run = matching_runs.matching_run_create(actor=people.org_admin, program=world.program)
    paths[-1] = url("run_detail", run.pk)
    after = [_count(client, p) for p in paths]
    assert before == after


def test_personal_pages_run_a_constant_number_of_queries(login, people, world):
    mentor = login(people.mentor)
    before = _count(mentor, url("my_mentees"))
    for cadre in CadreFactory.create_batch(4, unit=people.tree.unit_b):
        pair = make_pair(
            world.program, people.mentor, cadre, role=world.program.mentor_roles.last()
        )
        make_log(pair, writer=people.cadre_user)
    assert _count(mentor, url("my_mentees")) == before


def test_mentor_page_shows_mentees_flags_and_logs_to_confirm(login, people, world):
    page = login(people.mentor).get(url("my_mentees")).content.decode()
    assert "张伟" in page and 'data-testid="quiet-flag"' in page  # no confirmed log since 9-01
    assert 'data-testid="to-confirm"' in page  # 张伟's log waits for the mentor
    assert "走访企业" in page  # the follow-up due today
    cadre_page = login(people.cadre_user).get(url("my_mentoring")).content.decode()
    assert "我的导师" in cadre_page and people.mentor.full_name in cadre_page
