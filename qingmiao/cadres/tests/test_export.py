"""导出 Excel on the cadre list, for every persona: the file holds exactly the rows the page
shows (scope, filters, sort), masked where the role may not see, audited; large lists run as a
background job with progress. cadre_a 张伟 (unit A, 1995.05), cadre_a2 李娜 (unit A's section,
1992.03), cadre_b 王强 (unit B, 1988.10); see conftest.py."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qingmiao.accounts.models import AuditEntry
from qingmiao.cadres.tests.factories import CadreFactory
from qingmiao.core.models import Job

pytestmark = pytest.mark.django_db

ZHANG_WEI_ID = "110105199505121232"
HEADERS = [
    "姓名", "性别", "出生年月", "年龄", "年龄段", "学历学位", "政治面貌", "单位", "职务", "职级",
    "标签",
]  # fmt: skip


def export(client, query: str = ""):
    return client.post(f"{reverse('cadres:export')}?{query}")


def sheet_rows(content: bytes) -> list[dict]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    return [dict(zip(HEADERS, row, strict=True)) for row in rows[1:]]


def page_names(client, query: str = "") -> list[str]:
    response = client.get(f"{reverse('cadres:list')}?{query}&page_size=100")
    return [c.name for c in response.context["page"].object_list]


def exported(action="core.list.exported"):
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


@pytest.mark.parametrize(
    "who, expected",
    [
        ("org_admin", ["李娜", "王强", "张伟"]),
        ("leader", ["李娜", "王强", "张伟"]),
        ("officer_a", ["李娜", "张伟"]),
        ("officer_b", ["王强"]),
    ],
)
def test_the_file_holds_exactly_the_rows_the_page_shows(people, login, who, expected):
    client = login(getattr(people, who))
    response = export(client)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        "filename*=UTF-8''%E5%B9%B2%E9%83%A8%E6%A1%A3%E6%A1%88_" in response["Content-Disposition"]
    )
    rows = sheet_rows(response.content)
    assert [r["姓名"] for r in rows] == page_names(client) == expected


@pytest.mark.parametrize(
    "query", ["q=zw", "sort=-birth_date", "unit={a}&sort=birth_date", "generation=90"]
)
def test_filters_and_sort_are_the_pages(people, login, query):
    query = query.format(a=people.tree.unit_a.pk)
    client = login(people.org_admin)
    names = [r["姓名"] for r in sheet_rows(export(client, query).content)]
    assert names == page_names(client, query)
    expected = {
        "q=zw": ["张伟"],
        "sort=-birth_date": ["张伟", "李娜", "王强"],
        f"unit={people.tree.unit_a.pk}&sort=birth_date": ["李娜", "张伟"],
        "generation=90": ["李娜"],
    }
    assert names == expected[query]


def test_values_as_the_page_shows_them_and_no_id_numbers(people, login):
    by_name = {r["姓名"]: r for r in sheet_rows(export(login(people.leader), "q=zw").content)}
    zhang = by_name["张伟"]
    assert zhang["出生年月"] == "1995.05"
    assert zhang["年龄段"] == "95后"
    assert zhang["单位"] == "区商务局"
    assert zhang["性别"] == "男"
    entry = exported()[-1]
    assert entry.extra["unmasked"] == [] and entry.actor == people.leader


def test_no_role_gets_an_id_number_the_list_does_not_show(people, login):
    for user in (people.org_admin, people.officer_a, people.leader):
        content = export(login(user), "q=zw").content
        assert sheet_rows(content)[0]["姓名"] == "张伟"
        text = " ".join(str(v) for row in sheet_rows(content) for v in row.values())
        assert ZHANG_WEI_ID not in text and ZHANG_WEI_ID[-4:] not in text
        assert exported()[-1].extra["unmasked"] == []


def test_the_export_is_audited_with_its_filters_and_row_count(people, login):
    client = login(people.org_admin)
    export(client, f"unit={people.tree.unit_a.pk}&sort=-birth_date&page=2&page_size=50&q=")
    (entry,) = exported()
    assert entry.actor == people.org_admin
    assert entry.extra["filters"] == {"sort": "-birth_date", "unit": str(people.tree.unit_a.pk)}
    assert entry.extra["rows"] == 2
    assert entry.extra["title"] == "干部档案"
    assert entry.extra["background"] is False


def test_formula_text_in_a_record_is_exported_as_text(people, login):
    CadreFactory(name="赵六", unit=people.tree.unit_a, post='=HYPERLINK("http://x","点我")')
    CadreFactory(name="钱七", unit=people.tree.unit_a, post="@cmd|' /C calc'!A0")
    response = export(login(people.org_admin), "q=")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    posts = {row[0].value: row[8] for row in sheet.iter_rows(min_row=2)}
    assert posts["赵六"].value == '=HYPERLINK("http://x","点我")'
    assert posts["赵六"].data_type == "s" and posts["赵六"].quotePrefix
    assert posts["钱七"].data_type == "s" and posts["钱七"].quotePrefix


@pytest.mark.parametrize(
    "who", ["cadre_user", "mentor", "rater", "inspector", "sysadmin", "secadmin", "auditor"]
)
def test_other_roles_may_not_export(people, login, who):
    client = login(getattr(people, who))
    assert export(client).status_code == 403
    assert exported() == [] and not Job.objects.exists()


def test_the_button_shows_only_to_those_who_may_export(people, login):
    for who in ("org_admin", "officer_a", "leader"):
        assert (
            'data-testid="export"' in login(getattr(people, who)).get("/cadres/").content.decode()
        )
    for who in ("cadre_user", "mentor"):
        assert (
            'data-testid="export"'
            not in login(getattr(people, who)).get("/cadres/").content.decode()
        )


def test_a_unit_outside_the_scope_is_404_and_writes_nothing(people, login):
    client = login(people.officer_b)
    assert export(client, f"unit={people.tree.unit_a.pk}").status_code == 404
    assert export(client, "unit=999999").status_code == 404
    assert exported() == [] and not Job.objects.exists()


def test_a_refused_filter_goes_back_to_the_list_with_the_reason(people, login):
    client = login(people.org_admin)
    response = export(client, "age_min=-3&q=zw")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("cadres:list"))
    message = [str(m) for m in response.wsgi_request._messages]
    assert message and "0" in message[0]
    assert exported() == []


def test_get_and_anonymous_are_refused(people, client, login):
    assert export(client).status_code == 302  # to the sign-in page
    assert login(people.org_admin).get(reverse("cadres:export")).status_code == 405


def test_the_export_runs_a_constant_number_of_queries(people, login):
    client = login(people.org_admin)
    export(client)
    with CaptureQueriesContext(connection) as few:
        export(client)
    for n in range(12):
        CadreFactory(unit=people.tree.unit_b, name=f"干部{n}")
    with CaptureQueriesContext(connection) as many:
        rows = sheet_rows(export(client).content)
    assert len(rows) == 15
    assert len(many) == len(few)


def test_above_the_threshold_it_runs_as_a_job_with_progress(
    people, login, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_BACKGROUND_ROWS = 2
    settings.EXPORT_CHUNK_SIZE = 1
    client = login(people.org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = export(client, "sort=-birth_date")
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.title == "导出干部档案（3 行）"
    assert job.status == Job.Status.DONE
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert job.progress_message == "导出完成，共 3 行"
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="job-download"' in page and "hx-trigger" not in page
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    rows = sheet_rows(b"".join(download.streaming_content))
    assert [r["姓名"] for r in rows] == page_names(client, "sort=-birth_date")
    (entry,) = exported()
    assert entry.extra["rows"] == 3 and entry.extra["background"] is True
    assert entry.extra["filters"] == {"sort": "-birth_date"}
    assert entry.object_id == str(job.pk)
    # Someone else cannot reach the file.
    assert login(people.leader).get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_at_or_below_the_threshold_it_stays_in_the_request(people, login, settings):
    settings.EXPORT_BACKGROUND_ROWS = 3
    response = export(login(people.org_admin))
    assert response.status_code == 200 and not Job.objects.exists()


def test_a_job_export_by_a_user_who_lost_the_right_fails_readably(
    people, login, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_BACKGROUND_ROWS = 0
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        export(login(people.org_admin))
    people.org_admin.role = "mentor"
    people.org_admin.save()
    for callback in callbacks:
        callback()
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED and "已变更" in job.error
    assert not job.result_file and exported() == []
