"""A chain app's panel on the cadre record page: shown when its function answers, hidden when
it returns None, in order, with the function's context."""

import pytest
from django.urls import reverse

from qingmiao.cadres import panels

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_panels(monkeypatch, settings, tmp_path):
    folder = tmp_path / "templates"
    (folder / "probe").mkdir(parents=True)
    (folder / "probe" / "panel.html").write_text(
        '<p data-testid="probe">{{ ctx.cadre.name }}：{{ ctx.figure }}</p>', encoding="utf-8"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], str(folder)]}
    ]
    monkeypatch.setattr(panels, "PANELS", {})
    seen = []

    def figure(user, cadre):
        seen.append(user.username)
        return {"figure": 7} if user.role == "org_admin" else None

    panels.register(panels.Panel("later", "其后", "probe/panel.html", figure, order=20))
    panels.register(panels.Panel("first", "在前", "probe/panel.html", figure, order=10))
    return seen


def test_panels_shown_in_order_to_whom_they_answer(two_panels, people, login):
    page = login(people.org_admin).get(reverse("cadres:detail", args=[people.cadre_a.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('data-testid="probe">张伟：7</p>') == 2
    assert html.index('data-testid="panel-tab-first"') < html.index('data-testid="panel-tab-later"')

    page = login(people.officer_a).get(reverse("cadres:detail", args=[people.cadre_a.pk]))
    assert page.status_code == 200
    assert 'data-testid="probe"' not in page.content.decode()
    assert 'data-testid="panel-tab-first"' not in page.content.decode()
    assert two_panels == ["orgadmin", "orgadmin", "officer_a", "officer_a"]
