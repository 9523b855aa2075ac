"""The page shell: rendered once per role, language and navigation entry, and served from the
cache after that; what belongs to the one reader (name, unit, unread count) stays live."""

import pytest
from django.urls import reverse

from qingmiao.core.models import Notification
from qingmiao.core.shell import nav_key

from .notify_helpers import TEST_EVENT

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path, key",
    [
        ("/", "home"),
        ("/cadres/", "cadres"),
        ("/cadres/12/edit/", "cadres"),
        ("/cadres/units/", "cadres.units"),
        ("/system/units/", "system.units"),
        ("/selection/stages/3/ranking/", "selection.programs"),
        ("/selection/p/5/", "selection.open"),
        ("/accounts/audit/", "audit"),
        ("/cultivation/curriculum/", "cultivation.curriculum"),
        ("/cultivation/curriculum/upcoming/", "cultivation.upcoming"),
        ("/cultivation/my/", "cultivation.my"),
        ("/cultivation/my/mentees/", "cultivation.my_mentees"),
        ("/cultivation/mentoring/runs/4/", "cultivation.mentoring"),
        ("/cultivation/mentoring/pairs/", "cultivation.pairs"),
        # No entry claims it: its first two segments keep an app's areas apart.
        ("/supervision/rounds/7/", "supervision.rounds"),
    ],
)
def test_each_path_belongs_to_one_entry(path, key):
    assert nav_key(path) == key


def nav_links(html: str) -> dict[str, bool]:
    """href → active, for the navigation's links."""
    import re

    return {
        href: "active" in classes
        for classes, href in re.findall(r'class="nav-link ?([^"]*)" href="([^"]+)"', html)
    }


def test_the_page_s_entry_is_active_whether_rendered_or_cached(login, people):
    client = login(people.org_admin)
    first = client.get(reverse("cadres:list"))
    assert "nav.html" in [t.name for t in first.templates]
    again = client.get(reverse("cadres:list"))
    assert "nav.html" not in [t.name for t in again.templates]  # served from the cache
    for response in (first, again):
        links = nav_links(response.content.decode())
        assert links["/cadres/"] and not links["/cadres/units/"] and not links["/"]
    units = nav_links(client.get(reverse("cadres:units")).content.decode())
    assert units["/cadres/units/"] and not units["/cadres/"]
    home = nav_links(client.get(reverse("home")).content.decode())
    assert home["/"] and not home["/cadres/"]


def test_each_role_and_language_has_its_own_shell(login, people, client):
    login(people.org_admin).get(reverse("notifications:inbox"))
    sysadmin = nav_links(
        login(people.sysadmin).get(reverse("notifications:inbox")).content.decode()
    )
    assert "/cadres/" not in sysadmin and "/system/units/" in sysadmin
    admin = login(people.org_admin).get(reverse("notifications:inbox")).content.decode()
    assert "/cadres/" in nav_links(admin) and "/system/units/" not in nav_links(admin)
    assert "干部档案" in admin
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("notifications:inbox")).content.decode()
    assert "干部档案" not in english and "/cadres/" in nav_links(english)


def test_the_reader_s_own_name_unit_and_unread_count_stay_live(login, people):
    first = login(people.officer_a).get(reverse("cadres:list")).content.decode()
    assert "区商务局" in first and 'data-testid="unread-count"' not in first
    Notification.objects.create(recipient=people.officer_b, event=TEST_EVENT, text="通知", link="/")
    other = login(people.officer_b).get(reverse("cadres:list")).content.decode()
    assert people.officer_b.display_name in other and "区财政局" in other
    assert people.officer_a.display_name not in other
    assert 'data-testid="unread-count">1<' in other


def test_an_anonymous_reader_s_not_found_page_has_a_shell(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "/cadres/" not in nav_links(response.content.decode())
