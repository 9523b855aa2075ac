"""Care pages per persona: the ledger and a case are seen only by roles holding the care
capability (403 otherwise, 404 outside the subtree), every view audited, the notes masked until
unmasked with a reason; the cadre record's care tab; refusals on the form; constant queries;
the export."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from qingmiao.accounts.models import AuditEntry
from qingmiao.supervision.models import CareCase, CareFlag
from qingmiao.supervision.services import care as services

from .factories_care import open_case

pytestmark = pytest.mark.django_db
READERS = ["org_admin", "officer_a", "officer_b"]
NOT_READERS = [
    "leader", "cadre_user", "mentor", "rater", "host", "inspector", "sysadmin", "secadmin",
    "auditor",
]  # fmt: skip
NOTES = "配偶在兰州市某医院工作"


@pytest.fixture
def cases(people):
    a = open_case(people.org_admin, people.cadre_a, owner=people.officer_a)
    b = open_case(people.org_admin, people.cadre_b, kind="talk", summary="入职谈心")
    return a, b


def viewed(channel: str) -> list[list[int]]:
    return [
        e.extra["cases"]
        for e in AuditEntry.objects.filter(action="supervision.care.viewed").order_by("id")
        if e.extra["channel"] == channel
    ]


@pytest.mark.parametrize("persona", READERS)
def test_ledger_readers_see_their_subtree_and_are_audited(people, login, cases, persona):
    a, b = cases
    page = login(getattr(people, persona)).get(reverse("supervision:care_ledger"))
    assert page.status_code == 200
    text = page.content.decode()
    expected = {"org_admin": {a, b}, "officer_a": {a}, "officer_b": {b}}[persona]
    for case in (a, b):
        assert (case.summary in text) == (case in expected)
    assert NOTES not in text
    assert sorted(viewed("ledger")[-1]) == sorted(c.pk for c in expected)


@pytest.mark.parametrize("persona", NOT_READERS)
def test_ledger_and_case_forbidden_without_the_capability(people, login, cases, persona):
    client = login(getattr(people, persona))
    assert client.get(reverse("supervision:care_ledger")).status_code == 403
    assert client.get(reverse("supervision:care_detail", args=[cases[0].pk])).status_code == 403
    assert client.post(reverse("supervision:care_export")).status_code == 403
    assert not viewed("page") and not viewed("ledger")


def test_case_out_of_subtree_is_404(people, login, cases):
    _a, b = cases
    client = login(people.officer_a)
    assert client.get(reverse("supervision:care_detail", args=[b.pk])).status_code == 404
    assert client.get(reverse("supervision:care_detail", args=[999999])).status_code == 404
    step = b.follow_ups.get()
    url = reverse("supervision:care_follow_up_record", args=[step.pk])
    assert client.post(url, {"outcome": "solved", "result": "x"}).status_code == 404
    new_url = reverse("supervision:care_case_new", args=[people.cadre_b.pk])
    assert client.get(new_url).status_code == 404


def test_case_page_masks_notes_and_unmask_needs_a_reason(people, login, cases):
    a, _b = cases
    client = login(people.officer_a)
    page = client.get(reverse("supervision:care_detail", args=[a.pk])).content.decode()
    assert NOTES not in page and "情况说明和跟进情况已隐藏" in page
    assert viewed("page") == [[a.pk]]
    url = reverse("supervision:care_unmask", args=[a.pk])
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400
    assert "请写明查看详细情况的理由。" in refused.content.decode()
    assert NOTES not in refused.content.decode()
    shown = client.post(url, {"reason": "研究调动方案"}).content.decode()
    assert NOTES in shown
    entry = AuditEntry.objects.get(action="supervision.care.unmasked")
    assert entry.extra["reason"] == "研究调动方案" and entry.actor == people.officer_a


def test_follow_up_without_due_date_or_outcome_refused_on_the_form(people, login, cases):
    a, _b = cases
    client = login(people.org_admin)
    response = client.post(
        reverse("supervision:care_follow_up_add", args=[a.pk]), {"plan": "回访", "due_on": ""}
    )
    assert response.status_code == 400
    assert "请填写跟进期限。" in response.content.decode()
    assert a.follow_ups.count() == 1
    step = a.follow_ups.get()
    response = client.post(
        reverse("supervision:care_follow_up_record", args=[step.pk]), {"result": "谈了"}
    )
    assert response.status_code == 400
    assert "请选择跟进结果。" in response.content.decode()
    step.refresh_from_db()
    assert step.outcome == ""
    done = client.post(
        reverse("supervision:care_follow_up_record", args=[step.pk]),
        {"outcome": "solved", "result": "配偶已调入", "done_on": "2026-11-01"},
    )
    assert done.status_code == 302
    a.refresh_from_db()
    assert a.status == "solved" and a.closed_on == date(2026, 11, 1)


def test_open_a_case_from_the_form(people, login):
    client = login(people.officer_a)
    url = reverse("supervision:care_case_new", args=[people.cadre_a2.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"kind": "housing", "summary": "租房困难", "owner": people.officer_a.pk})
    assert bad.status_code == 200 and "请填写跟进期限。" in bad.content.decode()
    assert not CareCase.objects.exists()
    ok = client.post(
        url,
        {
            "kind": "housing",
            "summary": "租房困难",
            "owner": people.officer_a.pk,
            "opened_on": "2026-11-02",
            "plan": "协调周转房",
            "due_on": "2026-12-01",
        },
    )
    case = CareCase.objects.get()
    assert ok.status_code == 302 and ok["Location"] == reverse(
        "supervision:care_detail", args=[case.pk]
    )
    assert login(people.leader).get(url).status_code == 403


def test_cadre_record_care_tab_only_for_care_roles(people, login, cases):
    url = reverse("cadres:detail", args=[people.cadre_a.pk])
    page = login(people.org_admin).get(url).content.decode()
    assert 'data-testid="panel-care"' in page and cases[0].summary in page
    assert viewed("cadre_page") == [[cases[0].pk]]
    leader_page = login(people.leader).get(url).content.decode()
    assert 'data-testid="panel-care"' not in leader_page and cases[0].summary not in leader_page


def test_flag_by_hand_from_the_tab(people, login):
    client = login(people.officer_a)
    url = reverse("supervision:care_flag_set", args=[people.cadre_a.pk])
    client.post(url, {"kind": "separated_family", "reason": ""})
    assert not CareFlag.objects.filter(source="manual").exists()
    client.post(url, {"kind": "separated_family", "reason": "本人反映配偶在外省"})
    flag = CareFlag.objects.get(source="manual")
    assert flag.basis == "本人反映配偶在外省" and flag.set_by == people.officer_a
    assert (
        login(people.officer_b).post(url, {"kind": "separated_family", "reason": "x"}).status_code
        == 404
    )
    clear = reverse("supervision:care_flag_clear", args=[flag.pk])
    assert client.post(clear, {"reason": "已调回"}).status_code == 404  # still officer_b
    login(people.officer_a).post(clear, {"reason": "已调回"})
    assert not CareFlag.objects.filter(source="manual").exists()


def test_ledger_filters_and_counts_link(people, login, cases):
    a, b = cases
    client = login(people.org_admin)
    page = client.get(reverse("supervision:care_ledger") + "?kind=talk").content.decode()
    assert b.summary in page and a.summary not in page
    assert "?kind=separation&amp;status=ongoing" in page
    unit = client.get(reverse("supervision:care_ledger") + f"?unit={people.tree.unit_a.pk}")
    assert a.summary in unit.content.decode() and b.summary not in unit.content.decode()
    mine = client.get(reverse("supervision:care_ledger") + "?mine=1").content.decode()
    assert b.summary in mine and a.summary not in mine  # a's owner is officer_a
    bad = client.get(reverse("supervision:care_ledger") + "?kind=zzz&unit=abc&overdue=9")
    assert bad.status_code == 200 and 'data-testid="filter-errors"' in bad.content.decode()


def test_overdue_filter(people, login):
    today = timezone.localdate()
    late = open_case(
        people.org_admin, people.cadre_a, opened_on=date(2026, 1, 5), due_on=date(2026, 1, 20)
    )
    fresh = open_case(people.org_admin, people.cadre_a2, opened_on=today, due_on=today)
    page = login(people.org_admin).get(reverse("supervision:care_ledger") + "?overdue=1")
    text = page.content.decode().split("result-count")[1]  # the list, not the blocks above
    assert f'href="/supervision/care/{late.pk}/"' in text
    assert f'href="/supervision/care/{fresh.pk}/"' not in text


def test_ledger_queries_constant(people, login, cases):
    client = login(people.org_admin)
    url = reverse("supervision:care_ledger")
    client.get(url)  # the unit drop-down is cached after the first page: compare warm pages
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(25):
        cadre = [people.cadre_a, people.cadre_a2, people.cadre_b][n % 3]
        open_case(people.org_admin, cadre, summary=f"事项{n}")
    CareFlag.objects.create(cadre=people.cadre_a, kind="remote_township", source="derived")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url + "?page_size=50").status_code == 200
    assert len(many) == len(few)


def test_export_audited_without_notes(people, login, cases):
    from io import BytesIO

    from openpyxl import load_workbook

    response = login(people.officer_a).post(reverse("supervision:care_export"))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "张伟" in values and "王强" not in values
    assert not any(NOTES in str(v) for v in values)
    entry = AuditEntry.objects.filter(action="core.list.exported").latest("id")
    assert entry.extra.get("rows") == 1 or entry.extra.get("row_count") == 1


def test_service_reached_twice_does_not_double_close(people, cases):
    a, _b = cases
    step = a.follow_ups.get()
    services.care_follow_up_record(
        actor=people.org_admin, follow_up=step, data={"outcome": "unsolvable", "result": "无岗位"}
    )
    step.refresh_from_db()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.care_follow_up_record(
            actor=people.org_admin, follow_up=step, data={"outcome": "solved", "result": "x"}
        )


def test_growth_record_source_only_for_care_roles_and_audited(people, cases):
    from qingmiao.supervision.timeline import SOURCES

    a, _b = cases
    services.care_follow_up_record(
        actor=people.officer_a,
        follow_up=a.follow_ups.get(),
        data={"outcome": "solved", "result": "已调入", "done_on": date(2026, 11, 1)},
    )
    source = SOURCES["care"]
    events = source(people.org_admin, people.cadre_a)
    assert [(e.day, e.kind, e.title) for e in events] == [
        (date(2026, 9, 1), "care", "关爱措施：解决两地分居"),
        (date(2026, 11, 1), "care", "关爱跟进：已解决"),
    ]
    assert viewed("timeline") == [[a.pk]]
    assert source(people.org_admin, people.cadre_a, year=2025) == []
    assert source(people.org_admin, people.cadre_a, kinds=["training"]) == []
    for persona in ("leader", "mentor", "cadre_user", "inspector"):
        assert source(getattr(people, persona), people.cadre_a) == []
    assert source(people.officer_b, people.cadre_a) == []  # outside unit B's subtree


def test_due_block_for_dashboards(people, cases):
    from qingmiao.cadres.models import Cadre
    from qingmiao.supervision.panels_care import due_block

    a, b = cases  # both due 2026-10-15: overdue today
    assert due_block(people.leader) is None
    block = due_block(people.org_admin, cadres=Cadre.objects.filter(pk=people.cadre_a.pk))
    assert ([c.pk for c in block["rows"]], block["count"], block["overdue"]) == ([a.pk], 1, 1)
    everyone = due_block(people.org_admin)
    assert (everyone["count"], everyone["overdue"]) == (2, 2)
    assert due_block(people.officer_b)["rows"] == [b]
    assert viewed("dashboard")[-1] == [b.pk]


def test_ledger_owner_filter(people, login, cases):
    a, b = cases  # a owned by officer_a, b by org_admin
    url = reverse("supervision:care_ledger") + f"?owner={people.officer_a.pk}"
    text = login(people.org_admin).get(url).content.decode().split("result-count")[1]
    assert a.summary in text and b.summary not in text
