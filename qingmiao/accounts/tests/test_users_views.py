"""The security administrator's account screens: the rules of the former user admin
(audited changes, no own-role change, no deletion, is_staff by role) on the product's pages."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import ALL_ROLES
from qingmiao.accounts.models import AuditEntry, User
from qingmiao.accounts.roles import Role
from qingmiao.accounts.tests.factories import UserFactory
from qingmiao.cadres.tests.factories import make_id_number

pytestmark = pytest.mark.django_db
STRONG = "Qm-2026-Autumn!"


def _edit_data(user, **changes) -> dict:
    data = {
        "full_name": user.full_name,
        "phone": user.phone,
        "role": user.role,
        "org_unit": user.org_unit_id or "",
        "is_active": "on" if user.is_active else "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


@pytest.mark.parametrize("name", ["users:list", "users:add", "users:edit", "users:password"])
@pytest.mark.parametrize("persona", ALL_ROLES)
def test_only_the_security_admin_reaches_the_account_screens(login, people, persona, name):
    kwargs = {"pk": people.officer_a.pk} if name in ("users:edit", "users:password") else {}
    response = login(getattr(people, persona)).get(reverse(name, kwargs=kwargs))
    assert response.status_code == (200 if persona == "secadmin" else 403)
    if persona == "secadmin":
        assert "张伟" not in response.content.decode()


def test_unknown_account_is_a_404(login, people):
    assert login(people.secadmin).get("/system/users/999999/").status_code == 404


def test_creating_a_user_is_audited(login, people):
    response = login(people.secadmin).post(
        reverse("users:add"),
        {
            "username": "newofficer",
            "full_name": "孙悦",
            "role": Role.UNIT_OFFICER,
            "org_unit": people.tree.unit_b.pk,
            "password1": STRONG,
            "password2": STRONG,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newofficer")
    assert (user.role, user.org_unit, user.is_staff, user.is_superuser) == (
        Role.UNIT_OFFICER,
        people.tree.unit_b,
        False,
        False,
    )
    assert user.check_password(STRONG)
    entry = AuditEntry.objects.get(action="accounts.user.created")
    assert (entry.actor, entry.object_id, entry.object_repr) == (
        people.secadmin,
        str(user.pk),
        "孙悦",
    )
    assert entry.changes == {
        "role": {"before": None, "after": "unit_officer"},
        "org_unit": {"before": None, "after": "区财政局"},
        "is_active": {"before": None, "after": True},
    }
    assert STRONG not in str(entry.changes) + str(entry.extra)


def test_a_cadre_account_is_linked_by_id_number(login, people):
    number = make_id_number(datetime.date(1988, 10, 9), seq=77)
    people.cadre_b.id_number = number
    people.cadre_b.save()
    client = login(people.secadmin)
    data = {
        "username": "wangqiang",
        "role": Role.CADRE,
        "org_unit": people.tree.unit_a.pk,  # not 王强's unit: his record is not found there
        "cadre_id_number": number,
        "password1": STRONG,
        "password2": STRONG,
    }
    response = client.post(reverse("users:add"), data)
    assert response.context["form"].errors["cadre_id_number"] == [
        "所属单位及下属单位中没有这个身份证号码的干部档案。"
    ]
    assert not User.objects.filter(username="wangqiang").exists()
    data["org_unit"] = people.tree.unit_b.pk
    assert client.post(reverse("users:add"), data).status_code == 302
    people.cadre_b.refresh_from_db()
    assert people.cadre_b.user.username == "wangqiang"
    assert AuditEntry.objects.get(action="accounts.user.created").changes["cadre"] == {
        "before": None,
        "after": "王强",
    }


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"password1": "12345678", "password2": "12345678"}, "password1", None),
        ({"password2": "Other-2026-Autumn!"}, "password2", "两次输入的密码不一致。"),
        ({"org_unit": ""}, "org_unit", "该角色必须指定所属单位。"),
        ({"username": "OFFICER_A"}, "username", "用户名“OFFICER_A”已被使用。"),
    ],
)
def test_bad_new_accounts_are_refused_with_a_field_message(login, people, changes, field, message):
    data = {
        "username": "someone",
        "role": Role.UNIT_OFFICER,
        "org_unit": people.tree.unit_b.pk,
        "password1": STRONG,
        "password2": STRONG,
        **changes,
    }
    before = User.objects.count()
    response = login(people.secadmin).post(reverse("users:add"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert errors if message is None else errors == [message]
    assert User.objects.count() == before
    assert not AuditEntry.objects.filter(action="accounts.user.created").exists()


def test_changing_a_role_is_audited_with_before_and_after(login, people):
    officer = people.officer_a
    response = login(people.secadmin).post(
        reverse("users:edit", args=[officer.pk]), _edit_data(officer, role=Role.LEADER)
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.role == Role.LEADER
    entry = AuditEntry.objects.get(action="accounts.user.changed")
    assert entry.changes == {"role": {"before": "unit_officer", "after": "leader"}}


def test_moving_and_deactivating_a_user_is_audited(login, people):
    officer = people.officer_a
    data = _edit_data(officer, org_unit=people.tree.section_a.pk, is_active="")
    assert login(people.secadmin).post(reverse("users:edit", args=[officer.pk]), data).status_code
    officer.refresh_from_db()
    assert (officer.org_unit, officer.is_active) == (people.tree.section_a, False)
    assert AuditEntry.objects.get(action="accounts.user.changed").changes == {
        "org_unit": {"before": "区商务局", "after": "综合科"},
        "is_active": {"before": True, "after": False},
    }


def test_deactivate_button(login, people):
    client = login(people.secadmin)
    assert client.post(reverse("users:deactivate", args=[people.leader.pk])).status_code == 302
    assert User.objects.get(pk=people.leader.pk).is_active is False
    assert AuditEntry.objects.get(action="accounts.user.deactivated").changes == {
        "is_active": {"before": True, "after": False}
    }


def test_saving_without_a_change_writes_no_entry(login, people):
    client = login(people.secadmin)
    response = client.post(
        reverse("users:edit", args=[people.leader.pk]), _edit_data(people.leader)
    )
    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action__startswith="accounts.user.").exists()


@pytest.mark.parametrize(
    "role, staff",
    [
        (Role.ORG_ADMIN, True),
        (Role.SYSTEM_ADMIN, True),
        (Role.AUDIT_ADMIN, False),
        (Role.CADRE, False),
    ],
)
def test_admin_site_access_follows_the_role(login, people, role, staff):
    target = people.officer_a
    client = login(people.secadmin)
    client.post(reverse("users:edit", args=[target.pk]), _edit_data(target, role=role))
    target.refresh_from_db()
    assert (target.role, target.is_staff) == (role, staff)


def test_security_admin_cannot_change_own_role(login, people):
    client = login(people.secadmin)
    url = reverse("users:edit", args=[people.secadmin.pk])
    page = client.get(url)
    assert page.context["form"].fields["role"].disabled
    assert "不能修改自己的角色" in page.content.decode()
    client.post(url, {"full_name": "x", "role": Role.ORG_ADMIN, "is_active": "on"})
    me = User.objects.get(pk=people.secadmin.pk)
    assert (me.role, me.full_name) == (Role.SECURITY_ADMIN, "x")
    client.post(reverse("users:deactivate", args=[people.secadmin.pk]))
    assert User.objects.get(pk=people.secadmin.pk).is_active is True
    assert not AuditEntry.objects.filter(action__startswith="accounts.user.").exists()


def test_password_reset_is_audited_and_checked(login, people):
    client = login(people.secadmin)
    url = reverse("users:password", args=[people.officer_a.pk])
    weak = client.post(url, {"password1": "12345678", "password2": "12345678"})
    assert weak.status_code == 200 and weak.context["form"].errors["password1"]
    assert not AuditEntry.objects.filter(action="accounts.password.reset").exists()
    assert client.post(url, {"password1": STRONG, "password2": STRONG}).status_code == 302
    assert User.objects.get(pk=people.officer_a.pk).check_password(STRONG)
    entry = AuditEntry.objects.get(action="accounts.password.reset")
    assert (entry.actor, entry.object_id) == (people.secadmin, str(people.officer_a.pk))


def test_a_locked_account_is_listed_and_unlocked(login, people, settings):
    AccessAttempt.objects.create(
        username="officer_a",
        ip_address="10.0.0.1",
        user_agent="test",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
    )
    client = login(people.secadmin)
    response = client.get(reverse("users:list"), {"locked": "yes"})
    assert [u.username for u in response.context["page"]] == ["officer_a"]
    assert client.post(reverse("users:unlock", args=[people.officer_a.pk])).status_code == 302
    assert not AccessAttempt.objects.filter(username="officer_a").exists()
    entry = AuditEntry.objects.get(action="accounts.user.unlocked")
    assert entry.extra == {"cleared": 1}
    # Unlocking an account that is not locked says so and records nothing.
    client.post(reverse("users:unlock", args=[people.officer_a.pk]))
    assert AuditEntry.objects.filter(action="accounts.user.unlocked").count() == 1


def test_user_list_filters_by_role_and_unit(login, people):
    client = login(people.secadmin)
    response = client.get(reverse("users:list"), {"role": Role.UNIT_OFFICER})
    assert [u.username for u in response.context["page"]] == ["officer_a", "officer_b"]
    response = client.get(reverse("users:list"), {"unit": people.tree.unit_a.pk})
    assert [u.username for u in response.context["page"]] == ["cadre", "mentor", "officer_a"]


def test_user_list_runs_constant_queries(login, people):
    client = login(people.secadmin)
    client.get(reverse("users:list"))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("users:list"))
        return len(ctx.captured_queries)

    few = count()
    for i in range(30):
        UserFactory(username=f"extra{i}", role=Role.LEADER, org_unit=people.tree.unit_b)
    assert count() == few


def test_accounts_cannot_be_deleted(people):
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        reverse("users:delete", args=[people.officer_a.pk])
