"""The practice and teams sections of the personal phone pages render for the people they
concern (the cadre's 我的培养, the mentor's 我的学员): rendered here from their registry entries,
as the container pages render them."""

from datetime import timedelta

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from .. import personal_pages
from .factories_practice import assignment
from .factories_teams import cadre_with_account, program_with, team_of


def _render(page, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return "".join(
        render_to_string(template, {"section": ctx}, request=request)
        for template, ctx in personal_pages.sections(page, user)
    )


def test_cadre_sections(people, tree):
    today = timezone.localdate()
    assignment(
        people.cadre_a, host_name="新区招商局", start_date=today - timedelta(days=40),
        end_date=today + timedelta(days=100),
    )  # fmt: skip
    mate = cadre_with_account(tree.unit_a, "c1", "赵一")
    program = program_with(tree.root, [people.cadre_a, mate])
    team_of(program, "星火组", [mate, people.cadre_a])
    html = _render("cadre", people.cadre_user)
    assert 'data-testid="section-practice"' in html and "新区招商局" in html
    assert "的锻炼报告尚未提交" in html  # nothing reported this month
    assert 'data-testid="section-teams"' in html and "星火组" in html and "赵一" in html
    # Nothing of theirs: no section.
    assert "section-practice" not in _render("cadre", mate.user)


def test_mentor_section(people, tree):
    mate = cadre_with_account(tree.unit_a, "c1", "赵一")
    program = program_with(tree.root, [mate])
    team_of(program, "星火组", [mate], topic="低空经济").mentors.add(people.mentor)
    html = _render("mentor", people.mentor)
    assert 'data-testid="section-mentored-teams"' in html and "低空经济" in html
