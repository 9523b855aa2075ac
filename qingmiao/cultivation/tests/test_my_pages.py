"""我的培养 is a cadre's one navigation entry: it opens their own pages (我的导师, 我的实践锻炼,
我的调研组, 我的调研成果, 我的培养计划), each with a summary line, and stays highlighted on them."""

import re

import pytest
from django.urls import reverse

from qingmiao.cultivation.models import MentorPair, MentorRole
from qingmiao.selection.tests.factories import running_program

pytestmark = pytest.mark.django_db

OWN_PAGES = ["my_mentoring", "my_practice", "my_team", "my_results", "my_plan"]


def _active_nav_entries(html: str) -> list[str]:
    return re.findall(r'class="nav-link active"[^>]*data-testid="([^"]+)"', html)


def test_a_cadre_has_one_entry_and_the_page_links_to_each_own_page(people, login):
    client = login(people.cadre_user)
    html = client.get(reverse("cultivation:my")).content.decode()
    assert 'data-testid="nav-my-cultivation"' in html
    for gone in ("nav-my-mentoring", "nav-my-practice", "nav-my-team", "nav-my-results",
                 "nav-my-plan"):  # fmt: skip
        assert gone not in html
    links = re.findall(r'data-testid="my-page-([a-z_]+)"', html)
    assert links == OWN_PAGES
    # Nothing yet: each line says so in words.
    for sentence in ("尚未配备导师", "暂无实践锻炼安排", "尚未加入调研组", "尚未提交调研成果",
                     "暂无新苗培优计划"):  # fmt: skip
        assert sentence in html


def test_the_summary_names_the_mentor(people, login):
    program = running_program(people.org_admin, [people.cadre_a], name="青苗班")
    role = MentorRole.objects.create(program=program, name="业务导师")
    MentorPair.objects.create(
        program=program, role=role, mentor=people.mentor, mentee=people.cadre_a,
        status=MentorPair.Status.ACTIVE,
    )  # fmt: skip
    html = login(people.cadre_user).get(reverse("cultivation:my")).content.decode()
    name = people.mentor.full_name or people.mentor.username
    assert f"业务导师 {name}" in html


@pytest.mark.parametrize("page", ["my", *OWN_PAGES])
def test_the_nav_highlights_my_cultivation_on_every_own_page(people, login, page):
    response = login(people.cadre_user).get(reverse(f"cultivation:{page}"))
    assert response.status_code == 200
    assert _active_nav_entries(response.content.decode()) == ["nav-my-cultivation"]


@pytest.mark.parametrize("persona", ["org_admin", "mentor", "host"])
def test_other_roles_have_no_my_cultivation_page(people, login, persona):
    response = login(getattr(people, persona)).get(reverse("cultivation:my"))
    assert response.status_code == 403
