"""Shared test personas, after healthchecks' alice/bob/charlie: one user per role, and a small
tree with two departments so that every test can ask 'allowed, forbidden, out of scope?'.

    中共测试区委组织部 (root)          ← org_admin, leader, inspector, admins
    ├── 区商务局 (unit_a)              ← officer_a, mentor; cadre_a (linked to cadre_user)
    │   └── 综合科 (section_a)         ← cadre_a2
    └── 区财政局 (unit_b)              ← officer_b; cadre_b
"""

import datetime
from types import SimpleNamespace

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from qingmiao.accounts.roles import Role
from qingmiao.accounts.tests.factories import PASSWORD, UserFactory
from qingmiao.cadres.tests.factories import CadreFactory, OrgUnitFactory, make_id_number


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: what one test cached (under its own data's
    version) is never another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tree(db):
    root = OrgUnitFactory.root()
    unit_a = OrgUnitFactory.child(root, "区商务局")
    section_a = OrgUnitFactory.child(unit_a, "综合科", unit_type="section")
    unit_b = OrgUnitFactory.child(root, "区财政局")
    return SimpleNamespace(root=root, unit_a=unit_a, section_a=section_a, unit_b=unit_b)


@pytest.fixture
def people(tree):
    """Users of every role, and three cadres: two inside unit A's subtree, one in unit B."""
    u = SimpleNamespace(password=PASSWORD, tree=tree)
    u.org_admin = UserFactory(username="orgadmin", role=Role.ORG_ADMIN, org_unit=tree.root)
    u.officer_a = UserFactory(username="officer_a", role=Role.UNIT_OFFICER, org_unit=tree.unit_a)
    u.officer_b = UserFactory(username="officer_b", role=Role.UNIT_OFFICER, org_unit=tree.unit_b)
    u.leader = UserFactory(username="leader", role=Role.LEADER, org_unit=tree.root)
    u.cadre_user = UserFactory(username="cadre", role=Role.CADRE, org_unit=tree.unit_a)
    u.mentor = UserFactory(username="mentor", role=Role.MENTOR, org_unit=tree.unit_a)
    u.rater = UserFactory(username="rater", role=Role.RATER)
    u.host = UserFactory(username="host", role=Role.HOST)
    u.inspector = UserFactory(username="inspector", role=Role.INSPECTOR, org_unit=tree.root)
    u.sysadmin = UserFactory(username="sysadmin", role=Role.SYSTEM_ADMIN, org_unit=tree.root)
    u.secadmin = UserFactory(username="secadmin", role=Role.SECURITY_ADMIN, org_unit=tree.root)
    u.auditor = UserFactory(username="auditor", role=Role.AUDIT_ADMIN, org_unit=tree.root)
    u.cadre_a = CadreFactory(
        name="张伟",
        unit=tree.unit_a,
        user=u.cadre_user,
        birth_date=datetime.date(1995, 5, 12),
    )
    u.cadre_a.id_number = make_id_number(datetime.date(1995, 5, 12), seq=123)
    u.cadre_a.save()
    u.cadre_a2 = CadreFactory(
        name="李娜", unit=tree.section_a, birth_date=datetime.date(1992, 3, 1)
    )
    u.cadre_b = CadreFactory(name="王强", unit=tree.unit_b, birth_date=datetime.date(1988, 10, 9))
    return u


ALL_ROLES = [
    "org_admin", "officer_a", "officer_b", "leader", "cadre_user", "mentor", "rater", "host",
    "inspector", "sysadmin", "secadmin", "auditor",
]  # fmt: skip


@pytest.fixture
def login(client):
    """login(user) → the Django test client signed in as that user."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def admin_site_on(settings):
    """Route Django's admin site, as ADMIN_ENABLED=true does on a developer's machine."""
    import importlib

    from django.urls import clear_url_caches

    import config.urls

    settings.ADMIN_ENABLED = True
    importlib.reload(config.urls)
    clear_url_caches()
    yield
    settings.ADMIN_ENABLED = False
    importlib.reload(config.urls)
    clear_url_caches()


@pytest.fixture
def audit_triggers_off_for_flush(transactional_db):
    """Transactional tests end with a flush, which the audit table's append-only triggers
    refuse; drop them just before the flush. The flush then sends post_migrate, on which
    `_restore_after_flush` puts them back."""
    from django.db import connection

    from qingmiao.accounts.audit import create_triggers, drop_triggers

    create_triggers(connection)
    yield
    drop_triggers(connection)


@pytest.fixture
def live_db(audit_triggers_off_for_flush):
    """Request it in every test that uses live_server (or transactional_db)."""
    return None


@receiver(post_migrate, dispatch_uid="qingmiao-tests-restore-after-flush")
def _restore_after_flush(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """A flush empties every table, including the national code tables that a migration
    loaded, and then sends post_migrate: load the codes again and re-create the audit
    triggers. Both steps are idempotent, so the post_migrate of the initial migrate is a no-op.
    (A fixture's teardown cannot do this: live_server sets up transactional_db before any
    fixture the test asks for, so the flush is always the last teardown.)"""
    if sender.label == "cadres":
        from qingmiao.cadres import codeload
        from qingmiao.cadres.models import CodeItem

        codeload.load(CodeItem)
    elif sender.label == "accounts":
        from qingmiao.accounts.audit import create_triggers

        create_triggers(connections[using])
