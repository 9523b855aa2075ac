"""Django's user admin, kept for developers (ADMIN_ENABLED): every account change is audited,
accounts are never deleted, and admin-site access (is_staff) follows the role alone. The
officials' own account screens are tested in test_users_views.py."""

import pytest
from django.contrib.admin.models import LogEntry

from qingmiao.accounts.models import AuditEntry, User
from qingmiao.accounts.roles import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("admin_site_on")]

ADD = "/admin/accounts/user/add/"
CHANGELIST = "/admin/accounts/user/"


def change_url(user) -> str:
    return f"/admin/accounts/user/{user.pk}/change/"


def change_data(user, **changes) -> dict:
    """The change form as it stands for `user`, plus `changes`."""
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "phone": user.phone,
        "role": user.role,
        "org_unit": user.org_unit_id or "",
        "is_active": "on" if user.is_active else "",
        "_save": "保存",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_creating_a_user_is_audited(login, people):
    client = login(people.secadmin)
    response = client.post(
        ADD,
        {
            "username": "newofficer",
            "full_name": "孙悦",
            "role": Role.UNIT_OFFICER,
            "org_unit": people.tree.unit_b.pk,
            "password1": "Qm-2026-Autumn!",
            "password2": "Qm-2026-Autumn!",
            "_save": "保存",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newofficer")
    assert user.role == Role.UNIT_OFFICER
    assert user.org_unit == people.tree.unit_b
    assert user.check_password("Qm-2026-Autumn!")
    assert user.is_staff is False
    assert user.is_superuser is False
    entry = AuditEntry.objects.get(action="accounts.user.created")
    assert entry.actor == people.secadmin
    assert entry.actor_role == Role.SECURITY_ADMIN
    assert entry.object_type == "accounts.user"
    assert entry.object_id == str(user.pk)
    assert entry.object_repr == "孙悦"
    assert entry.changes == {
        "role": {"before": None, "after": "unit_officer"},
        "org_unit": {"before": None, "after": "区财政局"},
        "is_active": {"before": None, "after": True},
    }
    assert "Qm-2026-Autumn!" not in str(entry.changes) + str(entry.extra)


def test_creating_a_user_with_a_weak_password_is_refused(login, people):
    response = login(people.secadmin).post(
        ADD,
        {
            "username": "weak",
            "role": Role.LEADER,
            "org_unit": people.tree.root.pk,
            "password1": "12345678",
            "password2": "12345678",
            "_save": "保存",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="weak").exists()
    assert not AuditEntry.objects.filter(action="accounts.user.created").exists()


def test_unit_roles_need_a_unit(login, people):
    response = login(people.secadmin).post(
        ADD,
        {
            "username": "nounit",
            "role": Role.UNIT_OFFICER,
            "password1": "Qm-2026-Autumn!",
            "password2": "Qm-2026-Autumn!",
            "_save": "保存",
        },
    )
    assert response.status_code == 200
    assert "该角色必须指定所属单位。" in response.content.decode()
    assert not User.objects.filter(username="nounit").exists()


def test_changing_a_role_is_audited_with_before_and_after(login, people):
    client = login(people.secadmin)
    officer = people.officer_a
    response = client.post(change_url(officer), change_data(officer, role=Role.LEADER))
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.role == Role.LEADER
    entry = AuditEntry.objects.get(action="accounts.user.changed")
    assert entry.actor == people.secadmin
    assert entry.object_id == str(officer.pk)
    assert entry.changes == {"role": {"before": "unit_officer", "after": "leader"}}


def test_moving_and_deactivating_a_user_is_audited(login, people):
    client = login(people.secadmin)
    officer = people.officer_a
    data = change_data(officer, org_unit=people.tree.section_a.pk, is_active="")
    assert client.post(change_url(officer), data).status_code == 302
    officer.refresh_from_db()
    assert officer.org_unit == people.tree.section_a
    assert officer.is_active is False
    assert AuditEntry.objects.get(action="accounts.user.changed").changes == {
        "org_unit": {"before": "区商务局", "after": "综合科"},
        "is_active": {"before": True, "after": False},
    }


def test_saving_without_a_change_writes_no_entry(login, people):
    client = login(people.secadmin)
    assert client.post(change_url(people.leader), change_data(people.leader)).status_code == 302
    assert not AuditEntry.objects.filter(action="accounts.user.changed").exists()


@pytest.mark.parametrize(
    "role, staff",
    [
        (Role.ORG_ADMIN, True),
        (Role.SYSTEM_ADMIN, True),
        (Role.SECURITY_ADMIN, True),
        (Role.AUDIT_ADMIN, False),
        (Role.UNIT_OFFICER, False),
        (Role.LEADER, False),
        (Role.CADRE, False),
        (Role.MENTOR, False),
    ],
)
def test_admin_access_follows_the_role(login, people, role, staff):
    client = login(people.secadmin)
    target = people.officer_a
    assert target.is_staff is False
    assert client.post(change_url(target), change_data(target, role=role)).status_code == 302
    target.refresh_from_db()
    assert target.is_staff is staff


def test_staff_flag_cannot_be_set_by_hand(people):
    people.leader.is_staff = True
    people.leader.save()
    people.leader.refresh_from_db()
    assert people.leader.is_staff is False
    people.sysadmin.is_staff = False
    people.sysadmin.save()
    assert User.objects.get(pk=people.sysadmin.pk).is_staff is True


def test_change_form_offers_neither_staff_nor_superuser_flags(login, people):
    content = login(people.secadmin).get(change_url(people.officer_a)).content.decode()
    assert 'name="role"' in content
    assert 'name="is_staff"' not in content
    assert 'name="is_superuser"' not in content
    assert 'name="user_permissions"' not in content
    assert 'name="groups"' not in content


def test_users_cannot_be_deleted_in_the_admin(login, people):
    client = login(people.secadmin)
    target = people.officer_a
    assert client.get(f"/admin/accounts/user/{target.pk}/delete/").status_code == 403
    assert client.post(
        f"/admin/accounts/user/{target.pk}/delete/", {"post": "yes"}
    ).status_code == (403)
    # No bulk delete action either.
    changelist = client.get(CHANGELIST)
    assert "delete_selected" not in changelist.content.decode()
    client.post(CHANGELIST, {"action": "delete_selected", "_selected_action": [target.pk]})
    assert User.objects.filter(pk=target.pk).exists()
    assert not LogEntry.objects.filter(action_flag=3).exists()


@pytest.mark.parametrize("persona", ["sysadmin", "org_admin"])
def test_other_staff_cannot_manage_users(login, people, persona):
    client = login(getattr(people, persona))
    target = people.officer_a
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(ADD).status_code == 403
    response = client.post(change_url(target), change_data(target, role=Role.ORG_ADMIN))
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.role == Role.UNIT_OFFICER
    assert not AuditEntry.objects.filter(action__startswith="accounts.user.").exists()


def test_security_admin_cannot_change_own_role(client, people):
    from qingmiao.accounts.models import User

    client.force_login(people.secadmin)
    url = f"/admin/accounts/user/{people.secadmin.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="role"' not in page.content.decode()  # shown read-only
    client.post(
        url,
        {"username": "secadmin", "full_name": "x", "role": "org_admin", "is_active": "on"},
    )
    assert User.objects.get(pk=people.secadmin.pk).role == "security_admin"


def test_password_reset_by_admin_is_audited(client, people):
    from qingmiao.accounts.models import AuditEntry

    client.force_login(people.secadmin)
    response = client.post(
        f"/admin/accounts/user/{people.officer_a.pk}/password/",
        {
            "password1": "Another-Passw0rd!",
            "password2": "Another-Passw0rd!",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="accounts.password.reset")
    assert (entry.actor, entry.object_id) == (people.secadmin, str(people.officer_a.pk))


def test_security_admin_can_unlock_an_account(client, people):
    client.force_login(people.secadmin)
    assert client.get("/admin/axes/accessattempt/").status_code == 200
