"""GET /api/v1/people/: who the caller may assign, found by name or username, per persona."""

import pytest

from conftest import ALL_ROLES
from qingmiao.accounts.roles import Role
from qingmiao.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/people/"


@pytest.fixture
def pool(people):
    """Two outside raters (no unit), a mentor in unit A and a leader in unit B."""
    return {
        "lin": UserFactory(username="linzy", full_name="林志远", role=Role.RATER),
        "chen": UserFactory(username="chensy", full_name="陈思雨", role=Role.RATER),
        "mentor_a": UserFactory(
            username="wangdao", full_name="王导", role=Role.MENTOR, org_unit=people.tree.unit_a
        ),
        "leader_b": UserFactory(
            username="zhaoling", full_name="赵领", role=Role.LEADER, org_unit=people.tree.unit_b
        ),
        "gone": UserFactory(username="linold", full_name="林旧", role=Role.RATER, is_active=False),
    }


def names(response) -> set[str]:
    return {p["name"] for p in response.json()["results"]}


@pytest.mark.parametrize("persona", ALL_ROLES)
def test_only_who_assigns_raters_may_look_up(api, people, pool, persona):
    response = api(getattr(people, persona)).get(URL, {"role": "rater"})
    assert response.status_code == (200 if persona == "org_admin" else 403)
    if persona != "org_admin":
        assert response.json()["detail"]


def test_by_name_or_username_and_role(api, people, pool):
    client = api(people.org_admin)
    assert names(client.get(URL, {"q": "林"})) == {"林志远"}  # the inactive 林旧 is not offered
    assert names(client.get(URL, {"q": "chen"})) == {"陈思雨"}
    row = client.get(URL, {"q": "linzy"}).json()["results"][0]
    assert row == {
        "id": pool["lin"].pk,
        "username": "linzy",
        "name": "林志远",
        "role": "rater",
        "role_name": "评委",
        "unit_name": None,
    }
    assert names(client.get(URL, {"role": "mentor"})) >= {"王导"}
    assert "王导" not in names(client.get(URL, {"role": "rater"}))


def test_out_of_scope_people_are_not_offered(api, people, pool):
    admin_a = UserFactory(username="orgadmin_a", role=Role.ORG_ADMIN, org_unit=people.tree.unit_a)
    found = names(api(admin_a).get(URL))
    assert {"林志远", "陈思雨", "王导"} <= found  # outside raters and their own unit's people
    assert "赵领" not in found  # unit B is outside unit A's subtree
    assert "赵领" in names(api(people.org_admin).get(URL))


def test_an_unknown_role_is_a_clear_400(api, people, pool):
    response = api(people.org_admin).get(URL, {"role": "auditor"})
    assert response.status_code == 400
    assert list(response.json()) == ["role"]
    assert response.json()["role"][0].startswith("可选的角色：")
