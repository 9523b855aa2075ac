"""Security behaviour: sign-in and lock-out, passwords, session limits, separation of the three
administrator roles, the append-only audit trail, deny-by-default routing, CSRF, headers and
the production checks."""

import json
import os
import re
import secrets
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from qingmiao.accounts import audit
from qingmiao.accounts.checks import no_superusers_or_default_accounts
from qingmiao.accounts.models import AuditEntry, User
from qingmiao.accounts.roles import Role
from qingmiao.accounts.tests.factories import UserFactory
from qingmiao.cadres.models import Cadre, CodeTable
from qingmiao.cadres.tests.factories import code

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
LOGIN = "/accounts/login/"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def entries(action: str | None = None):
    qs = AuditEntry.objects.order_by("id")
    return qs.filter(action=action) if action else qs


def sign_in(client, username, password, address="127.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


# --- login ----------------------------------------------------------------------------------


def test_login_page_is_in_chinese(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="zh-CN">' in content
    assert response["Content-Language"] == "zh-hans"
    assert "<title>登录 · 青苗 年轻干部选育管用平台</title>" in content
    assert '<label class="form-label" for="id_username">用户名</label>' in content
    assert '<label class="form-label" for="id_password">密码</label>' in content
    assert ">登录</button>" in content


def test_login_success_writes_one_audit_entry(client, people):
    response = sign_in(client, "officer_a", people.password, address="10.20.30.40")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert list(entries().values_list("action", flat=True)) == ["accounts.login.succeeded"]
    entry = entries().get()
    assert entry.actor == people.officer_a
    assert entry.actor_username == "officer_a"
    assert entry.actor_role == Role.UNIT_OFFICER
    assert entry.outcome == AuditEntry.Outcome.SUCCESS
    assert entry.ip_address == "10.20.30.40"
    assert len(entry.request_id) == 32
    # The session is live: the list opens.
    assert client.get("/cadres/").status_code == 200


def test_login_failure_writes_one_audit_entry(client, people):
    response = sign_in(client, "officer_a", "Wrong-Passw0rd!", address="10.9.8.7")
    assert response.status_code == 200
    assert "用户名或密码错误。连续多次错误将锁定账户。" in response.content.decode()
    assert list(entries().values_list("action", flat=True)) == ["accounts.login.failed"]
    entry = entries().get()
    assert entry.outcome == AuditEntry.Outcome.FAILURE
    assert entry.ip_address == "10.9.8.7"
    assert entry.actor == people.officer_a
    assert entry.actor_username == "officer_a"
    assert "Wrong-Passw0rd!" not in json.dumps([entry.changes, entry.extra])
    assert "_auth_user_id" not in client.session


def test_login_failure_for_an_unknown_name_keeps_the_name_typed(client, db):
    sign_in(client, "nobody", "Wrong-Passw0rd!", address="10.9.8.7")
    entry = entries("accounts.login.failed").get()
    assert entry.actor is None
    assert entry.actor_username == "nobody"
    assert entry.ip_address == "10.9.8.7"


def test_inactive_account_cannot_sign_in(client, people):
    people.officer_a.is_active = False
    people.officer_a.save()
    response = sign_in(client, "officer_a", people.password)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert entries("accounts.login.failed").count() == 1


# --- lock-out -------------------------------------------------------------------------------


def fail_until_locked(client, username="officer_a"):
    statuses = [
        sign_in(client, username, f"Wrong-{i}-Passw0rd!", address="10.0.0.1").status_code
        for i in range(settings.AXES_FAILURE_LIMIT)
    ]
    return statuses


def test_lockout_after_the_failure_limit(client, people):
    assert settings.AXES_FAILURE_LIMIT == 5
    statuses = fail_until_locked(client)
    # Four ordinary failures; the fifth locks the account.
    assert statuses == [200, 200, 200, 200, 429]
    assert entries("accounts.login.failed").count() == 5
    locked = entries("accounts.login.locked_out").get()
    assert locked.outcome == AuditEntry.Outcome.DENIED
    assert locked.actor == people.officer_a

    # Even the right password, even from another address, is refused while locked.
    response = sign_in(client, "officer_a", people.password, address="192.168.1.9")
    assert response.status_code == 429
    content = response.content.decode()
    assert 'data-testid="locked-out">账户已锁定</h1>' in content
    assert "连续登录失败次数过多，账户已被临时锁定。" in content
    assert "_auth_user_id" not in client.session
    assert not entries("accounts.login.succeeded").exists()


def test_lockout_is_per_account(client, people):
    fail_until_locked(client, "officer_a")
    response = sign_in(client, "officer_b", people.password, address="10.0.0.1")
    assert response.status_code == 302
    assert entries("accounts.login.succeeded").get().actor == people.officer_b


def test_lockout_ends_after_the_cool_off(client, people):
    fail_until_locked(client)
    assert sign_in(client, "officer_a", people.password).status_code == 429
    # Move every attempt back past the 30-minute cool-off.
    assert timedelta(minutes=30) == settings.AXES_COOLOFF_TIME
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    response = sign_in(client, "officer_a", people.password)
    assert response.status_code == 302
    assert entries("accounts.login.succeeded").get().actor == people.officer_a


def test_lockout_still_holds_just_before_the_cool_off(client, people):
    fail_until_locked(client)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=29))
    assert sign_in(client, "officer_a", people.password).status_code == 429


def test_lockout_cool_off_is_configurable(client, people):
    fail_until_locked(client)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=6))
    with override_settings(AXES_COOLOFF_TIME=timedelta(minutes=5)):
        assert sign_in(client, "officer_a", people.password).status_code == 302


def test_lockout_can_be_reset(client, people):
    from axes.utils import reset

    fail_until_locked(client)
    assert reset(username="officer_a") >= 1
    assert sign_in(client, "officer_a", people.password).status_code == 302


def test_a_success_resets_the_failure_count(client, people):
    for i in range(4):
        sign_in(client, "officer_a", f"Wrong-{i}")
    assert sign_in(client, "officer_a", people.password).status_code == 302
    client.post("/accounts/logout/")
    for i in range(4):
        assert sign_in(client, "officer_a", f"Wrong-{i}").status_code == 200
    assert not entries("accounts.login.locked_out").exists()


# --- passwords ------------------------------------------------------------------------------


def error_codes(password, user=None) -> set[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return {e.code for e in exc.error_list}
    return set()


@pytest.mark.parametrize(
    "password, codes",
    [
        ("Ab1!xyz", {"password_too_short"}),  # 7 characters, all four classes
        ("Qm-2026-abcd", set()),  # 12 characters, three classes
        ("730219846503", {"password_entirely_numeric", "password_too_simple"}),
        ("Password1234", {"password_too_common"}),  # in Django's list of common passwords
        ("1q2w3e4r5t6y7u8i9o0p", {"password_too_common"}),  # long, yet common
        ("correcthorse7", {"password_too_simple"}),  # lower + digit: two classes
        ("CORRECTHORSEBATTERY", {"password_too_simple"}),  # 19 upper-case letters
        ("correct horse battery staple", set()),  # a 28-character passphrase
        ("yellowsubmarinetwenty", set()),  # 21 lower-case letters
    ],
)
def test_password_rules(password, codes):
    assert error_codes(password) == codes


def test_password_class_rule_speaks_chinese():
    with pytest.raises(ValidationError) as exc:
        validate_password("correcthorse7")
    assert exc.value.messages == ["密码须包含大写字母、小写字母、数字、符号中的至少 3 类。"]


def test_password_may_not_resemble_the_account(people):
    user = User(username="zhangxiaoming", full_name="张晓明")
    assert "password_too_similar" in error_codes("Zhangxiaoming1", user)


@override_settings(
    AUTH_PASSWORD_VALIDATORS=[
        {
            "NAME": "qingmiao.accounts.validators.CharacterClassValidator",
            "OPTIONS": {"min_classes": 4},
        }
    ]
)
def test_password_class_count_is_configurable():
    assert error_codes("Qm2026abcdefg") == {"password_too_simple"}
    assert error_codes("Qm-2026-abcd") == set()


def test_password_change_page_applies_the_rules(login, people):
    client = login(people.officer_a)
    old_hash = User.objects.get(pk=people.officer_a.pk).password
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": people.password, "new_password1": "abc", "new_password2": "abc"},
    )
    assert response.status_code == 200
    assert User.objects.get(pk=people.officer_a.pk).password == old_hash
    assert not entries("accounts.password.changed").exists()

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": people.password,
            "new_password1": "Qm-2026-Spring!",
            "new_password2": "Qm-2026-Spring!",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(pk=people.officer_a.pk)
    assert user.check_password("Qm-2026-Spring!")
    assert user.password_changed_at is not None
    assert entries("accounts.password.changed").get().actor == people.officer_a


# --- session limits -------------------------------------------------------------------------


def age_session(client, key: str, seconds: float) -> None:
    session = client.session
    session[key] -= seconds
    session.save()


def test_idle_session_expires(login, people):
    client = login(people.officer_a)
    assert client.get("/cadres/").status_code == 200
    assert timedelta(minutes=30) == settings.SESSION_IDLE_TIMEOUT
    age_session(client, "qm_last_seen", 31 * 60)
    response = client.get("/cadres/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/cadres/"
    expired = entries("accounts.session.expired").get()
    assert expired.actor == people.officer_a
    assert "_auth_user_id" not in client.session
    # Signed out for good: the next request is anonymous and writes nothing more.
    assert client.get("/cadres/")["Location"] == f"{LOGIN}?next=/cadres/"
    assert entries("accounts.session.expired").count() == 1


def test_activity_within_the_idle_limit_keeps_the_session(login, people):
    client = login(people.officer_a)
    client.get("/cadres/")
    age_session(client, "qm_last_seen", 29 * 60)
    assert client.get("/cadres/").status_code == 200
    # The request moved the idle clock forward again.
    assert timezone.now().timestamp() - client.session["qm_last_seen"] < 60
    assert not entries("accounts.session.expired").exists()


def test_a_plain_request_does_not_write_the_session(login, people):
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(people.officer_a)
    client.get("/cadres/")
    seen = client.session["qm_last_seen"]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/cadres/").status_code == 200
    session_table = Session._meta.db_table
    writes = [
        q["sql"]
        for q in ctx.captured_queries
        if session_table in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")
    ]
    assert writes == []
    assert client.session["qm_last_seen"] == seen
    # Once the stamp is a minute old, the next request moves it (one write, not one per page).
    age_session(client, "qm_last_seen", 61)
    with CaptureQueriesContext(connection) as ctx:
        client.get("/cadres/")
    assert any(
        session_table in q["sql"] and q["sql"].lstrip().upper().startswith("UPDATE")
        for q in ctx.captured_queries
    )
    assert timezone.now().timestamp() - client.session["qm_last_seen"] < 60


def test_absolute_session_limit(login, people):
    client = login(people.officer_a)
    client.get("/cadres/")
    assert timedelta(hours=12) == settings.SESSION_ABSOLUTE_TIMEOUT
    age_session(client, "qm_signed_in", 12 * 3600 + 60)
    response = client.get("/cadres/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/cadres/"
    assert entries("accounts.session.expired").get().actor == people.officer_a


def test_absolute_limit_is_not_reached_before_its_time(login, people):
    client = login(people.officer_a)
    client.get("/cadres/")
    age_session(client, "qm_signed_in", 11 * 3600)
    assert client.get("/cadres/").status_code == 200


def test_idle_limit_is_configurable(login, people):
    client = login(people.officer_a)
    client.get("/cadres/")
    age_session(client, "qm_last_seen", 6 * 60)
    assert client.get("/cadres/").status_code == 200  # 6 minutes < 30
    age_session(client, "qm_last_seen", 6 * 60)
    with override_settings(SESSION_IDLE_TIMEOUT=timedelta(minutes=5)):
        response = client.get("/cadres/")
    assert response.status_code == 302
    assert entries("accounts.session.expired").count() == 1


def test_absolute_limit_is_configurable(login, people):
    client = login(people.officer_a)
    client.get("/cadres/")
    age_session(client, "qm_signed_in", 61 * 60)
    assert client.get("/cadres/").status_code == 200  # 61 minutes < 12 hours
    with override_settings(SESSION_ABSOLUTE_TIMEOUT=timedelta(hours=1)):
        response = client.get("/cadres/")
    assert response.status_code == 302
    assert entries("accounts.session.expired").count() == 1


def test_logout_is_audited_and_clears_site_data(login, people):
    client = login(people.officer_a)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "no-store" in response["Cache-Control"]
    assert entries("accounts.logout").get().actor == people.officer_a
    assert client.get("/cadres/").status_code == 302


# --- 三权分立: who may open what ---------------------------------------------------------------

PERSONAS = [
    "org_admin", "officer_a", "officer_b", "leader", "cadre_user", "mentor", "rater", "host",
    "inspector", "sysadmin", "secadmin", "auditor",
]  # fmt: skip

# Expected status per persona; "a" in a path stands for 张伟's record (unit A).
MATRIX = {
    "/accounts/audit/": {"auditor": 200, "*": 403},
    "/cadres/": {
        **dict.fromkeys(["org_admin", "officer_a", "officer_b", "leader", "cadre_user"], 200),
        "mentor": 200,
        "*": 403,
    },
    "/cadres/a/": {
        **dict.fromkeys(["org_admin", "officer_a", "leader", "cadre_user"], 200),
        **dict.fromkeys(["officer_b", "mentor"], 404),
        "*": 403,
    },
    "/cadres/a/edit/": {"org_admin": 200, "officer_a": 200, "officer_b": 404, "*": 403},
    "/cadres/new/": {**dict.fromkeys(["org_admin", "officer_a", "officer_b"], 200), "*": 403},
    "/cadres/units/": {**dict.fromkeys(["org_admin", "officer_a", "officer_b", "leader"], 200)}
    | {"*": 403},
    "/search/?q=zw": {
        **dict.fromkeys(["org_admin", "officer_a", "leader", "cadre_user"], 302),
        **dict.fromkeys(["officer_b", "mentor"], 302),
        "*": 403,
    },
    # The product's own system screens: each administrator role reaches its own only.
    "/system/units/": {"sysadmin": 200, "*": 403},
    "/system/codes/": {"sysadmin": 200, "*": 403},
    "/system/tags/": {"sysadmin": 200, "*": 403},
    "/system/users/": {"secadmin": 200, "*": 403},
    # Django's admin site is not routed unless ADMIN_ENABLED is set.
    "/admin/": {"*": 404},
    "/admin/accounts/user/": {"*": 404},
}

# With ADMIN_ENABLED (a developer's machine): staff roles only, as before.
ADMIN_MATRIX = {
    "/admin/": {**dict.fromkeys(["sysadmin", "secadmin", "org_admin"], 200), "*": 302},
    "/admin/accounts/user/": {"secadmin": 200, "sysadmin": 403, "org_admin": 403, "*": 302},
    "/admin/cadres/codeitem/": {"sysadmin": 200, "secadmin": 403, "org_admin": 403, "*": 302},
    "/admin/cadres/orgunit/": {**dict.fromkeys(["sysadmin", "secadmin", "org_admin"], 200)}
    | {"*": 302},
}


@pytest.mark.usefixtures("admin_site_on")
@pytest.mark.parametrize("path", ADMIN_MATRIX)
@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_site_matrix_when_enabled(login, people, persona, path):
    expected = ADMIN_MATRIX[path].get(persona, ADMIN_MATRIX[path]["*"])
    response = login(getattr(people, persona)).get(path)
    assert response.status_code == expected, (persona, path)
    if expected == 302:
        assert response["Location"] == f"/admin/login/?next={quote(path)}"


@pytest.mark.parametrize("path", MATRIX)
@pytest.mark.parametrize("persona", PERSONAS)
def test_role_url_matrix(login, people, persona, path):
    expected = MATRIX[path].get(persona, MATRIX[path]["*"])
    url = path.replace("/a/", f"/{people.cadre_a.pk}/")
    response = login(getattr(people, persona)).get(url)
    assert response.status_code == expected, (persona, path)
    if expected == 403:
        assert "张伟" not in response.content.decode()


@pytest.mark.usefixtures("admin_site_on")
@pytest.mark.parametrize("persona", ["auditor", "officer_a", "leader", "cadre_user", "rater"])
def test_admin_site_is_closed_to_non_staff(login, people, persona):
    client = login(getattr(people, persona))
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain == [("/admin/login/?next=/admin/", 302)]
    assert response.status_code == 403
    assert "无权访问" in response.content.decode()


def test_system_admin_sees_neither_cadres_nor_the_audit_log(login, people):
    client = login(people.sysadmin)
    for url in ["/cadres/", f"/cadres/{people.cadre_a.pk}/", "/cadres/units/", "/accounts/audit/"]:
        assert client.get(url).status_code == 403, url
    home = client.get("/").content.decode()
    assert 'href="/system/units/"' in home
    assert 'href="/system/codes/"' in home
    assert 'href="/system/users/"' not in home


def test_auditor_reads_the_audit_log_and_nothing_else(login, people):
    client = login(people.auditor)
    response = client.get("/accounts/audit/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "登录成功" in response.content.decode()
    for url in [
        "/cadres/",
        f"/cadres/{people.cadre_a.pk}/",
        f"/cadres/{people.cadre_a.pk}/photo/",
        "/cadres/new/",
        "/cadres/units/",
        "/search/?q=zw",
    ]:
        assert client.get(url).status_code == 403, url
    assert client.get("/system/users/").status_code == 403
    assert client.get("/system/units/").status_code == 403
    assert client.get("/admin/").status_code == 404


def test_security_admin_manages_users_only(login, people):
    client = login(people.secadmin)
    response = client.get("/system/users/")
    assert response.status_code == 200
    assert "officer_a" in response.content.decode()
    for url in [
        "/cadres/",
        f"/cadres/{people.cadre_a.pk}/",
        "/cadres/units/",
        "/accounts/audit/",
        "/system/units/",
        "/system/codes/",
    ]:
        assert client.get(url).status_code == 403, url


def test_capabilities_of_the_three_administrators_do_not_overlap(people):
    def perms(user):
        return user.get_all_permissions()

    sysadmin, secadmin, auditor = (
        perms(people.sysadmin),
        perms(people.secadmin),
        perms(people.auditor),
    )
    assert perms(people.auditor) == {"accounts.view_auditentry"}
    for admin_perms in (sysadmin, secadmin, auditor):
        assert not {"cadres.view_cadre", "cadres.change_cadre", "cadres.view_sensitive"} & (
            admin_perms
        )
    assert "accounts.view_auditentry" not in sysadmin | secadmin
    assert not {p for p in sysadmin if p.startswith("accounts.")}


# --- the audit trail is append-only ---------------------------------------------------------


@pytest.fixture
def chain(people):
    return [audit.record(f"test.event.{i}", actor=people.officer_a) for i in range(3)]


def test_entry_cannot_be_saved_again_or_deleted(chain):
    entry = AuditEntry.objects.get(pk=chain[1].pk)
    entry.action = "tampered"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.event.1"


def test_queryset_update_and_delete_raise(chain):
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=chain[0].pk).update(action="tampered")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=chain[0].pk).delete()
    entry = AuditEntry.objects.get(pk=chain[0].pk)
    entry.outcome = "failure"
    with pytest.raises(PermissionError), transaction.atomic():
        AuditEntry.objects.bulk_update([entry], ["outcome"])
    assert list(entries().values_list("action", flat=True)) == [
        "test.event.0",
        "test.event.1",
        "test.event.2",
    ]


def test_user_with_audit_entries_cannot_be_deleted(chain, people):
    with pytest.raises(ProtectedError):
        people.officer_a.delete()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE accounts_auditentry SET action = 'tampered' WHERE id = %s",
        "UPDATE accounts_auditentry SET hash = 'x' WHERE id = %s",
        "DELETE FROM accounts_auditentry WHERE id = %s",
    ],
)
def test_database_refuses_raw_update_and_delete(chain, sql):
    with pytest.raises(DatabaseError) as exc, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [chain[1].pk])
    assert "append-only" in str(exc.value)
    entry = AuditEntry.objects.get(pk=chain[1].pk)
    assert entry.action == "test.event.1"
    assert entry.hash == entry.compute_hash()


def test_database_refuses_emptying_the_table(chain):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_auditentry")
    assert AuditEntry.objects.count() == 3


def test_chain_links_each_entry_to_the_previous(chain):
    assert chain[0].prev_hash == ""
    assert chain[1].prev_hash == chain[0].hash
    assert chain[2].prev_hash == chain[1].hash
    assert len({e.hash for e in chain}) == 3
    assert audit.verify_chain() == (True, None)


def _behind_the_applications_back(sql, params):
    """Alter the table as someone with database access would: drop the triggers first."""
    audit.drop_triggers(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    finally:
        audit.create_triggers(connection)


def test_verify_chain_reports_an_altered_field(chain):
    _behind_the_applications_back(
        "UPDATE accounts_auditentry SET action = %s WHERE id = %s", ["harmless", chain[1].pk]
    )
    assert audit.verify_chain() == (False, chain[1].pk)


def test_verify_chain_reports_an_altered_hash(chain):
    forged = "0" * 64
    _behind_the_applications_back(
        "UPDATE accounts_auditentry SET hash = %s WHERE id = %s", [forged, chain[2].pk]
    )
    assert audit.verify_chain() == (False, chain[2].pk)


def test_verify_chain_reports_a_removed_entry(chain):
    _behind_the_applications_back("DELETE FROM accounts_auditentry WHERE id = %s", [chain[1].pk])
    # The entry after the gap no longer points at its predecessor.
    assert audit.verify_chain() == (False, chain[2].pk)


def test_triggers_are_back_after_tampering(chain):
    _behind_the_applications_back(
        "UPDATE accounts_auditentry SET action = %s WHERE id = %s", ["x", chain[0].pk]
    )
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_auditentry WHERE id = %s", [chain[0].pk])


def test_verify_audit_command(chain):
    from django.core.management import CommandError, call_command

    call_command("verify_audit")
    _behind_the_applications_back(
        "UPDATE accounts_auditentry SET outcome = %s WHERE id = %s", ["failure", chain[0].pk]
    )
    with pytest.raises(CommandError, match=f"Audit chain broken at entry {chain[0].pk}"):
        call_command("verify_audit")


# --- the audit log page ---------------------------------------------------------------------


def _entry_at(when: datetime, **fields) -> AuditEntry:
    """An entry written at a given time (as `record` does, with the chain kept intact; times
    are hashed in UTC, as the database returns them)."""
    last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
    entry = AuditEntry(created_at=when.astimezone(UTC), prev_hash=last or "", **fields)
    entry.hash = entry.compute_hash()
    entry.save()
    return entry


@pytest.fixture
def log(people):
    """Four entries besides the auditor's own sign-in (written by login())."""
    march = datetime(2025, 3, 1, 10, 0, tzinfo=SHANGHAI)
    return {
        "old": _entry_at(
            march,
            actor=people.officer_b,
            actor_username="officer_b",
            action="cadres.record.created",
        ),
        "updated": audit.record("cadres.record.updated", actor=people.officer_a),
        "viewed": audit.record("cadres.sensitive.viewed", actor=people.officer_a),
        "failed": audit.record(
            "accounts.login.failed", username="ghost", outcome=AuditEntry.Outcome.FAILURE
        ),
    }


def audit_page(client, **params):
    response = client.get(reverse("accounts:audit"), params)
    assert response.status_code == 200
    return [(e.actor_username, e.action) for e in response.context["page"].object_list]


def test_audit_list_shows_everything_newest_first(login, people, log):
    client = login(people.auditor)
    assert audit_page(client) == [
        ("auditor", "accounts.login.succeeded"),
        ("ghost", "accounts.login.failed"),
        ("officer_a", "cadres.sensitive.viewed"),
        ("officer_a", "cadres.record.updated"),
        ("officer_b", "cadres.record.created"),
    ]
    assert audit.verify_chain() == (True, None)


def test_audit_list_filters(login, people, log):
    client = login(people.auditor)
    assert audit_page(client, actor="OFFICER_A") == [
        ("officer_a", "cadres.sensitive.viewed"),
        ("officer_a", "cadres.record.updated"),
    ]
    assert audit_page(client, action="cadres.record") == [
        ("officer_a", "cadres.record.updated"),
        ("officer_b", "cadres.record.created"),
    ]
    assert audit_page(client, action="accounts.") == [
        ("auditor", "accounts.login.succeeded"),
        ("ghost", "accounts.login.failed"),
    ]
    assert audit_page(client, outcome="failure") == [("ghost", "accounts.login.failed")]
    assert audit_page(client, outcome="denied") == []
    assert audit_page(client, date_from="2025-03-01", date_to="2025-03-01") == [
        ("officer_b", "cadres.record.created")
    ]
    assert audit_page(client, date_to="2025-12-31") == [("officer_b", "cadres.record.created")]
    today = timezone.localdate().isoformat()
    assert len(audit_page(client, date_from=today)) == 4
    assert audit_page(client, actor="officer_a", action="cadres.record.updated") == [
        ("officer_a", "cadres.record.updated")
    ]


def test_audit_list_filter_by_date_uses_local_time(login, people, log):
    # 2025-03-01 00:30 in Shanghai is still 28 February in UTC.
    _entry_at(
        datetime(2025, 3, 1, 0, 30, tzinfo=SHANGHAI),
        actor_username="early",
        action="cadres.record.updated",
    )
    client = login(people.auditor)
    assert audit_page(client, date_from="2025-03-01", date_to="2025-03-01") == [
        ("early", "cadres.record.updated"),
        ("officer_b", "cadres.record.created"),
    ]


def test_audit_list_with_a_bad_date_shows_nothing(login, people, log):
    response = login(people.auditor).get(reverse("accounts:audit"), {"date_from": "2025-13-01"})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []
    assert "date_from" in response.context["form"].errors


def test_audit_entries_never_hold_the_clear_id_number(login, people):
    clear = "110105199505121232"  # 张伟's number (see the cadres view tests)
    new_clear = "110105199505121355"
    client = login(people.org_admin)
    pk = people.cadre_a.pk
    client.get(reverse("cadres:detail", args=[pk]))
    data = {
        "version": "1",
        "name": "张伟",
        "gender": code(CodeTable.GENDER, "1").pk,
        "birth_date": "1995-05-12",
        "id_number": new_clear,
        "unit": people.tree.unit_a.pk,
        "is_active": "on",
    }
    assert client.post(reverse("cadres:edit", args=[pk]), data).status_code == 302
    created = {
        "version": "1",
        "name": "赵敏",
        "gender": code(CodeTable.GENDER, "2").pk,
        "birth_date": "1998-11-03",
        "id_number": "110105199811032465",
        "unit": people.tree.unit_b.pk,
        "is_active": "on",
    }
    assert client.post(reverse("cadres:create"), created).status_code == 302
    new_pk = Cadre.objects.get(name="赵敏").pk
    assert client.post(reverse("cadres:delete", args=[new_pk])).status_code == 302

    update = entries("cadres.record.updated").get()
    assert update.changes["id_number"] == {
        "before": "110105********1232",
        "after": "110105********1355",
    }
    create = entries("cadres.record.created").get()
    assert create.changes["id_number"] == {"before": None, "after": "110105********2465"}
    delete = entries("cadres.record.deleted").get()
    assert delete.changes["id_number"] == {"before": "110105********2465", "after": None}
    for entry in entries():
        text = json.dumps([entry.changes, entry.extra, entry.object_repr], ensure_ascii=False)
        for number in (clear, new_clear, "110105199811032465"):
            assert number not in text, entry.action
        assert "id_number_encrypted" not in text
        assert "id_number_digest" not in text


# --- deny by default ------------------------------------------------------------------------

# Routes that answer without a session: the login page, the health check, the language switch,
# and the API's own sign-in (a token for a username and password, the API's login page).
ALLOW_ANONYMOUS = {"accounts:login", "healthz", "set_language", "api:token"}
# A democratic evaluation's voter needs no account: the slip's code is the credential.
ALLOW_ANONYMOUS |= {
    "supervision:vote_start",
    "supervision:vote_cast",
    "supervision:vote_slip",
    "api:supervision-slip-open-slip",
    "api:supervision-ballot-list",
}


def _endpoints(patterns, regex="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _endpoints(p.url_patterns, regex + p.pattern.regex.pattern.lstrip("^"), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}{p.name}" if p.name else f"{namespace}<{p.lookup_str}>"
            yield name, regex + p.pattern.regex.pattern.lstrip("^")


_SAMPLES = ["1", "00000000-0000-0000-0000-000000000001", "x"]


def _sample(name: str, body: str) -> str:
    """A value the captured group accepts: a format, a number, a UUID, a word or an app label."""
    candidates = ["json"] if name == "format" else [*_SAMPLES, *body.split("|")]
    return next(c for c in candidates if re.fullmatch(body, c))


def _sample_path(regex: str) -> str:
    path = re.sub(r"\(\?P<(\w+)>([^)]*)\)", lambda m: _sample(m[1], m[2]), regex)
    path = path.replace("\\Z", "").replace("/?", "/").rstrip("$")
    path = re.sub(r"\\(.)", r"\1", path)
    return "/" + path


def test_every_route_is_found_by_the_walk():
    routes = dict(_endpoints(get_resolver().url_patterns))
    assert {
        "home",
        "cadres:list",
        "cadres:section",
        "accounts:audit",
        "system:units",
        "users:list",
    } <= set(routes)
    for _name, regex in routes.items():
        resolve(_sample_path(regex))  # raises Resolver404 if the sample does not fit


def test_anonymous_users_are_sent_to_login_everywhere(client, people):
    checked = 0
    for name, regex in _endpoints(get_resolver().url_patterns):
        if name in ALLOW_ANONYMOUS:
            continue
        path = _sample_path(regex)
        response = client.get(path)
        checked += 1
        if path.startswith("/api/") and response.status_code in (401, 403):
            assert "张伟" not in response.content.decode()
            continue
        assert response.status_code == 302, (name, path, response.status_code)
        # Admin pages go through the admin's login address, which hands over to ours.
        hops = 0
        while urlsplit(response["Location"]).path != LOGIN:
            assert urlsplit(response["Location"]).path == "/admin/login/", (name, path)
            response = client.get(response["Location"])
            assert response.status_code == 302, (name, path)
            hops += 1
            assert hops == 1
        assert "_auth_user_id" not in client.session
    assert checked > 50


@pytest.mark.parametrize(
    "path, status",
    [
        (LOGIN, 200),
        ("/healthz", 200),
        ("/i18n/setlang/", 302),
        ("/supervision/vote/", 200),
        ("/supervision/vote/1/QM-2222-2222/", 400),
    ],
)
def test_allow_listed_routes_answer_anonymous_users(client, db, path, status):
    assert client.get(path).status_code == status


@pytest.mark.usefixtures("admin_site_on")
def test_admin_login_form_is_not_offered(client, people):
    response = client.get("/admin/login/?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/admin/accounts/user/"
    # Staff who are signed in go straight on to the admin index.
    client.force_login(people.secadmin)
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@pytest.mark.usefixtures("admin_site_on")
def test_staff_sign_in_on_the_login_page_and_return_to_the_admin(client, people):
    response = client.get("/admin/accounts/user/", follow=True)
    assert response.redirect_chain[-1] == (
        f"{LOGIN}?next=/admin/accounts/user/",
        302,
    )
    response = client.post(
        f"{LOGIN}?next=/admin/accounts/user/",
        {"username": "secadmin", "password": people.password, "next": "/admin/accounts/user/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/accounts/user/"
    assert client.get("/admin/accounts/user/").status_code == 200


# --- CSRF -----------------------------------------------------------------------------------


def test_login_post_without_csrf_token_is_refused(people):
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": "officer_a", "password": people.password})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert not entries("accounts.login.succeeded").exists()


def test_login_post_with_the_token_is_accepted(people):
    client = Client(enforce_csrf_checks=True)
    client.get(LOGIN)
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        LOGIN,
        {"username": "officer_a", "password": people.password, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


def test_cadre_edit_without_csrf_token_is_refused(people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.officer_a)
    url = reverse("cadres:edit", args=[people.cadre_a.pk])
    data = {
        "version": "1",
        "name": "张伟",
        "gender": code(CodeTable.GENDER, "1").pk,
        "birth_date": "1995-05-12",
        "unit": people.tree.unit_a.pk,
        "post": "局长",
    }
    response = client.post(url, data)
    assert response.status_code == 403
    cadre = Cadre.objects.get(pk=people.cadre_a.pk)
    assert (cadre.post, cadre.version) == ("科员", 1)
    assert not entries("cadres.record.updated").exists()
    assert client.post(reverse("cadres:delete", args=[people.cadre_a.pk])).status_code == 403


# --- headers --------------------------------------------------------------------------------


def _csp(response) -> dict[str, str]:
    return {
        part.strip().split(" ", 1)[0]: part.strip().split(" ", 1)[1]
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    }


@pytest.mark.parametrize("who", ["anonymous", "officer_a"])
def test_security_headers(client, people, who):
    if who != "anonymous":
        client.force_login(people.officer_a)
    path = LOGIN if who == "anonymous" else "/cadres/"
    response = client.get(path)
    csp = _csp(response)
    assert csp["object-src"] == "'none'"
    assert csp["base-uri"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'"
    assert csp["form-action"] == "'self'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert len(response["X-Request-ID"]) == 32


def test_pages_carry_no_inline_script(login, people):
    client = login(people.org_admin)
    for url in ["/", "/cadres/", f"/cadres/{people.cadre_a.pk}/", LOGIN]:
        content = client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", content):
            assert "src=" in tag or 'type="application/json"' in tag, (url, tag)


@pytest.mark.parametrize(
    "path",
    [
        "/cadres/a/",
        "/cadres/a/edit/",
        "/cadres/a/sections/family/",
        "/cadres/",
        "/cadres/new/",
        "/accounts/audit/",
    ],
)
def test_personal_pages_are_not_cached(login, people, path):
    persona = people.auditor if "audit" in path else people.org_admin
    response = login(persona).get(path.replace("/a/", f"/{people.cadre_a.pk}/"))
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "no-cache", "private"} <= cache_control


def test_healthz_needs_no_login(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert settings.SESSION_COOKIE_NAME not in response.cookies


# --- production checks ----------------------------------------------------------------------


def test_superuser_check_fires_for_an_active_superuser(people):
    assert no_superusers_or_default_accounts(None) == []
    User.objects.create(username="root_like", is_superuser=True, role=Role.SYSTEM_ADMIN)
    errors = no_superusers_or_default_accounts(None)
    assert [e.id for e in errors] == ["qingmiao.E001"]
    assert errors[0].msg == "Active superuser or default account(s): root_like"


def test_superuser_check_names_default_accounts_and_ignores_inactive_ones(people):
    UserFactory(username="admin", role=Role.SECURITY_ADMIN, org_unit=people.tree.root)
    UserFactory(username="root", role=Role.SYSTEM_ADMIN, is_active=False)
    User.objects.create(username="su_off", is_superuser=True, is_active=False)
    errors = no_superusers_or_default_accounts(None)
    assert [(e.id, e.msg) for e in errors] == [
        ("qingmiao.E001", "Active superuser or default account(s): admin")
    ]


def test_superuser_flag_is_refused_by_validation(people):
    user = User(username="boss", role=Role.ORG_ADMIN, org_unit=people.tree.root, is_superuser=True)
    with pytest.raises(ValidationError) as exc:
        user.full_clean(exclude=["password"])
    assert exc.value.message_dict["is_superuser"] == ["不设超级管理员：权限按三权分立由角色授予。"]


def _production_env(tmp_path) -> dict:
    from cryptography.fernet import Fernet

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"QINGMIAO_TESTING", "DATABASE_URL", "DEBUG", "SECRET_KEY"}
        and not k.startswith(("FIELD_", "ALLOWED_", "SECURE", "DJANGO_"))
    }
    env.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "ALLOWED_HOSTS": "qingmiao.example.gov.cn",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        }
    )
    return env


def _manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_check_deploy_passes_on_a_migrated_production_database(tmp_path):
    env = _production_env(tmp_path)
    assert len(env["SECRET_KEY"]) >= 50
    migrated = _manage(env, "migrate", "--no-input", "-v", "0")
    assert migrated.returncode == 0, migrated.stderr
    result = _manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout

    # A superuser in that database makes the same check fail with qingmiao.E001.
    made = _manage(
        env,
        "shell",
        "-c",
        "from qingmiao.accounts.models import User; "
        "User.objects.create(username='boss', is_superuser=True)",
    )
    assert made.returncode == 0, made.stderr
    result = _manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "qingmiao.E001" in result.stdout + result.stderr
    assert "Active superuser or default account(s): boss" in result.stdout + result.stderr


def test_idle_expiry_clears_site_data(login, people):
    from django.conf import settings as django_settings

    client = login(people.org_admin)
    client.get("/")
    session = client.session
    session["qm_last_seen"] -= django_settings.SESSION_IDLE_TIMEOUT.total_seconds() + 60
    session.save()
    response = client.get("/cadres/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
