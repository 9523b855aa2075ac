"""导出 Excel on selection's lists, for every persona: the application list (and the funnel's
drill-down lists, which are that list with filters), the stage ranking and the confirmed
advancement decision. Each file holds exactly the page's rows (scope, filters, sort) in the
page's order, is audited with its filters and row count, keeps formula-like text as text, and
runs as a job above the threshold. Fixtures from test_staff_views: 火星计划训练营 with 张伟
(unit A, self, 数字经济), 李娜 (unit A's section, recommended, 人工智能) and 赵敏 (unit B,
recommended, 数字经济); `scored`: every rater gave 张伟 90, 李娜 80, 赵敏 70, one of 赵敏's
two sheets missing; `complete`: that sheet submitted too."""

import io
from urllib.parse import urlsplit

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from qingmiao.accounts.models import AuditEntry
from qingmiao.cadres.tests.factories import CadreFactory
from qingmiao.core.models import Job
from qingmiao.selection import services
from qingmiao.selection.models import Application, Stage
from qingmiao.selection.tests import test_staff_views as staff

# The programme and its stages as the page tests build them (fixtures, found by name).
camp, judges, running, scored = staff.camp, staff.judges, staff.running, staff.scored
complete, unit_b_draft = staff.complete, staff.unit_b_draft
list_names, outsider_admin = staff.list_names, staff.outsider_admin

pytestmark = pytest.mark.django_db

APPLICATION_HEADERS = [
    "姓名", "性别", "出生年月", "年龄段", "学历", "单位", "赛道", "报名方式", "报名时间",
    "资格核验", "状态", "审查意见", "闯关",
]  # fmt: skip
RANKING_HEADERS = [
    "名次", "编号", "姓名", "单位", "赛道", "原始平均分", "得分", "评委（已交/应交）", "同分",
    "按规则晋级",
]  # fmt: skip
ADVANCEMENT_HEADERS = [
    "名次", "编号", "姓名", "单位", "赛道", "得分", "按规则", "最终结果", "调整", "调整理由",
]  # fmt: skip
NO_SELECTION_EXPORT = [
    "cadre_user", "mentor", "rater", "inspector", "sysadmin", "secadmin", "auditor",
]  # fmt: skip
ZHANG_WEI_ID = "110105199505121232"


def sel(name, *args):
    return reverse(f"selection:{name}", args=args)


def sheet(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).active


def rows_of(content: bytes, headers: list[str]) -> list[dict]:
    rows = list(sheet(content).iter_rows(values_only=True))
    assert list(rows[0]) == headers
    return [dict(zip(headers, row, strict=True)) for row in rows[1:]]


def exported() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action="core.list.exported").order_by("id"))


def nothing_written():
    return exported() == [] and not Job.objects.exists()


# --- the application list -------------------------------------------------------------------


def export_applications(client, program, query=""):
    return client.post(f"{sel('application_export', program.pk)}?{query}")


def names_of(response) -> list[str]:
    return [r["姓名"] for r in rows_of(response.content, APPLICATION_HEADERS)]


def page_applications(client, program, query=""):
    return list_names(client.get(f"{sel('application_list', program.pk)}?{query}&page_size=100"))


QUERIES = [
    "",
    "mode=recommended",
    "sort=name",
    "sort=-created",
    "q=zhaom",
    "generation=95",
    "unit_type=party_govt&sort=-name",
    "status=submitted&sort=unit",
]


@pytest.mark.parametrize(
    "who, everyone",
    [
        ("org_admin", ["张伟", "李娜", "赵敏"]),
        ("leader", ["张伟", "李娜", "赵敏"]),
        ("officer_a", ["张伟", "李娜"]),
        ("officer_b", ["赵敏"]),
    ],
)
def test_the_application_export_holds_the_pages_rows(login, people, camp, who, everyone):
    client = login(getattr(people, who))
    for query in QUERIES:
        response = export_applications(client, camp.program, query)
        assert response.status_code == 200, query
        assert (
            "filename*=UTF-8''%E6%8A%A5%E5%90%8D%E5%90%8D%E5%8D%95_"
            in (response["Content-Disposition"])
        )
        names = names_of(response)
        assert names == page_applications(client, camp.program, query), (who, query)
    assert names_of(export_applications(client, camp.program)) == everyone
    # Filtered and sorted, worked out by hand for the org admin's full list.
    if who == "org_admin":
        by = {
            q: names_of(export_applications(client, camp.program, q))
            for q in ("mode=recommended", "sort=name", "sort=-created", "generation=95")
        }
        assert by == {
            "mode=recommended": ["李娜", "赵敏"],
            "sort=name": ["李娜", "张伟", "赵敏"],
            "sort=-created": ["赵敏", "李娜", "张伟"],
            "generation=95": ["张伟", "赵敏"],
        }


def test_the_application_export_shows_the_values_the_page_shows(login, people, camp):
    services.applications_screen(
        actor=people.org_admin,
        program=camp.program,
        applications=[camp.apps.zhao.pk],
        eligible=False,
        reason="不在本期招募范围",
    )
    content = export_applications(login(people.org_admin), camp.program).content
    by_name = {r["姓名"]: r for r in rows_of(content, APPLICATION_HEADERS)}
    zhang, zhao = by_name["张伟"], by_name["赵敏"]
    assert zhang["出生年月"] == "1995.05" and zhang["年龄段"] == "95后"
    assert zhang["单位"] == "区商务局" and zhang["赛道"] == "数字经济"
    assert zhang["报名方式"] == "自主报名" and by_name["李娜"]["报名方式"] == "单位推荐"
    assert zhang["资格核验"] == "符合" and zhang["状态"] == "已报名"
    assert zhang["报名时间"] is not None and zhang["审查意见"] is None
    assert zhao["状态"] == "资格审查未通过" and zhao["审查意见"] == "不在本期招募范围"
    # The list shows no ID number, so neither does its export, for any role.
    text = " ".join(str(v) for row in by_name.values() for v in row.values())
    assert ZHANG_WEI_ID not in text and ZHANG_WEI_ID[-4:] not in text
    assert exported()[-1].extra["unmasked"] == []


def test_the_application_export_is_audited_with_its_filters_and_row_count(login, people, camp):
    client = login(people.officer_a)
    export_applications(client, camp.program, "mode=recommended&sort=name&page=2&page_size=50&q=")
    (entry,) = exported()
    assert entry.actor == people.officer_a
    assert entry.extra["list"] == "APPLICATION_LIST" and entry.extra["title"] == "报名名单"
    assert entry.extra["filters"] == {
        "mode": "recommended",
        "program": str(camp.program.pk),
        "sort": "name",
    }
    assert entry.extra["rows"] == 1  # 李娜: 张伟 applied himself, 赵敏 is outside unit A
    assert entry.extra["background"] is False


def test_formula_text_in_a_screening_reason_is_exported_as_text(login, people, camp):
    Application.objects.filter(pk=camp.apps.zhao.pk).update(screening_reason="=1+2")
    Application.objects.filter(pk=camp.apps.li.pk).update(screening_reason="@SUM(A1:A9)")
    content = export_applications(login(people.org_admin), camp.program).content
    cells = {row[0].value: row[11] for row in sheet(content).iter_rows(min_row=2)}
    assert cells["赵敏"].value == "=1+2"
    assert cells["赵敏"].data_type == "s" and cells["赵敏"].quotePrefix
    assert cells["李娜"].data_type == "s" and cells["李娜"].quotePrefix
    assert cells["张伟"].value is None


@pytest.mark.parametrize("who", NO_SELECTION_EXPORT)
def test_other_roles_may_not_export_the_application_list(login, people, camp, who):
    response = export_applications(login(getattr(people, who)), camp.program)
    assert response.status_code == 403
    assert nothing_written()


def test_an_application_list_out_of_scope_is_404_and_writes_nothing(login, people, unit_b_draft):
    client = login(outsider_admin(people))
    assert export_applications(client, unit_b_draft.program).status_code == 404
    assert client.post(sel("application_export", 999999)).status_code == 404
    # A draft programme of unit B is not visible to unit A's officer either.
    assert export_applications(login(people.officer_a), unit_b_draft.program).status_code == 404
    assert nothing_written()


def test_a_refused_filter_goes_back_to_the_list_with_the_reason(login, people, camp):
    client = login(people.org_admin)
    response = export_applications(client, camp.program, "status=nonsense&q=zw")
    assert response.status_code == 302
    assert response["Location"] == (
        f"{sel('application_list', camp.program.pk)}?status=nonsense&q=zw"
    )
    assert [str(m) for m in response.wsgi_request._messages]
    assert nothing_written()


def test_the_application_export_button_shows_to_those_who_may_export(login, people, camp):
    for who in ("org_admin", "leader", "officer_a"):
        page = login(getattr(people, who)).get(f"{sel('application_list', camp.program.pk)}?q=zw")
        content = page.content.decode()
        assert 'data-testid="export"' in content and 'form="export-form"' in content
        assert f"{sel('application_export', camp.program.pk)}?q=zw" in content
    # A form inside the screening form would be dropped by the browser: it stands outside.
    content = login(people.org_admin).get(sel("application_list", camp.program.pk)).content
    text = content.decode()
    assert text.index('id="export-form"') < text.index('id="screen-form"')


def test_get_is_refused(login, people, camp):
    client = login(people.org_admin)
    assert client.get(sel("application_export", camp.program.pk)).status_code == 405
    assert nothing_written()


def test_the_application_export_runs_a_constant_number_of_queries(login, people, camp):
    client = login(people.org_admin)
    export_applications(client, camp.program)
    with CaptureQueriesContext(connection) as few:
        export_applications(client, camp.program)
    cadres = [CadreFactory(unit=people.tree.unit_a) for _ in range(12)]
    Application.objects.bulk_create(
        Application(program=camp.program, cadre=c, track=camp.ai, mode="self") for c in cadres
    )
    with CaptureQueriesContext(connection) as many:
        content = export_applications(client, camp.program).content
    assert len(rows_of(content, APPLICATION_HEADERS)) == 15
    assert len(many) == len(few)


# --- the funnel's drill-down lists ----------------------------------------------------------


def test_every_funnel_drill_down_exports_exactly_its_number(login, people, complete):
    """The funnel's numbers link to the application list with filters: its export."""
    services.advancement_confirm(actor=people.org_admin, stage=complete.first)
    client = login(people.leader)
    rows = client.get(sel("funnel", complete.program.pk)).context["rows"]
    links = [(r["url"], r["count"]) for r in rows]
    links += [(i["url"], i["n"]) for r in rows for g in r["groups"] for i in g["items"] if i["url"]]
    assert len(links) > 10
    export_path = sel("application_export", complete.program.pk)
    for link, number in links:
        parts = urlsplit(link)
        assert parts.path == sel("application_list", complete.program.pk)
        response = client.post(f"{export_path}?{parts.query}")
        names = [r["姓名"] for r in rows_of(response.content, APPLICATION_HEADERS)]
        assert len(names) == number, link
        assert names == list_names(client.get(f"{link}{'&' if parts.query else '?'}page_size=100"))
    advanced = f"stage={complete.first.pk}&result=advanced"
    response = client.post(f"{export_path}?{advanced}")
    assert [r["姓名"] for r in rows_of(response.content, APPLICATION_HEADERS)] == ["张伟", "李娜"]
    assert exported()[-1].extra["filters"] == {
        "program": str(complete.program.pk),
        "result": "advanced",
        "stage": str(complete.first.pk),
    }


# --- the stage ranking ----------------------------------------------------------------------


def export_ranking(client, stage, query=""):
    return client.post(f"{sel('ranking_export', stage.pk)}?{query}")


def page_ranking(client, stage, query="") -> list[tuple]:
    response = client.get(f"{sel('stage_ranking', stage.pk)}?{query}&page_size=100")
    rows = response.context["page"].object_list
    return [(r.entry.code, r.entry.application.cadre.name, r.rank) for r in rows]


@pytest.mark.parametrize("who", ["org_admin", "leader"])
@pytest.mark.parametrize("query", ["", "method=median", "method=severity", "method=trimmed_mean"])
def test_the_ranking_export_holds_every_row_in_rank_order(login, people, scored, who, query):
    client = login(getattr(people, who))
    response = export_ranking(client, scored.first, query)
    assert response.status_code == 200
    rows = rows_of(response.content, RANKING_HEADERS)
    assert [(r["编号"], r["姓名"], r["名次"]) for r in rows] == page_ranking(
        client, scored.first, query
    )
    assert [r["姓名"] for r in rows] == ["张伟", "李娜", "赵敏"]


def test_the_ranking_export_shows_the_pages_values(login, people, scored):
    response = export_ranking(login(people.org_admin), scored.first)
    rows = rows_of(response.content, RANKING_HEADERS)
    code = {n: e.code for n, e in scored.entries.items()}
    assert rows == [
        {"名次": 1, "编号": code["张伟"], "姓名": "张伟", "单位": "区商务局", "赛道": "数字经济",
         "原始平均分": 90, "得分": 90, "评委（已交/应交）": "2 / 2", "同分": None,
         "按规则晋级": "✓"},
        {"名次": 2, "编号": code["李娜"], "姓名": "李娜", "单位": "综合科", "赛道": "人工智能",
         "原始平均分": 80, "得分": 80, "评委（已交/应交）": "2 / 2", "同分": None,
         "按规则晋级": "✓"},
        {"名次": 3, "编号": code["赵敏"], "姓名": "赵敏", "单位": "区财政局", "赛道": "数字经济",
         "原始平均分": 70, "得分": 70, "评委（已交/应交）": "1 / 2", "同分": None,
         "按规则晋级": None},
    ]  # fmt: skip
    score = sheet(response.content)["G2"]
    assert score.number_format == "0.00"


def test_the_ranking_export_is_not_paged(login, people, scored):
    """The page pages the ranking; the export holds all of it, whatever page was open."""
    client = login(people.leader)
    response = export_ranking(client, scored.first, "page=2&page_size=20&method=mean")
    assert len(rows_of(response.content, RANKING_HEADERS)) == 3
    (entry,) = exported()
    assert entry.extra["filters"] == {"method": "mean", "stage": str(scored.first.pk)}
    assert entry.extra["rows"] == 3 and entry.extra["title"] == "关卡排名"


def test_under_blind_review_the_export_shows_what_the_page_shows(login, people, scored):
    """Blind review hides names from raters; the organizer's ranking shows them, and so does
    its export."""
    Stage.objects.filter(pk=scored.first.pk).update(blind=True)
    client = login(people.org_admin)
    page = client.get(sel("stage_ranking", scored.first.pk)).content.decode()
    rows = rows_of(export_ranking(client, scored.first).content, RANKING_HEADERS)
    assert [r["姓名"] for r in rows] == ["张伟", "李娜", "赵敏"]
    assert all(r["姓名"] in page and r["编号"] in page for r in rows)


@pytest.mark.parametrize("who", ["officer_a", "officer_b", *NO_SELECTION_EXPORT])
def test_other_roles_may_not_export_the_ranking(login, people, scored, who):
    assert export_ranking(login(getattr(people, who)), scored.first).status_code == 403
    assert nothing_written()


def test_a_ranking_out_of_scope_is_404_and_writes_nothing(login, people, unit_b_draft, scored):
    client = login(outsider_admin(people))
    assert export_ranking(client, unit_b_draft.stage).status_code == 404
    assert export_ranking(client, scored.first).status_code == 404  # the root's programme
    assert client.post(sel("ranking_export", 999999)).status_code == 404
    assert nothing_written()


def test_the_ranking_button_shows_to_those_who_may_export(login, people, scored):
    path = f"{sel('stage_ranking', scored.first.pk)}?method=median"
    for who in ("org_admin", "leader"):
        content = login(getattr(people, who)).get(path).content.decode()
        assert 'data-testid="export"' in content
        assert f"{sel('ranking_export', scored.first.pk)}?method=median" in content


def test_a_large_ranking_exports_as_a_job(
    login, people, scored, django_capture_on_commit_callbacks
):
    client = login(people.org_admin)
    with (
        override_settings(EXPORT_BACKGROUND_ROWS=2, EXPORT_CHUNK_SIZE=1),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = export_ranking(client, scored.first, "method=median")
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.title == "导出关卡排名（3 行）"
    assert job.status == Job.Status.DONE
    assert (job.progress_done, job.progress_total) == (3, 3)
    download = client.get(reverse("jobs:download", args=[job.pk]))
    rows = rows_of(b"".join(download.streaming_content), RANKING_HEADERS)
    assert [(r["编号"], r["姓名"], r["名次"]) for r in rows] == page_ranking(
        client, scored.first, "method=median"
    )
    (entry,) = exported()
    assert entry.extra["background"] is True and entry.extra["rows"] == 3
    assert entry.extra["filters"] == {"method": "median", "stage": str(scored.first.pk)}
    assert entry.object_id == str(job.pk)


# --- the advancement decision ---------------------------------------------------------------


@pytest.fixture
def decided(people, complete):
    """The cut confirmed with one change: 李娜, 2nd by the rule, does not advance."""
    li = complete.entries["李娜"]
    services.advancement_confirm(
        actor=people.org_admin,
        stage=complete.first,
        overrides={li.pk: (False, "=本人申请退出")},
        note="经项目领导小组研究确定",
    )
    return complete


def export_advancement(client, stage):
    return client.post(sel("advancement_export", stage.pk))


@pytest.mark.parametrize("who", ["org_admin", "leader"])
def test_the_decision_export_holds_the_pages_results(login, people, decided, who):
    client = login(getattr(people, who))
    page = client.get(sel("advancement", decided.first.pk))
    rows = rows_of(export_advancement(client, decided.first).content, ADVANCEMENT_HEADERS)
    assert [(r["编号"], r["名次"]) for r in rows] == [
        (r.entry.code, r.rank) for r in page.context["results"]
    ]
    code = {n: e.code for n, e in decided.entries.items()}
    assert rows == [
        {"名次": 1, "编号": code["张伟"], "姓名": "张伟", "单位": "区商务局", "赛道": "数字经济",
         "得分": 90, "按规则": "✓", "最终结果": "晋级", "调整": None, "调整理由": None},
        {"名次": 2, "编号": code["李娜"], "姓名": "李娜", "单位": "综合科", "赛道": "人工智能",
         "得分": 80, "按规则": "✓", "最终结果": "未晋级", "调整": "规则晋级，调整为未晋级",
         "调整理由": "=本人申请退出"},
        {"名次": 3, "编号": code["赵敏"], "姓名": "赵敏", "单位": "区财政局", "赛道": "数字经济",
         "得分": 70, "按规则": None, "最终结果": "未晋级", "调整": None, "调整理由": None},
    ]  # fmt: skip
    assert 'data-testid="export"' in page.content.decode()


def test_a_formula_like_reason_is_exported_as_text(login, people, decided):
    content = export_advancement(login(people.org_admin), decided.first).content
    reason = sheet(content)["J3"]
    assert reason.value == "=本人申请退出"
    assert reason.data_type == "s" and reason.quotePrefix
    (entry,) = exported()
    assert entry.extra["filters"] == {"stage": str(decided.first.pk)}
    assert entry.extra["rows"] == 3 and entry.extra["title"] == "晋级结果"


def test_before_the_decision_there_is_nothing_to_export(login, people, complete):
    client = login(people.org_admin)
    page = client.get(sel("advancement", complete.first.pk)).content.decode()
    assert 'data-testid="export"' not in page
    response = export_advancement(client, complete.first)
    assert response.status_code == 302
    assert response["Location"] == sel("advancement", complete.first.pk)
    assert [str(m) for m in response.wsgi_request._messages] == [
        "晋级结果尚未确定，确定后才能导出。"
    ]
    assert nothing_written()


@pytest.mark.parametrize("who", ["officer_a", "officer_b", *NO_SELECTION_EXPORT])
def test_other_roles_may_not_export_the_decision(login, people, decided, who):
    assert export_advancement(login(getattr(people, who)), decided.first).status_code == 403
    assert nothing_written()


def test_a_decision_out_of_scope_is_404_and_writes_nothing(login, people, decided, unit_b_draft):
    client = login(outsider_admin(people))
    assert export_advancement(client, decided.first).status_code == 404
    assert export_advancement(client, unit_b_draft.stage).status_code == 404
    assert nothing_written()
