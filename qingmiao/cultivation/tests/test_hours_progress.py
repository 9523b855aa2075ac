"""A program's hours progress (学时进度) against hand-worked hours, per role; and every figure of
the program overview opening the list behind it with as many rows as the figure says."""

import io
import re
from decimal import Decimal
from html import unescape

import openpyxl
import pytest
from django.urls import reverse

from qingmiao.accounts.models import AuditEntry
from qingmiao.cadres.tests.factories import CadreFactory
from qingmiao.cultivation.models import Attendance, MakeUpRequest, Session
from qingmiao.cultivation.selectors import hours_progress
from qingmiao.selection.models import Stage
from qingmiao.selection.tests.factories import make_program

from .test_overview import EVERYONE, camp  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def made_up(people, camp):  # noqa: F811
    """李娜 missed the 6-hour session of June and made it up: approved, 6 hours credited."""
    s2 = Session.objects.get(programs=camp, credit_hours=6)
    MakeUpRequest.objects.create(
        session=s2, cadre=people.cadre_a2, how="观看录像", status=MakeUpRequest.Status.APPROVED
    )
    Attendance.objects.filter(session=s2, cadre=people.cadre_a2).update(credited_hours=6)
    return camp


def _rows(response):
    return {
        c.name: (c.required, c.attended, c.made_up, c.done, c.short)
        for c in response.context["page"].object_list
    }


def test_each_cadre_counted_by_hand(people, made_up, login):
    url = reverse("cultivation:hours_progress", args=[made_up.pk])
    response = login(people.org_admin).get(url)
    assert response.status_code == 200
    ten = Decimal("10")
    # 张伟: 4 + 6 present = 10, met. 李娜: 3 late in May + 6 made up in June = 9, short by 1.
    # 王强: absent and excused, 0 of 10.
    assert _rows(response) == {
        "张伟": (ten, Decimal("10"), Decimal("0"), Decimal("10"), Decimal("0")),
        "李娜": (ten, Decimal("3"), Decimal("6"), Decimal("9"), Decimal("1")),
        "王强": (ten, Decimal("0"), Decimal("0"), Decimal("0"), Decimal("10")),
    }
    assert [(b["key"], b["n"]) for b in response.context["bands"]] == [
        ("none", 1),
        ("short_10", 1),
        ("met", 1),
    ]
    html = response.content.decode()
    assert "应修 10 学时（依据“第1关”环节的最低学时）" in html or "环节的最低学时" in html


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"band": "met"}, ["张伟"]),
        ({"band": "short_10"}, ["李娜"]),
        ({"band": "none"}, ["王强"]),
        ({"q": "王"}, ["王强"]),
        ({"who": "in"}, ["张伟", "李娜", "王强"]),
        ({"who": "out"}, []),
        ({"sort": "done"}, ["王强", "李娜", "张伟"]),
        ({"sort": "-made_up"}, ["李娜", "张伟", "王强"]),  # ties in the order of entry
    ],
)
def test_filters_and_sorting(people, made_up, login, params, names):
    url = reverse("cultivation:hours_progress", args=[made_up.pk])
    response = login(people.org_admin).get(url, params)
    got = [c.name for c in response.context["page"].object_list]
    assert got == names if "sort" in params else sorted(got) == sorted(names)


def test_the_unit_filter_takes_the_subtree(people, made_up, login):
    url = reverse("cultivation:hours_progress", args=[made_up.pk])
    response = login(people.org_admin).get(url, {"unit": people.tree.unit_b.pk})
    assert list(_rows(response)) == ["王强"]


def test_bad_filters_say_so_and_show_nothing(people, made_up, login):
    url = reverse("cultivation:hours_progress", args=[made_up.pk])
    response = login(people.org_admin).get(url, {"band": "nonsense", "page": "x", "sort": "?"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert "band" in response.context["filter"].errors


def test_a_cadre_who_left_the_program_keeps_the_hours_earned(people, made_up, login):
    s1 = Session.objects.get(programs=made_up, credit_hours=4)
    gone = CadreFactory(name="赵敏", unit=people.tree.unit_a)
    Attendance.objects.create(
        session=s1, cadre=gone, status="present", method="roster", credited_hours=4
    )
    url = reverse("cultivation:hours_progress", args=[made_up.pk])
    response = login(people.org_admin).get(url, {"who": "out"})
    assert _rows(response) == {
        "赵敏": (Decimal("10"), Decimal("4"), Decimal("0"), Decimal("4"), Decimal("6"))
    }


def test_without_a_requirement_the_bands_are_training_days(people, made_up, login):
    Stage.objects.filter(program=made_up).update(min_credit_hours=None)
    assert [k for k, _label in hours_progress.band_choices(None)] == [
        "none", "h8", "h16", "h24", "h40", "more",
    ]  # fmt: skip
    url = reverse("cultivation:hours_progress", args=[made_up.pk])
    response = login(people.org_admin).get(url, {"band": "h16"})
    # 张伟 10 hours (8–16), 李娜 9 (8–16), 王强 none; no requirement: nothing is short.
    assert _rows(response) == {
        "张伟": (None, Decimal("10"), Decimal("0"), Decimal("10"), Decimal("0")),
        "李娜": (None, Decimal("3"), Decimal("6"), Decimal("9"), Decimal("0")),
    }
    assert "本项目尚未设定学时要求" in response.content.decode()
    counts = [(b["label"], b["n"]) for b in response.context["bands"]]
    assert counts == [
        ("尚无学时", 1), ("不足 8 学时", 0), ("8–16 学时", 2), ("16–24 学时", 0),
        ("24–40 学时", 0), ("40 学时及以上", 0),
    ]  # fmt: skip


READERS = {"org_admin", "officer_a", "officer_b", "leader", "mentor"}


@pytest.mark.parametrize("persona", EVERYONE)
def test_the_page_per_role(people, made_up, login, persona):
    url = reverse("cultivation:hours_progress", args=[made_up.pk])
    response = login(getattr(people, persona)).get(url)
    if persona not in READERS:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    seen = set(_rows(response))
    # Each reader sees the cadres of their scope only: officer A unit A's, a mentor their
    # mentee (张伟), officer B unit B's.
    expected = {
        "org_admin": {"张伟", "李娜", "王强"},
        "leader": {"张伟", "李娜", "王强"},
        "officer_a": {"张伟", "李娜"},
        "officer_b": {"王强"},
        "mentor": {"张伟"},
    }[persona]
    assert seen == expected


def test_out_of_scope_and_unknown_programs_are_404(people, made_up, login):
    draft = make_program(people.org_admin, name="草稿项目", organizer=people.tree.unit_b)
    client = login(people.officer_a)
    assert client.get(reverse("cultivation:hours_progress", args=[draft.pk])).status_code == 404
    assert client.get(reverse("cultivation:hours_progress", args=[999999])).status_code == 404
    export = reverse("cultivation:hours_progress_export", args=[999999])
    assert login(people.org_admin).post(export).status_code == 404


@pytest.mark.parametrize("size", [20, 50])
def test_the_list_runs_a_constant_number_of_queries(
    people, made_up, login, django_assert_num_queries, size
):
    s1 = Session.objects.get(programs=made_up, credit_hours=4)
    for i in range(60):
        cadre = CadreFactory(unit=people.tree.unit_a)
        Attendance.objects.create(
            session=s1, cadre=cadre, status="late", method="roster", credited_hours=Decimal(i % 4)
        )
    client = login(people.org_admin)
    url = reverse("cultivation:hours_progress", args=[made_up.pk])
    client.get(url)  # the session and the user's permissions are warm
    with django_assert_num_queries(QUERIES):
        response = client.get(url, {"page_size": size})
    assert len(response.context["page"].object_list) == size


QUERIES = 15  # session, user, program, requirement, counts, bands, ids, rows, hours…


def test_the_export_has_the_hand_worked_figures_and_is_audited(people, made_up, login):
    url = reverse("cultivation:hours_progress_export", args=[made_up.pk])
    response = login(people.org_admin).post(f"{url}?band=short_10")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows.index(next(r for r in rows if r and r[0] == "姓名"))
    assert rows[header] == [
        "姓名",
        "单位",
        "应修学时",
        "出勤学时",
        "补学学时",
        "合计学时",
        "尚差学时",
    ]
    assert rows[header + 1 :] == [["李娜", "综合科", 10, 3, 6, 9, 1]]
    assert AuditEntry.objects.filter(action="core.list.exported").count() == 1
    assert login(people.cadre_user).post(url).status_code == 403


def _links(html: str) -> list[tuple[str, str, str]]:
    """Every link among the overview's figures and tables: (test id, text, address)."""
    body = html.split('data-testid="overview-figures"', 1)[1]
    return [
        (testid, re.sub(r"<[^>]+>|\s+", "", unescape(text)), unescape(href))
        for href, testid, text in re.findall(
            r'<a href="([^"]+)"(?: data-testid="([^"]*)")?[^>]*>(.*?)</a>', body, re.S
        )
    ]


def test_every_figure_of_the_overview_opens_its_list_with_as_many_rows(people, made_up, login):
    client = login(people.org_admin)
    html = client.get(reverse("cultivation:overview", args=[made_up.pk])).content.decode()
    links = _links(html)
    # A figure counts the rows of the list it opens, except where the figure is a sum over
    # them: the 3 person-times were at 2 sessions; the 19 hours (10 + 9 + 0) belong to 3 cadres.
    not_a_count = {"fig-person-times": 2, "fig-hours": 3}
    seen = set()
    for testid, text, href in links:
        response = client.get(href)
        assert response.status_code == 200, href
        rows = response.context["page"].paginator.count
        figure = int(re.search(r"\d+", text).group())
        assert rows == not_a_count.get(testid, figure), (text, href, rows)
        seen.add(testid)
    assert {
        "fig-participants", "fig-trained", "fig-hours", "fig-person-times", "fig-pairs",
        "fig-logs", "fig-quiet", "fig-deliverables", "fig-adopted", "fig-converted",
        "fig-planned", "fig-enterprises", "fig-settled", "fig-problems", "fig-met", "fig-teams",
    } <= seen  # fmt: skip
    # and the tables' figures: 3 hours bands, 2 kinds × 4 outcome figures, 2 practice kinds × 2
    assert len(links) >= 16 + 3 + 8 + 4


def test_the_api_gives_the_same_rows(people, made_up):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(people.org_admin)
    url = "/api/v1/attendance/hours/"
    response = client.get(url, {"program": made_up.pk, "band": "short_10"})
    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "cadre": people.cadre_a2.pk, "name": "李娜", "unit_name": "综合科",
            "required": "10.0", "attended": "3.0", "made_up": "6.0", "done": "9.0",
            "short": "1.0",
        }
    ]  # fmt: skip
    assert client.get(url, {"program": made_up.pk, "band": "x"}).status_code == 400
    assert client.get(url).status_code == 400
    assert client.get(url, {"program": 999999}).status_code == 404
    client.force_authenticate(people.officer_a)
    names = {r["name"] for r in client.get(url, {"program": made_up.pk}).json()["results"]}
    assert names == {"张伟", "李娜"}
    client.force_authenticate(people.cadre_user)
    assert client.get(url, {"program": made_up.pk}).status_code == 403
