"""A host contact's account: the security administrator opens it like any other, with the
role 接收方联系人 and no unit; it reads its own guide and no API documentation."""

from django.urls import reverse

from qingmiao.accounts.models import User
from qingmiao.accounts.roles import Role

STRONG = "Qm-2026-Autumn!"


def test_security_admin_opens_a_host_account_without_a_unit(people, login):
    client = login(people.secadmin)
    form = client.get(reverse("users:add")).context["form"]
    assert Role.HOST in dict(form.fields["role"].choices)
    assert form.fields["org_unit"].required is False
    response = client.post(
        reverse("users:add"),
        {
            "username": "host_qx",
            "full_name": "何经理",
            "role": Role.HOST,
            "password1": STRONG,
            "password2": STRONG,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="host_qx")
    assert user.role == Role.HOST and user.org_unit is None
    assert user.has_perm("cultivation.evaluate_practice")
    assert not user.has_perm("cadres.view_cadre")


def test_host_reads_own_guide_and_no_api_docs(people, login):
    client = login(people.host)
    guide = client.get("/help/")
    assert "接收方联系人使用指南" in guide.content.decode()
    page = client.get(reverse("help:guide", args=["host"]))
    assert page.status_code == 200 and "我的挂职人员" in page.content.decode()
    assert client.get("/api/schema/").status_code == 403
