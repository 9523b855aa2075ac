"""帮助 pages for every persona, the help menu, and who may read the API's documentation."""

import pytest
from django.test import Client

from qingmiao.guide.guides import GUIDES

pytestmark = pytest.mark.django_db

PERSONAS = [
    "org_admin", "officer_a", "leader", "cadre_user", "mentor", "rater", "inspector",
    "sysadmin", "secadmin", "auditor",
]  # fmt: skip
# Cadres and outside raters use the pages only: no API documentation for them.
NO_API_DOCS = {"cadre_user", "rater"}
OWN_GUIDE = {
    "org_admin": "组织部管理员使用指南",
    "officer_a": "单位干部专员使用指南",
    "leader": "领导使用指南",
    "cadre_user": "干部使用指南",
    "mentor": "导师使用指南",
    "rater": "评委使用指南",
    "inspector": "考察组使用指南",
    "sysadmin": "系统管理员使用指南",
    "secadmin": "安全管理员使用指南",
    "auditor": "安全审计员使用指南",
}


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend="qingmiao.accounts.backends.RoleBackend")
    return client


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_guide_reads_inside_the_shell(people, persona):
    client = _client(getattr(people, persona))
    index = client.get("/help/")
    assert index.status_code == 200
    html = index.content.decode()
    assert all(str(g.title) in html for g in GUIDES)
    for guide in GUIDES:
        response = client.get(f"/help/{guide.slug}/")
        assert response.status_code == 200
        page = response.content.decode()
        assert 'data-testid="user-menu"' in page  # the product's shell
        assert "演练" in page and "先做什么" in page
    assert client.get("/help/nobody/").status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_help_menu_names_the_own_guide_and_the_api_docs_for_developers_only(people, persona):
    page = _client(getattr(people, persona)).get("/help/").content.decode()
    menu = page.split('data-testid="help-menu"', 1)[1].split("</div>\n</div>", 1)[0]
    if OWN_GUIDE[persona]:
        assert OWN_GUIDE[persona] in menu
    else:
        assert 'data-testid="help-own"' not in menu
    shows_docs = persona not in NO_API_DOCS
    assert ("/api/docs/" in menu) is shows_docs
    assert ('data-testid="nav-api-docs"' in page) is shows_docs


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_schema_and_docs_refuse_cadres_and_raters(people, persona):
    client = _client(getattr(people, persona))
    expected = 403 if persona in NO_API_DOCS else 200
    assert client.get("/api/schema/").status_code == expected
    assert client.get("/api/docs/").status_code == expected


def test_help_needs_a_signed_in_user(client):
    response = client.get("/help/org_admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
