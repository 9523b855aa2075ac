# ruff: noqa: F811 (the fixtures come from the staff page tests)
"""One application's own page, and the application list keeping the user's ticks and choice
when a bulk screening is refused."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import ALL_ROLES
from qingmiao.selection.models import Application

from .test_staff_views import camp, judges, running, scored, submit_sheet, text, url  # noqa: F401

pytestmark = pytest.mark.django_db


def listed(login, user, program) -> set[str] | None:
    """Names on the application list for the user, or None when the list is refused."""
    response = login(user).get(url("application_list", program.pk))
    if response.status_code != 200:
        return None
    return {a.cadre.name for a in response.context["page"].object_list}


@pytest.mark.parametrize("persona", ALL_ROLES)
def test_the_page_is_scoped_like_the_list(login, people, camp, persona):
    user = getattr(people, persona)
    names = listed(login, user, camp.program)
    for application in (camp.apps.zhang, camp.apps.li, camp.apps.zhao):
        status = login(user).get(url("application_detail", application.pk)).status_code
        if names is None and not user.has_perm("selection.view_application"):
            assert status == 403, persona  # forbidden: the role reads no applications
        elif names is not None and application.cadre.name in names:
            assert status == 200, persona
        else:
            assert status == 404, persona  # out of scope: never a 403


def test_allowed_forbidden_and_out_of_scope(login, people, camp):
    zhao = url("application_detail", camp.apps.zhao.pk)
    assert login(people.org_admin).get(zhao).status_code == 200
    assert login(people.officer_b).get(zhao).status_code == 200
    assert login(people.officer_a).get(zhao).status_code == 404
    assert login(people.rater).get(zhao).status_code == 403
    assert login(people.cadre_user).get(zhao).status_code == 403
    assert login(people.org_admin).get(url("application_detail", 999999)).status_code == 404


def test_the_page_shows_statement_eligibility_and_history(login, people, scored):
    application = Application.objects.get(cadre__name="张伟")
    page = login(people.org_admin).get(url("application_detail", application.pk))
    body = text(page)
    assert "报名陈述" in body and "对产业经济感兴趣" in body
    rules = page.context["rules"]
    assert [(r["label"], r["ok"]) for r in rules] == [(rules[0]["label"], True)]
    assert body.count('data-testid="rule-row"') == len(rules) == 1
    history = page.context["history"]
    assert [e.stage.name for e in history] == ["入营选拔"]
    assert (history[0].submitted_count, history[0].assignment_count) == (2, 2)
    recommended = Application.objects.get(cadre__name="李娜")
    body = text(login(people.org_admin).get(url("application_detail", recommended.pk)))
    assert "推荐理由" in body and "报名陈述" not in body


def test_the_list_links_each_row_to_its_page(login, people, camp):
    body = text(login(people.org_admin).get(url("application_list", camp.program.pk)))
    for application in (camp.apps.zhang, camp.apps.li, camp.apps.zhao):
        assert f'href="{url("application_detail", application.pk)}"' in body


def test_the_page_runs_a_fixed_number_of_queries(login, people, scored):
    client = login(people.org_admin)
    application = Application.objects.get(cadre__name="张伟")
    client.get(url("application_detail", application.pk))  # warm the session and caches
    with CaptureQueriesContext(connection) as first:
        client.get(url("application_detail", application.pk))
    other = Application.objects.get(cadre__name="赵敏")
    with CaptureQueriesContext(connection) as second:
        client.get(url("application_detail", other.pk))
    assert len(first) == len(second)


# --- a refused bulk screening keeps what the user chose ----------------------------------------


def test_a_refused_screening_keeps_the_ticks_and_the_choice(login, people, camp):
    ticked = [camp.apps.zhang.pk, camp.apps.zhao.pk]
    response = login(people.org_admin).post(
        url("application_screen", camp.program.pk),
        {"ids": ticked, "decision": "ineligible", "reason": " ", "query": "sort=name"},
    )
    assert response.status_code == 200
    body = text(response)
    assert "请填写不通过的理由。" in body
    for pk in ticked:
        assert f'name="ids" value="{pk}" aria-label' in body
        assert f'value="{pk}" aria-label="{Application.objects.get(pk=pk).cadre.name}" checked' in (
            body
        )
    li = camp.apps.li
    assert f'value="{li.pk}" aria-label="{li.cadre.name}" checked' not in body
    assert '<option value="ineligible" selected>' in body  # not flipped back to approve
    assert response.context["query"] == "sort=name"
    assert set(Application.objects.values_list("status", flat=True)) == {"submitted"}


def test_a_refused_screening_keeps_the_reason_typed(login, people, camp):
    other_program_id = 999999
    response = login(people.org_admin).post(
        url("application_screen", camp.program.pk),
        {"ids": [camp.apps.li.pk, other_program_id], "decision": "ineligible", "reason": "超龄"},
    )
    assert response.status_code == 200
    body = text(response)
    assert "所选报名中有不属于该项目的记录。" in body
    assert 'value="超龄"' in body
    assert '<option value="ineligible" selected>' in body
