"""Self-service selection pages for every persona: the program page and applying (cadres),
recommending (unit officers), the applicant's own record, and scoring (raters).

The program is built through the services: 火星计划训练营, open to cadres born 1990–1999, two
tracks, one stage scored on 市场眼光 (weight 2, max 40) and 专业素养 (weight 1, max 30).
cadre_a is 张伟 (born 1995, unit A, linked to the cadre_user account), cadre_a2 is 李娜 (born
1992, unit A's section), cadre_b is 王强 (born 1988, unit B). See conftest.py.
"""

import datetime
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from qingmiao.accounts.roles import Role
from qingmiao.accounts.tests.factories import UserFactory
from qingmiao.selection import services
from qingmiao.selection.models import (
    Application,
    Program,
    RaterAssignment,
    RaterConflict,
    Score,
    ScoreSheet,
    Stage,
)
from qingmiao.selection.tests.factories import (
    first_stage,
    make_program,
    open_registration,
    open_scoring,
    recommend,
    start,
    submit,
)

pytestmark = pytest.mark.django_db

FORBIDDEN = "无权访问"
NOT_FOUND = "页面不存在或不在您的管理范围内"
DIMENSIONS = (("市场眼光", 2, 40), ("专业素养", 1, 30))
BORN_1990S = {"born_from": datetime.date(1990, 1, 1), "born_to": datetime.date(1999, 12, 31)}

EVERYONE = [
    "org_admin", "officer_a", "officer_b", "leader", "cadre_user", "mentor", "rater", "host",
    "inspector", "sysadmin", "secadmin", "auditor",
]  # fmt: skip
READERS = {"org_admin", "officer_a", "officer_b", "leader", "cadre_user", "mentor", "inspector"}
SCORERS = {"rater", "mentor", "leader"}
RECOMMENDERS = {"org_admin", "officer_a", "officer_b"}


def build_program(people, *, blind=False, **data) -> Program:
    program = make_program(
        people.org_admin,
        name="火星计划训练营",
        tracks=["数字经济", "生命健康"],
        rule=BORN_1990S,
        stages=[
            {
                "name": "入营选拔",
                "value": 1,
                "dimensions": DIMENSIONS,
                "blind": blind,
                "scoring_closes": timezone.now() + timedelta(days=7),
            }
        ],
        partner_institutions="区内重点企业、产业园区",
        capacity=158,
        description="面向“90后”干部的产业经济训练营，无须单位推荐，自主报名。",
        **data,
    )
    open_registration(people.org_admin, program)
    return Program.objects.get(pk=program.pk)


@pytest.fixture
def program(people):
    return build_program(people)


@pytest.fixture
def cadre_b_user(people):
    """王强 (born 1988) with an account of his own: outside the 1990s rule."""
    user = UserFactory(username="cadre_b", role=Role.CADRE, org_unit=people.tree.unit_b)
    people.cadre_b.user = user
    people.cadre_b.save()
    return user


def page(client, name, *args, **kwargs):
    return client.get(reverse(f"selection:{name}", args=args), **kwargs)


def html(response) -> str:
    return response.content.decode()


def track(program, name="数字经济"):
    return program.tracks.get(name=name)


class Scoring:
    """A running program with two candidates (张伟, 李娜), one rater each, scoring open."""

    def __init__(self, people, *, blind=False):
        self.people = people
        self.program = build_program(people, blind=blind)
        recommend(people.officer_a, self.program, people.cadre_a, track=track(self.program))
        recommend(people.officer_a, self.program, people.cadre_a2, track=track(self.program))
        start(people.org_admin, self.program)
        self.stage = first_stage(self.program)
        self.rater2 = UserFactory(username="rater2", role=Role.RATER, full_name="评委二")
        open_scoring(people.org_admin, self.stage, [people.rater, self.rater2], k=1)
        self.mine = RaterAssignment.objects.select_related("entry__application__cadre").get(
            rater=people.rater
        )
        self.theirs = RaterAssignment.objects.select_related("entry__application__cadre").get(
            rater=self.rater2
        )
        self.dims = list(self.stage.dimensions.order_by("sort"))

    def post(self, client, assignment=None, *, values=(), action="save", comment=""):
        assignment = assignment or self.mine
        data = {"action": action, "comment": comment}
        for dim, value in zip(self.dims, values, strict=False):
            data[f"dim_{dim.pk}"] = value
            data[f"note_{dim.pk}"] = ""
        return client.post(reverse("selection:score_sheet", args=[assignment.pk]), data)


@pytest.fixture
def scoring(people):
    return Scoring(people)


@pytest.fixture
def blind_scoring(people):
    return Scoring(people, blind=True)


# --- every page for every persona ---------------------------------------------------------


@pytest.mark.parametrize("who", EVERYONE)
def test_open_programs_for_every_persona(people, login, program, who):
    response = page(login(getattr(people, who)), "open_programs")
    if who in READERS:
        assert response.status_code == 200
        assert "火星计划训练营" in html(response)
    else:
        assert response.status_code == 403
        assert FORBIDDEN in html(response)


@pytest.mark.parametrize("who", EVERYONE)
def test_program_page_for_every_persona(people, login, program, who):
    response = page(login(getattr(people, who)), "program_public", program.public_id)
    if who in READERS:
        assert response.status_code == 200
        assert "火星计划训练营" in html(response)
    else:  # outside raters and the administrator roles may not read programs: not found
        assert response.status_code == 404
        assert NOT_FOUND in html(response)


@pytest.mark.parametrize("who", EVERYONE)
def test_draft_program_page_is_not_found_for_everyone(people, login, who):
    draft = make_program(people.org_admin, name="草稿项目")
    response = page(login(getattr(people, who)), "program_public", draft.public_id)
    assert response.status_code == 404


@pytest.mark.parametrize("who", EVERYONE)
def test_apply_page_for_every_persona(people, login, program, who):
    response = page(login(getattr(people, who)), "apply", program.public_id)
    if who == "cadre_user":
        assert response.status_code == 200
        assert "提交报名" in html(response)
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("who", EVERYONE)
def test_recommend_page_for_every_persona(people, login, program, who):
    response = page(login(getattr(people, who)), "recommend", program.public_id)
    assert response.status_code == (200 if who in RECOMMENDERS else 403)


@pytest.mark.parametrize("who", EVERYONE)
def test_my_applications_for_every_persona(people, login, who):
    response = page(login(getattr(people, who)), "my_applications")
    if who == "cadre_user":
        assert response.status_code == 200
        assert "您还没有报名任何项目。" in html(response)
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("who", EVERYONE)
def test_rater_tasks_for_every_persona(people, login, who):
    response = page(login(getattr(people, who)), "rater_tasks")
    if who in SCORERS:
        assert response.status_code == 200
        assert "目前没有分配给您的评分任务。" in html(response)
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("who", EVERYONE)
def test_score_sheet_of_the_rater_for_every_persona(people, login, scoring, who):
    """Only the assigned rater opens the sheet; other scorers find nothing (404)."""
    response = page(login(getattr(people, who)), "score_sheet", scoring.mine.pk)
    if who == "rater":
        assert response.status_code == 200
    elif who in SCORERS:
        assert response.status_code == 404
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("who", EVERYONE)
def test_declare_conflict_for_every_persona(people, login, who):
    response = page(login(getattr(people, who)), "declare_conflict")
    assert response.status_code == (200 if who in SCORERS else 403)


def test_anonymous_is_sent_to_login(client, program):
    for name, args in [
        ("open_programs", []),
        ("program_public", [program.public_id]),
        ("apply", [program.public_id]),
        ("my_applications", []),
        ("rater_tasks", []),
    ]:
        response = client.get(reverse(f"selection:{name}", args=args))
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


# --- open programs -------------------------------------------------------------------------


def test_open_programs_lists_published_only_with_the_cadres_eligibility(
    people, login, program, cadre_b_user
):
    make_program(people.org_admin, name="尚未发布的草稿")
    body = html(page(login(people.cadre_user), "open_programs"))
    assert "火星计划训练营" in body
    assert "尚未发布的草稿" not in body
    assert "符合条件" in body and "不符合条件" not in body
    assert "数字经济" in body and "生命健康" in body
    assert "中共测试区委组织部" in body  # organizer
    assert "报名截止" in body
    body_b = html(page(login(cadre_b_user), "open_programs"))
    assert "不符合条件" in body_b


def test_open_programs_marks_what_the_cadre_applied_to(people, login, program):
    client = login(people.cadre_user)
    services.application_submit(
        actor=people.cadre_user, program=program, track=track(program), statement="对数字经济感兴趣"
    )
    body = html(page(client, "open_programs"))
    assert 'data-testid="badge-applied"' in body


# --- the program page: eligibility rule by rule, before applying ---------------------------


def test_program_page_shows_the_public_facts(people, login, program):
    body = html(page(login(people.inspector), "program_public", program.public_id))
    for text in [
        "面向“90后”干部的产业经济训练营",
        "区内重点企业、产业园区",
        "158 人",
        "自主报名或单位推荐",
        "数字经济",
        "入营选拔",
        "按得分排名，前 1 名晋级",
        "市场眼光（权重 2，满分 40）",
        "1990.01.01 至 1999.12.31 出生",  # the requirement, for someone not applying
    ]:
        assert text in body, text
    assert 'data-testid="apply"' not in body
    assert 'data-testid="recommend"' not in body


def test_eligible_cadre_sees_every_rule_ticked_and_the_apply_button(people, login, program):
    body = html(page(login(people.cadre_user), "program_public", program.public_id))
    eligibility = body[body.index('data-testid="eligibility"') :]
    assert "出生日期" in eligibility
    assert "✓" in eligibility and "✗" not in eligibility
    assert "要求" in eligibility and "1990.01.01 至 1999.12.31 出生" in eligibility
    assert "本人情况" in eligibility and "1995.05.12" in eligibility
    assert reverse("selection:apply", args=[program.public_id]) in body


def test_ineligible_cadre_sees_the_failed_rule_and_no_apply_button(
    people, login, program, cadre_b_user
):
    body = html(page(login(cadre_b_user), "program_public", program.public_id))
    assert "✗" in body
    assert "1988.10.09" in body
    assert "不符合" in body
    assert "您不符合资格条件：出生日期。" in body
    assert 'data-testid="apply"' not in body


def test_program_page_says_why_the_cadre_cannot_apply(people, login, program):
    client = login(people.cadre_user)
    Program.objects.filter(pk=program.pk).update(
        registration_opens=timezone.now() + timedelta(days=2)
    )
    body = html(page(client, "program_public", program.public_id))
    assert "报名尚未开始。" in body and 'data-testid="apply"' not in body

    Program.objects.filter(pk=program.pk).update(
        registration_opens=timezone.now() - timedelta(days=9),
        registration_closes=timezone.now() - timedelta(days=1),
    )
    body = html(page(client, "program_public", program.public_id))
    assert "报名已截止。" in body and 'data-testid="apply"' not in body


def test_program_page_after_applying_says_so(people, login, program):
    services.application_submit(
        actor=people.cadre_user, program=program, track=track(program), statement="我想参加"
    )
    body = html(page(login(people.cadre_user), "program_public", program.public_id))
    assert "您已报名该项目。" in body
    assert 'data-testid="apply"' not in body


def test_self_application_only_program_offers_no_recommendation(people, login):
    program = build_program(people, entry_mode="self")
    body = html(page(login(people.officer_a), "program_public", program.public_id))
    assert "该项目只接受干部自主报名。" in body
    assert 'data-testid="recommend"' not in body


def test_officer_gets_a_link_to_recommend(people, login, program):
    body = html(page(login(people.officer_a), "program_public", program.public_id))
    assert reverse("selection:recommend", args=[program.public_id]) in body


# --- applying -------------------------------------------------------------------------------


def apply_data(program, **extra):
    return {
        "track": track(program).pk,
        "statement": "从事招商工作三年，对数字经济感兴趣。",
        **extra,
    }


def test_cadre_applies(people, login, program):
    client = login(people.cadre_user)
    url = reverse("selection:apply", args=[program.public_id])
    response = client.post(url, apply_data(program), follow=True)
    assert response.redirect_chain[-1][0] == reverse("selection:my_applications")
    application = Application.objects.get(program=program)
    assert application.cadre == people.cadre_a
    assert application.mode == Application.Mode.SELF
    assert application.track.name == "数字经济"
    assert application.eligibility[0]["label"] == "出生日期"
    body = html(response)
    assert "已报名“火星计划训练营”" in body
    assert "数字经济" in body and "自主报名" in body


def test_apply_needs_a_track_and_a_statement(people, login, program):
    client = login(people.cadre_user)
    url = reverse("selection:apply", args=[program.public_id])
    body = html(client.post(url, {"track": "", "statement": ""}))
    assert "请选择赛道。" in body
    assert "请填写报名陈述。" in body
    other = make_program(people.org_admin, name="另一个项目", tracks=["新材料"])
    body = html(client.post(url, {"track": other.tracks.get().pk, "statement": "x"}))
    assert "所选赛道不属于该项目。" in body
    assert not Application.objects.exists()


def test_applying_twice_gives_the_services_message_and_one_application(people, login, program):
    client = login(people.cadre_user)
    url = reverse("selection:apply", args=[program.public_id])
    client.post(url, apply_data(program))
    response = client.post(url, apply_data(program, statement="再报一次"))
    assert response.status_code == 200
    assert "已报名该项目，不能重复报名。" in html(response)
    assert Application.objects.filter(program=program).count() == 1


@pytest.mark.parametrize(
    "opens, closes, message",
    [(2, 9, "报名尚未开始。"), (-9, -1, "报名已截止。")],
)
def test_applying_outside_the_window_is_refused(people, login, program, opens, closes, message):
    now = timezone.now()
    Program.objects.filter(pk=program.pk).update(
        registration_opens=now + timedelta(days=opens),
        registration_closes=now + timedelta(days=closes),
    )
    client = login(people.cadre_user)
    url = reverse("selection:apply", args=[program.public_id])
    assert message in html(client.get(url))
    assert message in html(client.post(url, apply_data(program)))
    assert not Application.objects.exists()


def test_ineligible_cadre_cannot_apply(people, login, program, cadre_b_user):
    client = login(cadre_b_user)
    url = reverse("selection:apply", args=[program.public_id])
    body = html(client.post(url, apply_data(program)))
    assert "不符合资格条件：出生日期。" in body
    assert not Application.objects.exists()


def test_apply_to_a_draft_is_not_found(people, login):
    draft = make_program(people.org_admin, name="草稿项目")
    client = login(people.cadre_user)
    assert page(client, "apply", draft.public_id).status_code == 404
    url = reverse("selection:apply", args=[draft.public_id])
    assert client.post(url, {"statement": "x"}).status_code == 404
    assert not Application.objects.exists()


# --- recommending --------------------------------------------------------------------------


def test_officer_sees_only_cadres_of_their_own_units(people, login, program):
    body = html(page(login(people.officer_a), "recommend", program.public_id))
    assert "张伟" in body and "李娜" in body
    assert "王强" not in body
    body_b = html(page(login(people.officer_b), "recommend", program.public_id))
    assert "王强" in body_b and "张伟" not in body_b


def test_officer_searches_by_pinyin_with_an_htmx_partial(people, login, program):
    client = login(people.officer_a)
    url = reverse("selection:recommend", args=[program.public_id])
    response = client.get(url, {"q": "zw"}, headers={"HX-Request": "true"})
    body = html(response)
    assert "<html" not in body
    assert "张伟" in body and "李娜" not in body
    assert "王强" not in html(client.get(url, {"q": "wq"}, headers={"HX-Request": "true"}))


def test_officer_sees_the_candidates_eligibility_before_recommending(
    people, login, program, cadre_b_user
):
    client = login(people.officer_a)
    url = reverse("selection:recommend", args=[program.public_id])
    body = html(client.get(url, {"cadre": people.cadre_a2.pk}))
    assert "✓" in body and "1992.03.01" in body
    assert "该干部情况" in body
    assert "推荐 李娜 报名" in body
    # A cadre outside the officer's units cannot even be looked at.
    assert client.get(url, {"cadre": people.cadre_b.pk}).status_code == 404
    # The organization department sees the ineligible cadre and the reason, and no form.
    admin = login(people.org_admin)
    body = html(admin.get(url, {"cadre": people.cadre_b.pk}))
    assert "✗" in body and "1988.10.09" in body
    assert "该干部不符合资格条件：出生日期。" in body
    assert 'data-testid="submit"' not in body


def test_officer_recommends_a_cadre(people, login, program):
    client = login(people.officer_a)
    url = reverse("selection:recommend", args=[program.public_id])
    data = {"cadre": people.cadre_a2.pk, "track": track(program).pk, "statement": "工作扎实"}
    response = client.post(url, data, follow=True)
    assert "已推荐 李娜 报名“火星计划训练营”。" in html(response)
    application = Application.objects.get(program=program)
    assert application.cadre == people.cadre_a2
    assert application.mode == Application.Mode.RECOMMENDED
    assert application.recommended_by == people.officer_a
    # Again: the service's message, still one application.
    body = html(client.post(url, data))
    assert "已报名该项目，不能重复报名。" in body
    assert Application.objects.count() == 1


def test_officer_cannot_recommend_outside_their_units(people, login, program):
    client = login(people.officer_a)
    url = reverse("selection:recommend", args=[program.public_id])
    data = {"cadre": people.cadre_b.pk, "track": track(program).pk, "statement": "优秀"}
    body = html(client.post(url, data))
    assert "只能推荐本单位及下属单位的干部。" in body
    assert not Application.objects.exists()


def test_recommendation_needs_a_reason(people, login, program):
    client = login(people.officer_a)
    url = reverse("selection:recommend", args=[program.public_id])
    data = {"cadre": people.cadre_a2.pk, "track": track(program).pk, "statement": ""}
    assert "请填写推荐理由。" in html(client.post(url, data))
    assert not Application.objects.exists()


# --- my applications and withdrawing --------------------------------------------------------


def test_cadre_sees_only_their_own_applications(people, login, program):
    recommend(people.officer_a, program, people.cadre_a2, track=track(program))
    services.application_submit(
        actor=people.cadre_user, program=program, track=track(program), statement="我想参加"
    )
    response = page(login(people.cadre_user), "my_applications")
    assert [a.cadre for a in response.context["applications"]] == [people.cadre_a]
    body = html(response)
    assert body.count('data-testid="application"') == 1
    assert "火星计划训练营" in body and "已报名" in body and "数字经济" in body


def test_withdraw_works_once(people, login, program):
    application = services.application_submit(
        actor=people.cadre_user, program=program, track=track(program), statement="我想参加"
    )
    client = login(people.cadre_user)
    url = reverse("selection:withdraw", args=[application.pk])
    body = html(page(client, "my_applications"))
    assert url in body and "撤回报名" in body
    response = client.post(url, follow=True)
    assert "已撤回“火星计划训练营”的报名。" in html(response)
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert url not in html(response)  # no button any more
    response = client.post(url, follow=True)
    assert "该报名已撤回。" in html(response)
    assert client.get(url).status_code == 405
    # The program page says why applying again is not possible.
    body = html(page(client, "program_public", program.public_id))
    assert "您已撤回该项目的报名，不能再次报名。" in body


def test_withdraw_of_someone_elses_application_is_not_found(people, login, program, cadre_b_user):
    application = services.application_submit(
        actor=people.cadre_user, program=program, track=track(program), statement="我想参加"
    )
    url = reverse("selection:withdraw", args=[application.pk])
    for user in (cadre_b_user, people.rater, people.officer_b):
        assert login(user).post(url).status_code == 404
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_withdraw_after_registration_is_refused(people, login, scoring):
    client = login(people.cadre_user)
    application = Application.objects.get(cadre=people.cadre_a)
    assert "撤回报名" not in html(page(client, "my_applications"))
    url = reverse("selection:withdraw", args=[application.pk])
    assert "报名期结束后不能撤回。" in html(client.post(url, follow=True))
    application.refresh_from_db()
    assert application.status == Application.Status.ELIGIBLE


def decide(people, scoring, *, a_points, a2_points):
    """Both sheets submitted (张伟's and 李娜's points per dimension) and the cut confirmed:
    the top one advances and, this being the only stage, graduates."""
    points = {people.cadre_a.pk: a_points, people.cadre_a2.pk: a2_points}
    for assignment, rater in ((scoring.mine, people.rater), (scoring.theirs, scoring.rater2)):
        values = points[assignment.entry.application.cadre_id]
        submit(rater, assignment.entry, dict(zip(scoring.dims, values, strict=True)))
    services.advancement_confirm(actor=people.org_admin, stage=scoring.stage)


def test_cadre_sees_the_stage_results_in_app(people, login, scoring):
    client = login(people.cadre_user)
    body = html(page(client, "my_applications"))
    assert "闯关中" in body and "入营选拔" in body
    # 张伟: 100 × (32/40·2 + 24/30·1) / 3 = 80; 李娜: 100 × (20/40·2 + 15/30·1) / 3 = 50.
    decide(people, scoring, a_points=(32, 24), a2_points=(20, 15))
    body = html(page(client, "my_applications"))
    assert "已结业" in body
    assert "晋级" in body and "第 1 名" in body and "得分 80" in body


def test_an_eliminated_cadre_keeps_seeing_their_history(people, login, scoring):
    decide(people, scoring, a_points=(20, 15), a2_points=(32, 24))
    body = html(page(login(people.cadre_user), "my_applications"))
    assert "未晋级" in body
    assert "入营选拔" in body and "第 2 名" in body and "得分 50" in body
    assert "火星计划训练营" in body


# --- rater tasks ----------------------------------------------------------------------------


def test_rater_sees_only_their_assigned_candidates(people, login, scoring):
    body = html(page(login(people.rater), "rater_tasks"))
    mine, theirs = scoring.mine.entry, scoring.theirs.entry
    assert mine.code in body and theirs.code not in body
    assert mine.application.cadre.name in body
    assert theirs.application.cadre.name not in body
    assert "入营选拔" in body and "已提交 0 / 1" in body and "未评" in body
    assert "评分截止" in body


def test_rater_tasks_show_draft_and_submitted(people, login, scoring):
    client = login(people.rater)
    scoring.post(client, values=["30"])
    assert "草稿" in html(page(client, "rater_tasks"))
    scoring.post(client, values=["30", "20"], action="submit")
    body = html(page(client, "rater_tasks"))
    assert "已提交 1 / 1" in body
    assert re.search(r"badge text-bg-success\">已提交<", body)


def test_blind_stage_shows_only_the_candidate_code(people, login, blind_scoring):
    client = login(people.rater)
    name = blind_scoring.mine.entry.application.cadre.name
    unit = blind_scoring.mine.entry.application.cadre.unit.name
    for response in (
        page(client, "rater_tasks"),
        page(client, "score_sheet", blind_scoring.mine.pk),
        page(client, "declare_conflict"),
    ):
        body = html(response)
        assert blind_scoring.mine.entry.code in body
        assert name not in body
        assert unit not in body
        assert "盲评" in body or "考生" in body


# --- score sheet ----------------------------------------------------------------------------


def test_score_sheet_shows_each_dimension_with_its_range(people, login, scoring):
    body = html(page(login(people.rater), "score_sheet", scoring.mine.pk))
    assert "市场眼光" in body and "权重 2 · 满分 40" in body
    assert "专业素养" in body and "权重 1 · 满分 30" in body
    assert 'inputmode="decimal"' in body and 'max="40"' in body and 'step="0.5"' in body
    assert "保存草稿" in body and "data-confirm=" in body
    assert scoring.mine.entry.application.cadre.name in body  # not blind


def test_another_raters_sheet_is_not_found(people, login, scoring):
    client = login(people.rater)
    assert page(client, "score_sheet", scoring.theirs.pk).status_code == 404
    response = scoring.post(client, scoring.theirs, values=["30", "20"], action="submit")
    assert response.status_code == 404
    assert not ScoreSheet.objects.exists()


def test_out_of_range_scores_are_refused_and_nothing_is_saved(people, login, scoring):
    client = login(people.rater)
    body = html(scoring.post(client, values=["41", "-1"]))
    assert "“市场眼光”的得分须在 0 到 40 之间。" in body
    assert "“专业素养”的得分须在 0 到 30 之间。" in body
    body = html(scoring.post(client, values=["abc", "20"]))
    assert "请输入数字。" in body
    assert not Score.objects.exists()
    assert not ScoreSheet.objects.exists()


def test_draft_then_submit_then_locked(people, login, scoring):
    client = login(people.rater)
    response = scoring.post(client, values=["32.5", ""], comment="有市场眼光", action="save")
    assert response.status_code == 302
    sheet = ScoreSheet.objects.get(assignment=scoring.mine)
    assert sheet.status == ScoreSheet.Status.DRAFT
    assert [str(s.value) for s in sheet.scores.all()] == ["32.50"]
    body = html(page(client, "score_sheet", scoring.mine.pk))
    assert "草稿已保存。" in body and 'value="32.5"' in body and "有市场眼光" in body

    # Submitting needs every dimension.
    body = html(scoring.post(client, values=["32.5", ""], action="submit"))
    assert "提交前请为“专业素养”打分。" in body
    sheet.refresh_from_db()
    assert sheet.status == ScoreSheet.Status.DRAFT

    response = scoring.post(client, values=["32.5", "24"], action="submit", comment="好")
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == ScoreSheet.Status.SUBMITTED
    body = html(page(client, "score_sheet", scoring.mine.pk))
    assert "已提交" in body and "评分表已提交并锁定，如需修改请联系管理员。" in body
    assert 'name="action"' not in body  # read-only

    # Editing after submission: the service's message, nothing changed.
    body = html(scoring.post(client, values=["10", "10"], action="save"))
    assert "评分表已提交并锁定，如需修改请联系管理员。" in body
    assert sorted(str(s.value) for s in sheet.scores.all()) == ["24.00", "32.50"]


def test_scoring_after_the_deadline_is_refused(people, login, scoring):
    Stage.objects.filter(pk=scoring.stage.pk).update(
        scoring_closes=timezone.now() - timedelta(minutes=1)
    )
    client = login(people.rater)
    assert "评分已截止。" in html(page(client, "score_sheet", scoring.mine.pk))
    body = html(scoring.post(client, values=["30", "20"], action="submit"))
    assert "评分已截止。" in body
    assert not ScoreSheet.objects.exists()
    assert "评分已截止。" in html(page(client, "rater_tasks"))


def test_submit_moves_on_to_the_next_candidate(people, login):
    scoring = Scoring(people)
    # Give the rater both candidates: the second one is offered after the first is submitted.
    RaterAssignment.objects.create(
        stage=scoring.stage, rater=people.rater, entry=scoring.theirs.entry
    )
    client = login(people.rater)
    response = scoring.post(client, values=["30", "20"], action="submit")
    second = RaterAssignment.objects.get(rater=people.rater, entry=scoring.theirs.entry)
    assert response["Location"] == reverse("selection:score_sheet", args=[second.pk])
    response = scoring.post(client, second, values=["30", "20"], action="submit")
    assert response["Location"] == reverse("selection:rater_tasks")


# --- declaring a conflict -------------------------------------------------------------------


def test_rater_declares_a_conflict_with_their_own_candidate(people, login, scoring):
    client = login(people.rater)
    url = reverse("selection:declare_conflict")
    body = html(client.get(url, {"entry": scoring.mine.entry_id}))
    assert scoring.mine.entry.code in body
    assert scoring.theirs.entry.code not in body  # only their own candidates are offered
    response = client.post(url, {"entry": scoring.mine.entry_id, "reason": "曾在同一单位共事"})
    assert response.status_code == 302
    conflict = RaterConflict.objects.get()
    assert conflict.rater == people.rater
    assert conflict.cadre == scoring.mine.entry.application.cadre
    body = html(client.get(response["Location"]))
    assert "已登记回避" in body and "已申报回避" in body
    body = html(client.get(url))
    assert "曾在同一单位共事" in body
    assert "您已申报与该考生回避" in html(page(client, "score_sheet", scoring.mine.pk))


def test_conflict_needs_an_own_candidate_and_a_reason(people, login, scoring):
    client = login(people.rater)
    url = reverse("selection:declare_conflict")
    body = html(client.post(url, {"entry": scoring.theirs.entry_id, "reason": "亲属"}))
    assert "请从您的评分任务中选择考生。" in body
    body = html(client.post(url, {"entry": scoring.mine.entry_id, "reason": "  "}))
    assert "请填写回避事由。" in body
    assert not RaterConflict.objects.exists()


def test_rater_without_assignments_has_nothing_to_declare(people, login):
    body = html(page(login(people.rater), "declare_conflict"))
    assert "目前没有分配给您的考生，无需申报。" in body


# --- navigation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, shown",
    [
        ("cadre_user", {"open_programs", "my_applications"}),
        ("rater", {"rater_tasks"}),
        ("mentor", {"open_programs", "rater_tasks"}),
        ("officer_a", {"open_programs"}),
        ("leader", {"open_programs", "rater_tasks"}),
        ("sysadmin", set()),
    ],
)
def test_navigation_links_follow_capabilities(people, login, who, shown):
    body = html(login(getattr(people, who)).get(reverse("home"), follow=True))
    for name in ("open_programs", "my_applications", "rater_tasks"):
        link = f'href="{reverse(f"selection:{name}")}"'
        assert (link in body) == (name in shown), name


def test_recommend_page_of_a_self_application_program_offers_no_search(people, login):
    program = build_program(people, entry_mode="self")
    body = html(page(login(people.officer_a), "recommend", program.public_id))
    assert "该项目只接受干部自主报名。" in body
    assert "张伟" not in body
    url = reverse("selection:recommend", args=[program.public_id])
    data = {"cadre": people.cadre_a2.pk, "track": track(program).pk, "statement": "工作扎实"}
    assert "该项目只接受干部自主报名。" in html(login(people.officer_a).post(url, data))
    assert not Application.objects.exists()


# --- list pages run a fixed number of queries -----------------------------------------------


def count_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_open_programs_and_my_applications_queries_do_not_grow(people, login, program):
    client = login(people.cadre_user)
    services.application_submit(
        actor=people.cadre_user, program=program, track=track(program), statement="我想参加"
    )
    open_url, mine_url = reverse("selection:open_programs"), reverse("selection:my_applications")
    before = count_queries(client, open_url), count_queries(client, mine_url)
    second = build_program(people)
    services.application_submit(
        actor=people.cadre_user, program=second, track=track(second), statement="也想参加"
    )
    build_program(people)
    assert (count_queries(client, open_url), count_queries(client, mine_url)) == before


def test_rater_tasks_queries_do_not_grow(people, login, scoring):
    client = login(people.rater)
    url = reverse("selection:rater_tasks")
    before = count_queries(client, url)
    RaterAssignment.objects.create(
        stage=scoring.stage, rater=people.rater, entry=scoring.theirs.entry
    )
    scoring.post(client, values=["30"])  # a draft sheet as well
    assert count_queries(client, url) == before
