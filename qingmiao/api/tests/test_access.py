"""Every endpoint against every role: allowed (with what it returns), forbidden (403) or out of
scope (404), and anonymous (401)."""

import pytest

from qingmiao.accounts.models import AuditEntry
from qingmiao.accounts.roles import Role
from qingmiao.accounts.tests.factories import UserFactory
from qingmiao.cadres.models import Cadre

from .utils import names, new_cadre

pytestmark = pytest.mark.django_db

ALL_UNITS = ["中共测试区委组织部", "区商务局", "综合科", "区财政局"]
ALL_CADRES = ["李娜", "王强", "张伟"]  # in pinyin order

# role → what GET /api/v1/orgunits/ gives: the unit names, or the status code.
ORGUNIT_LIST = {
    "org_admin": ALL_UNITS,
    "officer_a": ["区商务局", "综合科"],
    "officer_b": ["区财政局"],
    "leader": ALL_UNITS,
    "cadre_user": 403,
    "mentor": 403,
    "rater": 403,
    "host": 403,
    "inspector": 403,
    "sysadmin": ALL_UNITS,
    "secadmin": ALL_UNITS,
    "auditor": 403,
}

CADRE_LIST = {
    "org_admin": ALL_CADRES,
    "officer_a": ["李娜", "张伟"],
    "officer_b": ["王强"],
    "leader": ALL_CADRES,
    "cadre_user": ["张伟"],
    "mentor": [],
    "rater": 403,
    "host": 403,
    "inspector": 403,
    "sysadmin": 403,
    "secadmin": 403,
    "auditor": 403,
}

# GET /api/v1/cadres/<王强, unit B>/
CADRE_B_DETAIL = {
    "org_admin": 200,
    "officer_a": 404,
    "officer_b": 200,
    "leader": 200,
    "cadre_user": 404,
    "mentor": 404,
    "rater": 403,
    "host": 403,
    "inspector": 403,
    "sysadmin": 403,
    "secadmin": 403,
    "auditor": 403,
}

# POST /api/v1/cadres/ with a new cadre in unit A (officer_b may not place one there: 400).
CADRE_CREATE_IN_A = {
    "org_admin": 201,
    "officer_a": 201,
    "officer_b": 400,
    "leader": 403,
    "cadre_user": 403,
    "mentor": 403,
    "rater": 403,
    "host": 403,
    "inspector": 403,
    "sysadmin": 403,
    "secadmin": 403,
    "auditor": 403,
}

# PATCH /api/v1/cadres/<张伟, unit A>/
CADRE_A_UPDATE = {
    "org_admin": 200,
    "officer_a": 200,
    "officer_b": 404,
    "leader": 403,
    "cadre_user": 403,
    "mentor": 403,
    "rater": 403,
    "host": 403,
    "inspector": 403,
    "sysadmin": 403,
    "secadmin": 403,
    "auditor": 403,
}

# DELETE /api/v1/cadres/<张伟, unit A>/ (only the org admin role may delete).
CADRE_A_DELETE = {
    "org_admin": 204,
    "officer_a": 403,
    "officer_b": 403,
    "leader": 403,
    "cadre_user": 403,
    "mentor": 403,
    "rater": 403,
    "host": 403,
    "inspector": 403,
    "sysadmin": 403,
    "secadmin": 403,
    "auditor": 403,
}


ALL_ROLES = list(CADRE_LIST)


def test_tables_cover_every_role(people):
    assert {getattr(people, persona).role for persona in ALL_ROLES} == set(Role.values)
    for table in (
        ORGUNIT_LIST,
        CADRE_B_DETAIL,
        CADRE_CREATE_IN_A,
        CADRE_A_UPDATE,
        CADRE_A_DELETE,
    ):
        assert list(table) == ALL_ROLES


@pytest.mark.parametrize("role", ALL_ROLES)
def test_orgunit_list(api, people, role):
    response = api(getattr(people, role)).get("/api/v1/orgunits/")
    expected = ORGUNIT_LIST[role]
    if isinstance(expected, int):
        assert response.status_code == expected
        assert response.json()["detail"]
    else:
        assert response.status_code == 200
        assert names(response.json()) == expected
        assert response.json()["count"] == len(expected)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_orgunit_detail(api, people, role):
    """Unit B: visible to the unit-wide roles except officer A (404); 403 without the right."""
    response = api(getattr(people, role)).get(f"/api/v1/orgunits/{people.tree.unit_b.pk}/")
    expected = ORGUNIT_LIST[role]
    if isinstance(expected, int):
        assert response.status_code == 403
    elif "区财政局" in expected:
        assert response.status_code == 200
        assert response.json()["name"] == "区财政局"
        # The parent is given only when the user may see it too.
        root_visible = "中共测试区委组织部" in expected
        assert response.json()["parent"] == (people.tree.root.pk if root_visible else None)
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ALL_ROLES)
def test_codes_are_readable_by_every_role(api, people, role):
    response = api(getattr(people, role)).get("/api/v1/codes/", {"table": "GB2261.1"})
    assert response.status_code == 200
    assert {row["code"]: row["name"] for row in response.json()["results"]} == {
        "0": "未知的性别",
        "1": "男",
        "2": "女",
        "9": "未说明的性别",
    }


@pytest.mark.parametrize("role", ALL_ROLES)
def test_cadre_list(api, people, role):
    response = api(getattr(people, role)).get("/api/v1/cadres/")
    expected = CADRE_LIST[role]
    if isinstance(expected, int):
        assert response.status_code == expected
    else:
        assert response.status_code == 200
        assert names(response.json()) == expected
        assert response.json()["count"] == len(expected)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_cadre_detail(api, people, role):
    response = api(getattr(people, role)).get(f"/api/v1/cadres/{people.cadre_b.pk}/")
    assert response.status_code == CADRE_B_DETAIL[role]
    if response.status_code == 200:
        assert response.json()["name"] == "王强"
        assert response.json()["unit_name"] == "区财政局"


@pytest.mark.parametrize("role", ALL_ROLES)
def test_cadre_create(api, people, role):
    response = api(getattr(people, role)).post(
        "/api/v1/cadres/", new_cadre(people.tree.unit_a), format="json"
    )
    assert response.status_code == CADRE_CREATE_IN_A[role]
    created = Cadre.objects.filter(name="赵敏")
    if response.status_code == 201:
        assert created.get().unit == people.tree.unit_a
        assert response.json()["id"] == created.get().pk
    else:
        assert not created.exists()
    if response.status_code == 400:
        assert response.json() == {"unit": ["选择一个有效的选项： 该选择不在可用的选项中。"]}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_cadre_update(api, people, role):
    response = api(getattr(people, role)).patch(
        f"/api/v1/cadres/{people.cadre_a.pk}/",
        {"post": "副科长", "version": people.cadre_a.version},
        format="json",
    )
    assert response.status_code == CADRE_A_UPDATE[role]
    people.cadre_a.refresh_from_db()
    if response.status_code == 200:
        assert response.json()["post"] == "副科长"
        assert (people.cadre_a.post, people.cadre_a.version) == ("副科长", 2)
    else:
        assert (people.cadre_a.post, people.cadre_a.version) == ("科员", 1)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_cadre_delete(api, people, role):
    response = api(getattr(people, role)).delete(f"/api/v1/cadres/{people.cadre_a.pk}/")
    assert response.status_code == CADRE_A_DELETE[role]
    still_there = Cadre.objects.filter(pk=people.cadre_a.pk).exists()
    assert still_there is (response.status_code != 204)
    deleted = AuditEntry.objects.filter(action="cadres.record.deleted", object_repr="张伟")
    assert deleted.count() == (1 if response.status_code == 204 else 0)


def test_delete_outside_scope_is_404(api, people):
    """An org admin of unit B has the right to delete, but not over unit A's records."""
    admin_b = UserFactory(role=Role.ORG_ADMIN, org_unit=people.tree.unit_b)
    response = api(admin_b).delete(f"/api/v1/cadres/{people.cadre_a.pk}/")
    assert response.status_code == 404
    assert Cadre.objects.filter(pk=people.cadre_a.pk).exists()
    response = api(admin_b).delete(f"/api/v1/cadres/{people.cadre_b.pk}/")
    assert response.status_code == 204
    assert not Cadre.objects.filter(pk=people.cadre_b.pk).exists()


def test_unknown_ids_are_404(api, people):
    client = api(people.org_admin)
    assert client.get("/api/v1/cadres/999999/").status_code == 404
    assert client.get("/api/v1/orgunits/999999/").status_code == 404
    assert client.patch("/api/v1/cadres/999999/", {"version": 1}, format="json").status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/orgunits/"),
        ("get", "/api/v1/orgunits/{unit}/"),
        ("get", "/api/v1/codes/?table=GB4762"),
        ("get", "/api/v1/cadres/"),
        ("get", "/api/v1/cadres/{cadre}/"),
        ("post", "/api/v1/cadres/"),
        ("patch", "/api/v1/cadres/{cadre}/"),
        ("delete", "/api/v1/cadres/{cadre}/"),
        ("delete", "/api/v1/auth/token/"),
        ("get", "/api/schema/"),
    ],
)
def test_anonymous_is_401(api, people, method, path):
    url = path.format(unit=people.tree.unit_a.pk, cadre=people.cadre_a.pk)
    response = getattr(api(), method)(url, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    if "json" in response["Content-Type"]:
        assert response.json() == {"detail": "身份认证信息未提供。"}
    assert Cadre.objects.filter(pk=people.cadre_a.pk, version=1).exists()


def test_put_is_not_offered(api, people):
    """Updates are partial (PATCH with version); a full replacement is not an operation."""
    response = api(people.org_admin).put(
        f"/api/v1/cadres/{people.cadre_a.pk}/", {"name": "张伟", "version": 1}, format="json"
    )
    assert response.status_code == 405
    assert Cadre.objects.get(pk=people.cadre_a.pk).version == 1
    # Not even for a role that may not change records: there is nothing to refuse.
    assert api(people.leader).put(f"/api/v1/cadres/{people.cadre_a.pk}/").status_code == 405


def test_options_and_head_follow_the_read_right(api, people):
    leader, rater = api(people.leader), api(people.rater)
    described = leader.options("/api/v1/cadres/")
    assert described.status_code == 200
    assert described.json()["name"] == "Cadre List"
    assert "actions" not in described.json()  # the leader may not create
    assert rater.options("/api/v1/cadres/").status_code == 403
    assert leader.head("/api/v1/cadres/").status_code == 200
    assert rater.head("/api/v1/cadres/").status_code == 403
    assert api(people.officer_b).head(f"/api/v1/cadres/{people.cadre_a.pk}/").status_code == 404
