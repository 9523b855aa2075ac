"""The rounds endpoints per persona: staff read, officer B out of scope (404), roles without
the capability (403); scoring through the API refused outside the scale and on a closed round
in the page's words; the host's evaluation; closing, reopening, nominating; constant queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qingmiao.supervision.models import Round
from qingmiao.supervision.tests.factories_rounds import (
    assignment,
    make_round,
    make_scheme,
    member_of,
    scheme_data,
    year,  # noqa: F401  (a fixture)
)

BASE = "/api/v1/supervision/"
ROUNDS_PATHS = {
    f"{BASE}schemes/", f"{BASE}schemes/{{id}}/", f"{BASE}rounds/", f"{BASE}rounds/{{id}}/",
    f"{BASE}rounds/{{id}}/close/", f"{BASE}rounds/{{id}}/reopen/", f"{BASE}rounds/{{id}}/ranking/",
    f"{BASE}rounds/{{id}}/overview/", f"{BASE}rounds/{{id}}/nominations/",
    f"{BASE}round-members/{{id}}/", f"{BASE}round-members/{{id}}/score/",
    f"{BASE}round-members/{{id}}/host-evaluation/", f"{BASE}round-members/{{id}}/nominate/",
}  # fmt: skip


@pytest.fixture
def open_round(people):
    p = people
    assignment(p.cadre_a, host_contact=p.host, start_date=date(2026, 1, 1))
    return make_round(p.org_admin, make_scheme(p.org_admin), [p.cadre_a, p.cadre_a2],
                      [p.inspector], month=date(2026, 6, 1), cohort="商务局干部")  # fmt: skip


@pytest.mark.parametrize("who", ["org_admin", "officer_a", "leader"])
def test_staff_read(api, people, year, who):  # noqa: F811
    client = api(getattr(people, who))
    assert client.get(BASE + "schemes/").status_code == 200
    rounds = client.get(BASE + "rounds/")
    assert rounds.status_code == 200 and rounds.json()["count"] == 2
    april = year["april"]
    ranking = client.get(f"{BASE}rounds/{april.pk}/ranking/").json()["results"]
    assert ranking[0]["movement"] in ("↑1", "↓1")
    assert client.get(f"{BASE}rounds/{april.pk}/overview/").status_code == 200


@pytest.mark.parametrize(
    "who", ["cadre_user", "mentor", "rater", "sysadmin", "secadmin", "auditor"]
)
def test_forbidden(api, people, year, who):  # noqa: F811
    client = api(getattr(people, who))
    assert client.get(BASE + "rounds/").status_code == 403
    assert client.get(BASE + "schemes/").status_code == 403
    assert client.get(f"{BASE}rounds/{year['april'].pk}/ranking/").status_code == 403


def test_out_of_scope(api, people, open_round):
    p = people
    member = member_of(open_round, p.cadre_a)
    assert api(p.officer_b).get(f"{BASE}rounds/{open_round.pk}/").status_code == 404
    assert api(p.officer_b).get(f"{BASE}round-members/{member.pk}/").status_code == 404
    assert api(p.org_admin).get(f"{BASE}rounds/abc/").status_code == 404
    other = member_of(open_round, p.cadre_a2)
    assert api(p.host).post(f"{BASE}round-members/{other.pk}/host-evaluation/",
                            {"host_score": "8"}, format="json").status_code == 404  # fmt: skip
    assert api(p.org_admin).get(BASE + "rounds/?year=abc").status_code in (200, 400)


def test_inspector_scores_through_the_api(api, people, open_round):
    p = people
    member = member_of(open_round, p.cadre_a)
    dims = list(open_round.version.dimensions.order_by("order"))
    client = api(p.inspector)
    assert client.get(f"{BASE}round-members/{member.pk}/").status_code == 200
    bad = client.post(f"{BASE}round-members/{member.pk}/score/",
                      {"scores": {str(dims[0].pk): "11", str(dims[1].pk): "8"},
                       "ledger_score": "8"}, format="json")  # fmt: skip
    assert bad.status_code == 400
    assert "分数须在 0 至 10 分之间" in bad.json()[f"score_{dims[0].pk}"][0]
    ok = client.post(f"{BASE}round-members/{member.pk}/score/",
                     {"scores": {str(dims[0].pk): "9", str(dims[1].pk): "8"},
                      "ledger_score": "7"}, format="json")  # fmt: skip
    assert ok.status_code == 200 and ok.json()["scores"][0]["value"] == "9.00"
    host = api(p.host).post(f"{BASE}round-members/{member.pk}/host-evaluation/",
                            {"host_score": "8"}, format="json")  # fmt: skip
    assert host.status_code == 200
    admin = api(p.org_admin)
    assert api(p.officer_a).post(f"{BASE}rounds/{open_round.pk}/close/").status_code == 403
    closed = admin.post(f"{BASE}rounds/{open_round.pk}/close/")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    again = client.post(f"{BASE}round-members/{member.pk}/score/",
                        {"scores": {str(dims[0].pk): "1", str(dims[1].pk): "1"},
                         "ledger_score": "1"}, format="json")  # fmt: skip
    assert again.status_code == 400 and "已结束" in str(again.json())
    detail = admin.get(f"{BASE}round-members/{member.pk}/").json()
    assert detail["total"] == "81.60"  # as in the services test: 86, 80, 70 → 81.60
    nominated = admin.post(f"{BASE}round-members/{member.pk}/nominate/",
                           {"reason": "攻坚突出"}, format="json")  # fmt: skip
    assert nominated.status_code == 201
    assert admin.post(f"{BASE}rounds/{open_round.pk}/reopen/", {"reason": ""},
                      format="json").status_code == 400  # fmt: skip
    assert admin.post(f"{BASE}rounds/{open_round.pk}/reopen/", {"reason": "补录"},
                      format="json").json()["status"] == "open"  # fmt: skip


def test_create_scheme_and_round(api, people):
    p = people
    admin = api(p.org_admin)
    data = scheme_data()
    created = admin.post(BASE + "schemes/", data, format="json")
    assert created.status_code == 201
    bad = admin.post(BASE + "schemes/", scheme_data(weight_task="10"), format="json")
    assert bad.status_code == 400 and "weight_task" in bad.json()
    scheme = created.json()["id"]
    body = {"title": "6月考察", "cohort": "一线", "month": "2026-06-01", "scheme": scheme,
            "source": "picked", "cadres": [p.cadre_a.pk],
            "inspectors": [p.inspector.pk]}  # fmt: skip
    made = admin.post(BASE + "rounds/", body, format="json")
    assert made.status_code == 201 and Round.objects.get().members.count() == 1
    assert api(p.leader).post(BASE + "rounds/", body, format="json").status_code == 403


def test_ranking_queries_constant(api, people, year):  # noqa: F811
    client = api(people.org_admin)
    url = f"{BASE}rounds/{year['april'].pk}/ranking/"

    def count(size):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, {"page_size": size}).status_code == 200
        return len(ctx.captured_queries)

    assert count(1) == count(3)
