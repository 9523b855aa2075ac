"""Correcting a deliverable and its outcomes: the submitter until an outcome is recorded, staff
at any time; audited before → after; refusals on the field with nothing changed; the pages and
the API say the same."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from qingmiao.accounts.models import AuditEntry
from qingmiao.cultivation.services import results as services
from qingmiao.cultivation.services import results_edit

from .factories_results import deliverable_data, pdf
from .test_results_services import _outcome, setting  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(people, setting):  # noqa: F811
    _program, one, _two, _zhao = setting
    return services.deliverable_submit(
        actor=people.cadre_user, team=one, data=deliverable_data(title="营商环境堵点")
    )


def _data(d, **changes):
    return {
        "kind": d.kind,
        "title": d.title,
        "summary": d.summary,
        "submitted_on": d.submitted_on,
        **changes,
    }


def test_the_submitter_corrects_until_an_outcome_is_recorded(people, setting, submitted):  # noqa: F811
    d = results_edit.deliverable_update(
        actor=people.cadre_user,
        deliverable=submitted,
        data=_data(submitted, title="营商环境堵点清单", authors=[people.cadre_a, people.cadre_b]),
    )
    assert d.title == "营商环境堵点清单"
    assert sorted(c.name for c in d.authors.all()) == ["张伟", "王强"]
    entry = AuditEntry.objects.get(action="cultivation.deliverable.updated")
    assert entry.changes == {
        "title": {"before": "营商环境堵点", "after": "营商环境堵点清单"},
        "authors": {"before": ["张伟"], "after": ["张伟", "王强"]},
    }
    _outcome(people, d, "adopted")
    with pytest.raises(ValidationError) as exc:
        results_edit.deliverable_update(
            actor=people.cadre_user, deliverable=d, data=_data(d, title="再改")
        )
    assert exc.value.messages == [
        "该成果已登记采纳或转化情况，不能再修改；如需更正，请联系组织部门。"
    ]
    d.refresh_from_db()
    assert d.title == "营商环境堵点清单"


def test_only_the_submitter_and_staff(people, setting, submitted):  # noqa: F811
    for who in (people.mentor, people.host, people.leader):
        with pytest.raises(PermissionDenied):
            results_edit.deliverable_update(
                actor=who, deliverable=submitted, data=_data(submitted, title="x")
            )


def test_refusals_on_the_field_and_nothing_changed(people, setting, submitted):  # noqa: F811
    _program, _one, _two, zhao = setting
    cases = [
        (people.cadre_user, {"title": ""}, "title"),
        (people.cadre_user, {"kind": "poem"}, "kind"),
        (people.cadre_user, {"authors": [zhao]}, "authors"),  # not of the team
        (people.cadre_user, {"file": pdf(name="报告.exe")}, "file"),
    ]
    for actor, change, field in cases:
        with pytest.raises(ValidationError) as exc:
            results_edit.deliverable_update(
                actor=actor, deliverable=submitted, data=_data(submitted, **change)
            )
        assert field in exc.value.message_dict, change
    submitted.refresh_from_db()
    assert submitted.title == "营商环境堵点" and not submitted.file
    assert not AuditEntry.objects.filter(action="cultivation.deliverable.updated").exists()


def test_staff_correct_any_time_and_the_outcome_too(people, setting, submitted):  # noqa: F811
    _program, _one, two, _zhao = setting
    outcome = _outcome(people, submitted, "adopted")
    d = results_edit.deliverable_update(
        actor=people.org_admin,
        deliverable=submitted,
        data=_data(submitted, kind="proposal", team=two, authors=[]),
    )
    assert d.kind == "proposal" and d.team == two
    # a submission date after the adoption it led to is refused
    with pytest.raises(ValidationError) as exc:
        results_edit.deliverable_update(
            actor=people.org_admin,
            deliverable=d,
            data=_data(d, submitted_on=date(2099, 1, 1), team=two),
        )
    assert "submitted_on" in exc.value.message_dict
    results_edit.outcome_update(
        actor=people.org_admin,
        outcome=outcome,
        data={"body": "区发展改革委", "date": outcome.date, "evidence": "批示"},
    )
    outcome.refresh_from_db()
    assert outcome.body == "区发展改革委" and outcome.kind == "adopted"
    entry = AuditEntry.objects.get(action="cultivation.outcome.updated")
    assert entry.changes["body"] == {"before": "区政府", "after": "区发展改革委"}
    with pytest.raises(ValidationError) as exc:
        results_edit.outcome_update(
            actor=people.org_admin,
            outcome=outcome,
            data={"body": "", "date": date(2000, 1, 1), "evidence": "批示"},
        )
    assert "body" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        results_edit.outcome_update(actor=people.cadre_user, outcome=outcome, data={"body": "x"})


def test_the_pages(people, setting, submitted, login):  # noqa: F811
    client = login(people.cadre_user)
    html = client.get(reverse("cultivation:my_results")).content.decode()
    assert 'data-testid="edit"' in html
    url = reverse("cultivation:my_deliverable_edit", args=[submitted.pk])
    page = client.get(url)
    assert page.status_code == 200 and "修改调研成果" in page.content.decode()
    response = client.post(
        url,
        {"kind": "bottleneck", "title": "", "submitted_on": "2026-05-01"},
    )
    assert response.status_code == 200 and "title" in response.context["form"].errors
    response = client.post(
        url, {"kind": "bottleneck", "title": "新题目", "submitted_on": "2026-05-01"}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.title == "新题目"
    # staff
    admin = login(people.org_admin)
    edit = reverse("cultivation:deliverable_edit", args=[submitted.pk])
    assert admin.get(edit).status_code == 200
    outcome = _outcome(people, submitted, "converted")
    outcome_url = reverse("cultivation:outcome_edit", args=[outcome.pk])
    response = admin.post(
        outcome_url, {"body": "区商务局", "date": "2026-06-01", "evidence": "文件"}
    )
    assert response.status_code == 302
    # roles without the capability, and out of scope
    assert login(people.mentor).get(edit).status_code == 403
    assert login(people.cadre_user).get(outcome_url).status_code == 403
    assert (
        login(people.officer_b)
        .get(reverse("cultivation:deliverable_edit", args=[999999]))
        .status_code
        == 404
    )
    # after the outcome, the submitter's page says it is locked
    html = login(people.cadre_user).get(url).content.decode()
    assert 'data-testid="locked"' in html and 'data-testid="submit"' not in html
