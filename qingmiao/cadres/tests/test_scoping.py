import pytest

from qingmiao.accounts import scoping
from qingmiao.cadres import selectors
from qingmiao.cadres.models import Cadre, OrgUnit

pytestmark = pytest.mark.django_db


def names(qs):
    return sorted(c.name for c in qs)


def test_unit_roles_see_their_subtree(people):
    assert names(selectors.cadre_queryset(people.org_admin)) == ["张伟", "李娜", "王强"]
    assert names(selectors.cadre_queryset(people.leader)) == ["张伟", "李娜", "王强"]
    assert names(selectors.cadre_queryset(people.officer_a)) == ["张伟", "李娜"]
    assert names(selectors.cadre_queryset(people.officer_b)) == ["王强"]


def test_cadre_sees_only_own_record(people):
    assert names(selectors.cadre_queryset(people.cadre_user)) == ["张伟"]


@pytest.mark.parametrize(
    "role", ["mentor", "rater", "inspector", "sysadmin", "secadmin", "auditor"]
)
def test_other_roles_see_no_cadre(people, role):
    assert not selectors.cadre_queryset(getattr(people, role)).exists()


def test_inactive_user_sees_nothing(people):
    people.org_admin.is_active = False
    assert not scoping.visible(people.org_admin, Cadre).exists()


def test_unregistered_model_fails_loudly(people):
    from qingmiao.accounts.models import AuditEntry

    with pytest.raises(scoping.ScopeNotRegistered):
        scoping.visible(people.org_admin, AuditEntry)


def test_relation_grants_extend_the_base_rule(people):
    """A chain app can add a relationship (mentor → mentee) without touching the base rule."""
    from django.db.models import Q

    def mentees(user):
        return Q(pk=people.cadre_b.pk) if user == people.mentor else None

    scoping.register_relation(Cadre, mentees)
    try:
        assert names(selectors.cadre_queryset(people.mentor)) == ["王强"]
        assert names(selectors.cadre_queryset(people.officer_a)) == ["张伟", "李娜"]
    finally:
        scoping._relations[Cadre].remove(mentees)


def test_orgunit_scope(people):
    t = people.tree
    assert set(scoping.visible(people.officer_a, OrgUnit)) == {t.unit_a, t.section_a}
    assert scoping.visible(people.secadmin, OrgUnit).count() == 4
    assert not scoping.visible(people.rater, OrgUnit).exists()


def test_a_relation_granting_every_row_is_not_lost_in_the_or(people):
    """Django drops an empty Q() from an OR; a grant of 'every row' must still win."""
    from django.db.models import Q

    def everything(user):
        return Q() if user == people.officer_b else None

    scoping.register_relation(Cadre, everything)
    try:
        assert names(selectors.cadre_queryset(people.officer_b)) == ["张伟", "李娜", "王强"]
    finally:
        scoping._relations[Cadre].remove(everything)
