"""The rounds pages for every persona: allowed, forbidden (403), out of scope (404); the
inspector's and host's phone pages; refusals on the form; constant queries on the lists."""

from datetime import date

import pytest
from django.urls import reverse

from qingmiao.accounts.models import AuditEntry

from ..models import Round, RoundMember
from ..services import rounds_close
from .factories_rounds import (
    assignment,
    make_round,
    make_scheme,
    member_of,
    score,
    year,  # noqa: F401  (a fixture)
)

STAFF_READ = ("org_admin", "officer_a", "leader")
NO_ACCESS = ("cadre_user", "mentor", "rater", "sysadmin", "secadmin", "auditor")


@pytest.fixture
def unit_a_round(people):
    """A round of unit A's cadres only (officer B and the host have nothing in it)."""
    p = people
    scheme = make_scheme(p.org_admin)
    return make_round(p.org_admin, scheme, [p.cadre_a, p.cadre_a2], [p.inspector],
                      month=date(2026, 6, 1), cohort="商务局干部")  # fmt: skip


def _status(login, user, url, method="get", data=None):
    client = login(user)
    return getattr(client, method)(url, data or {}).status_code


@pytest.mark.parametrize("who", STAFF_READ)
def test_staff_read_lists_and_performance_list(login, people, year, who):  # noqa: F811
    user = getattr(people, who)
    april = year["april"]
    assert _status(login, user, reverse("supervision:round_list")) == 200
    assert _status(login, user, reverse("supervision:scheme_list")) == 200
    page = login(user).get(reverse("supervision:round_detail", args=[april.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "↓1" in text  # 张伟 down one
    # 王强 (unit B, up one) is on the list of the department and the leader, not unit A's.
    assert ("↑1" in text) == (who != "officer_a")
    assert ("王强" in text) == (who != "officer_a")
    assert (
        "0.8"
        in login(user)
        .get(reverse("supervision:round_detail", args=[april.pk]) + "?list=cumulative")
        .content.decode()
    )
    assert _status(login, user, reverse("supervision:round_overview", args=[april.pk])) == 200


@pytest.mark.parametrize("who", (*NO_ACCESS, "host"))
def test_forbidden_roles(login, people, year, who):  # noqa: F811
    user = getattr(people, who)
    april = year["april"]
    assert _status(login, user, reverse("supervision:round_list")) == 403
    assert _status(login, user, reverse("supervision:round_detail", args=[april.pk])) == 403
    assert _status(login, user, reverse("supervision:scheme_list")) == 403


def test_out_of_scope_is_404(login, people, unit_a_round):
    p = people
    member = member_of(unit_a_round, p.cadre_a)
    assert (
        _status(login, p.officer_b, reverse("supervision:round_detail", args=[unit_a_round.pk]))
        == 404
    )
    assert (
        _status(login, p.officer_b, reverse("supervision:member_detail", args=[member.pk])) == 404
    )
    assert (
        _status(
            login,
            p.officer_b,
            reverse("supervision:ranking_export", args=[unit_a_round.pk]),
            "post",
        )
        == 404
    )
    assert (
        _status(login, p.officer_a, reverse("supervision:round_detail", args=[unit_a_round.pk]))
        == 200
    )
    assert _status(login, p.org_admin, "/supervision/rounds/x9/") == 404
    assert _status(login, p.org_admin, reverse("supervision:round_detail", args=[999999])) == 404
    assert _status(login, p.host, reverse("supervision:host_member", args=[member.pk])) == 404
    assert _status(login, p.inspector, reverse("supervision:round_list")) == 404
    assert _status(login, p.org_admin, reverse("supervision:round_list") + "?year=abc") == 200
    assert (
        _status(
            login,
            p.org_admin,
            reverse("supervision:cadre_evidence", args=[p.cadre_a.pk]) + "?year=zz",
        )
        == 200
    )
    evidence = reverse("supervision:cadre_evidence", args=[p.cadre_a.pk])
    assert _status(login, p.officer_b, evidence) == 404


def test_manage_actions_need_the_capability(login, people, unit_a_round):
    p = people
    url = reverse("supervision:round_close", args=[unit_a_round.pk])
    assert _status(login, p.officer_a, url, "post") == 403
    assert _status(login, p.leader, url, "post") == 403
    assert _status(login, p.org_admin, reverse("supervision:round_new")) == 200
    assert _status(login, p.officer_a, reverse("supervision:round_new")) == 403
    assert _status(login, p.org_admin, reverse("supervision:scheme_new")) == 200
    assert _status(login, p.leader, reverse("supervision:scheme_new")) == 403


def test_inspector_scores_on_the_phone_page(login, people, unit_a_round):
    p = people
    client = login(p.inspector)
    assert client.get(reverse("supervision:inspect_home")).status_code == 200
    assert (
        client.get(reverse("supervision:inspect_round", args=[unit_a_round.pk])).status_code == 200
    )
    member = member_of(unit_a_round, p.cadre_a)
    url = reverse("supervision:inspect_member", args=[member.pk])
    page = client.get(url)
    assert page.status_code == 200 and "攻坚能力" in page.content.decode()
    dims = list(unit_a_round.version.dimensions.order_by("order"))
    bad = client.post(
        url, {f"score_{dims[0].pk}": "12", f"score_{dims[1].pk}": "8", "ledger_score": "8"}
    )
    assert bad.status_code == 200
    assert "分数须在 0 至 10 分之间" in bad.content.decode()
    member.refresh_from_db()
    assert member.scored_at is None
    ok = client.post(url, {f"score_{dims[0].pk}": "9", f"score_{dims[1].pk}": "8",
                           "ledger_score": "7",
                           f"note_{dims[0].pk}": "项目提前完工"})  # fmt: skip
    assert ok.status_code == 302
    member.refresh_from_db()
    assert member.scored_by == p.inspector
    # Another inspector, not on the team: 404.
    other = type(p.inspector).objects.create(username="insp9", role=p.inspector.role)
    assert _status(login, other, url) == 404
    assert (
        _status(login, other, reverse("supervision:inspect_round", args=[unit_a_round.pk])) == 404
    )


def test_scoring_a_closed_round_shows_the_reason(login, people, unit_a_round):
    p = people
    member = member_of(unit_a_round, p.cadre_a)
    score(p.inspector, member, 8, 8, 8)
    rounds_close.round_close(actor=p.org_admin, round_=unit_a_round)
    client = login(p.inspector)
    url = reverse("supervision:inspect_member", args=[member.pk])
    assert "已结束" in client.get(url).content.decode()
    dims = list(unit_a_round.version.dimensions.order_by("order"))
    page = client.post(
        url, {f"score_{dims[0].pk}": "1", f"score_{dims[1].pk}": "1", "ledger_score": "1"}
    )
    assert "已结束" in page.content.decode()
    member.refresh_from_db()
    assert member.ledger_score == 8


def test_photo_upload_checked(login, people, unit_a_round):
    from django.core.files.uploadedfile import SimpleUploadedFile

    p = people
    member = member_of(unit_a_round, p.cadre_a)
    url = reverse("supervision:inspect_member", args=[member.pk])
    client = login(p.inspector)
    fake = SimpleUploadedFile("site.jpg", b"not an image at all", content_type="image/jpeg")
    page = client.post(url, {"photo-upload": "1", "photo": fake})
    assert "JPG" in page.content.decode() and not member.photos.exists()
    png = SimpleUploadedFile("site.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="image/png")
    assert client.post(url, {"photo-upload": "1", "photo": png}).status_code == 302
    photo = member.photos.get()
    assert _status(login, p.org_admin, reverse("supervision:photo_file", args=[photo.pk])) == 200
    assert _status(login, p.officer_b, reverse("supervision:photo_file", args=[photo.pk])) == 404


def test_host_evaluates_its_own_assignee(login, people):
    p = people
    assignment(p.cadre_a, host_contact=p.host, start_date=date(2026, 1, 1))
    round_ = make_round(
        p.org_admin, make_scheme(p.org_admin), [p.cadre_a, p.cadre_b], [p.inspector]
    )
    mine, other = member_of(round_, p.cadre_a), member_of(round_, p.cadre_b)
    client = login(p.host)
    assert "张伟" in client.get(reverse("supervision:host_rounds")).content.decode()
    url = reverse("supervision:host_member", args=[mine.pk])
    bad = client.post(url, {"host_score": "9.3"})
    assert "0.5" in bad.content.decode()
    assert client.post(url, {"host_score": "9", "host_note": "服务企业主动"}).status_code == 302
    mine.refresh_from_db()
    assert mine.host_score == 9
    assert _status(login, p.host, reverse("supervision:host_member", args=[other.pk])) == 404


def test_close_reopen_and_nominate_pages(login, people, unit_a_round):
    p = people
    client = login(p.org_admin)
    score(p.inspector, member_of(unit_a_round, p.cadre_a), 9, 9, 9)
    assert (
        client.post(reverse("supervision:round_close", args=[unit_a_round.pk])).status_code == 302
    )
    unit_a_round.refresh_from_db()
    assert unit_a_round.status == Round.Status.CLOSED
    member = member_of(unit_a_round, p.cadre_a)
    client.post(reverse("supervision:nominate", args=[member.pk]), {"reason": "攻坚有力"})
    page = client.get(reverse("supervision:round_detail", args=[unit_a_round.pk]))
    assert "已推荐" in page.content.decode()
    client.post(reverse("supervision:round_reopen", args=[unit_a_round.pk]), {"reason": ""})
    unit_a_round.refresh_from_db()
    assert unit_a_round.status == Round.Status.CLOSED  # no reason, nothing changed
    client.post(reverse("supervision:round_reopen", args=[unit_a_round.pk]), {"reason": "补录"})
    unit_a_round.refresh_from_db()
    assert unit_a_round.is_open
    assert AuditEntry.objects.filter(action="supervision.round.reopened").exists()


def test_round_created_from_the_page(login, people):
    p = people
    scheme = make_scheme(p.org_admin)
    client = login(p.org_admin)
    data = {"title": "7月考察", "cohort": "一线干部", "month": "2026-07", "scheme": scheme.pk,
            "source": "picked", "cadres": "张伟，王强", "inspectors": [p.inspector.pk],
            "asks_host": "on"}  # fmt: skip
    response = client.post(reverse("supervision:round_new"), data)
    assert response.status_code == 302
    round_ = Round.objects.get(title="7月考察")
    assert set(round_.members.values_list("cadre__name", flat=True)) == {"张伟", "王强"}
    bad = client.post(reverse("supervision:round_new"), data | {"cadres": "无此人", "title": "x"})
    assert "没有找到这些干部" in bad.content.decode()


def test_scheme_edit_page_creates_a_new_version(login, people, unit_a_round):
    p = people
    scheme = unit_a_round.version.scheme
    client = login(p.org_admin)
    page = client.get(reverse("supervision:scheme_edit", args=[scheme.pk]))
    assert "生成新版本" in page.content.decode()
    data = {"name": scheme.name, "scale_min": "0", "scale_max": "10", "scale_step": "1",
            "weight_task": "70", "weight_host": "10", "weight_ledger": "20",
            "dim_name_0": "攻坚能力", "dim_weight_0": "50", "dim_name_1": "服务意识",
            "dim_weight_1": "40"}  # fmt: skip
    bad = client.post(reverse("supervision:scheme_edit", args=[scheme.pk]), data)
    assert "合计须为 100" in bad.content.decode()
    data["dim_weight_1"] = "50"
    assert (
        client.post(reverse("supervision:scheme_edit", args=[scheme.pk]), data).status_code == 302
    )
    assert scheme.versions.count() == 2
    unit_a_round.refresh_from_db()
    assert unit_a_round.version.number == 1


def test_lists_run_constant_queries(login, people, year, django_assert_num_queries):  # noqa: F811
    client = login(people.org_admin)
    april = year["april"]

    def count(url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    detail = reverse("supervision:round_detail", args=[april.pk])
    assert count(detail + "?page_size=20") == count(detail + "?page_size=50")
    assert count(detail + "?list=cumulative&page_size=20") == count(
        detail + "?list=cumulative&page_size=100"
    )
    listing = reverse("supervision:round_list")
    n = count(listing + "?page_size=20")
    make_round(people.org_admin, year["scheme"], [people.cadre_a], [people.inspector],
               month=date(2026, 9, 1))  # fmt: skip
    assert count(listing + "?page_size=50") == n


def test_exports(login, people, year):  # noqa: F811
    client = login(people.org_admin)
    response = client.post(reverse("supervision:ranking_export", args=[year["april"].pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.post(reverse("supervision:round_list_export")).status_code == 200
    assert _status(login, people.leader, reverse("supervision:round_list_export"), "post") == 200
    assert (
        _status(login, people.cadre_user, reverse("supervision:round_list_export"), "post") == 403
    )
    assert AuditEntry.objects.filter(action="core.list.exported").count() >= 2


def test_portrait_panel_and_timeline(login, people, year):  # noqa: F811
    from qingmiao.supervision.timeline import SOURCES

    p = people
    page = login(p.org_admin).get(reverse("cadres:detail", args=[p.cadre_a.pk]))
    text = page.content.decode()
    assert 'data-testid="portrait"' in text and "攻坚能力" in text and "同批平均" in text
    events = SOURCES["rounds"](p.org_admin, p.cadre_a)
    assert [e.figures["total"] for e in events] == [
        RoundMember.objects.get(round=year["march"], cadre=p.cadre_a).total,
        RoundMember.objects.get(round=year["april"], cadre=p.cadre_a).total,
    ]
    assert SOURCES["rounds"](p.officer_b, p.cadre_a) == []
    assert SOURCES["rounds"](p.org_admin, p.cadre_a, kinds=["care"]) == []


def test_overview_shows_the_cohorts_care_follow_ups_to_care_readers_only(
    login, people, unit_a_round
):
    """考察概况 lists the care follow-ups due of the round's cadres (not of others) to those who
    read care records, audited as a view; a leader (no care right) sees no such block."""
    from .factories_care import open_case

    p = people
    # 张伟 is in the round, 王强 is not; both have a follow-up already overdue on 2026-10-15.
    open_case(p.org_admin, p.cadre_a, summary="配偶在兰州工作，协调调动")
    open_case(p.org_admin, p.cadre_b, summary="子女入学")
    url = reverse("supervision:round_overview", args=[unit_a_round.pk])

    before = AuditEntry.objects.filter(action="supervision.care.viewed").count()
    html = login(p.org_admin).get(url).content.decode()
    assert 'data-testid="care-due"' in html
    assert "张伟" in html.split('data-testid="care-due"')[1]
    assert "王强" not in html.split('data-testid="care-due"')[1]
    assert "其中已逾期 1 项" in html
    assert AuditEntry.objects.filter(action="supervision.care.viewed").count() == before + 1

    html = login(p.leader).get(url).content.decode()
    assert 'data-testid="care-due"' not in html
