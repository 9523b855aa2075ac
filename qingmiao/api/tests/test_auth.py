import datetime

import pytest
from django.conf import settings
from django.utils.crypto import get_random_string
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from qingmiao.accounts.models import AuditEntry
from qingmiao.cadres.models import Cadre

from .utils import names, new_cadre

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


def obtain(client, username, password):
    return client.post(TOKEN_URL, {"username": username, "password": password}, format="json")


def test_token_obtain_and_use(people):
    client = APIClient()
    response = obtain(client, "officer_a", people.password)
    assert response.status_code == 200, response.json()
    assert "no-store" in response["Cache-Control"]
    key = response.json()["token"]
    token = Token.objects.get(key=key)
    assert token.user == people.officer_a
    expires = datetime.datetime.fromisoformat(response.json()["expires_at"])
    assert expires == token.created + settings.SESSION_ABSOLUTE_TIMEOUT
    # The sign-in is audited like one on the login page.
    login = AuditEntry.objects.get(action="accounts.login.succeeded")
    assert login.actor == people.officer_a

    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    listing = client.get("/api/v1/cadres/")
    assert listing.status_code == 200
    assert names(listing.json()) == ["李娜", "张伟"]
    # Writing with a token needs no CSRF token.
    created = client.post("/api/v1/cadres/", new_cadre(people.tree.unit_a), format="json")
    assert created.status_code == 201, created.json()
    assert Cadre.objects.get(name="赵敏").unit == people.tree.unit_a


def test_same_token_until_it_expires(people):
    client = APIClient()
    first = obtain(client, "leader", people.password).json()["token"]
    assert obtain(client, "leader", people.password).json()["token"] == first
    Token.objects.filter(key=first).update(
        created=Token.objects.get(key=first).created - settings.SESSION_ABSOLUTE_TIMEOUT
    )
    second = obtain(client, "leader", people.password).json()["token"]
    assert second != first
    assert not Token.objects.filter(key=first).exists()


def test_expired_token_is_refused(people):
    token = Token.objects.create(user=people.leader)
    token.created -= settings.SESSION_ABSOLUTE_TIMEOUT + datetime.timedelta(seconds=1)
    token.save()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get("/api/v1/cadres/")
    assert response.status_code == 401
    assert response.json() == {"detail": "令牌已过期，请重新获取。"}
    assert not Token.objects.filter(user=people.leader).exists()


def test_unknown_token_is_refused(people):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    response = client.get("/api/v1/cadres/")
    assert response.status_code == 401
    assert response.json() == {"detail": "认证令牌无效。"}


def test_token_of_a_deactivated_user_is_refused(people):
    token = Token.objects.create(user=people.leader)
    people.leader.is_active = False
    people.leader.save()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/v1/cadres/").status_code == 401


def test_token_carries_the_role_not_more(people):
    """A token gives what the role gives: the mentor reads no record, the rater gets 403."""
    for username, expected in (("mentor", 200), ("rater", 403)):
        client = APIClient()
        key = obtain(client, username, people.password).json()["token"]
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        response = client.get("/api/v1/cadres/")
        assert response.status_code == expected
        if expected == 200:
            assert response.json()["count"] == 0


def test_wrong_password_is_400_and_audited(people):
    response = obtain(APIClient(), "leader", "wrong-password")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["用户名或密码错误。连续多次错误将锁定账户。"]}
    assert not Token.objects.exists()
    failed = AuditEntry.objects.get(action="accounts.login.failed")
    assert failed.actor_username == "leader"


def test_unknown_user_and_missing_fields(people):
    assert obtain(APIClient(), "nobody", "x").status_code == 400
    response = APIClient().post(TOKEN_URL, {"username": "leader"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"password": ["该字段是必填项。"]}


def test_inactive_user_gets_no_token(people):
    people.leader.is_active = False
    people.leader.save()
    assert obtain(APIClient(), "leader", people.password).status_code == 400
    assert not Token.objects.exists()


def test_lockout_applies_to_the_token_endpoint(people):
    client = APIClient()
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert obtain(client, "officer_a", "wrong-password").status_code == 400
    locked = obtain(client, "officer_a", "wrong-password")
    assert locked.status_code == 429
    assert locked.json() == {
        "detail": "连续登录失败次数过多，账户已被临时锁定。请稍后再试，或联系安全管理员解锁。"
    }
    # Now even the right password gets no token, from any address.
    again = client.post(
        TOKEN_URL,
        {"username": "officer_a", "password": people.password},
        format="json",
        REMOTE_ADDR="10.9.8.7",
    )
    assert again.status_code == 429
    assert again["Content-Type"] == "application/json"
    assert not Token.objects.filter(user=people.officer_a).exists()
    assert AuditEntry.objects.filter(action="accounts.login.locked_out").exists()
    # Other accounts are not affected.
    assert obtain(client, "officer_b", people.password).status_code == 200


def test_successful_token_sign_in_resets_the_failure_count(people):
    client = APIClient()
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        obtain(client, "leader", "wrong-password")
    assert obtain(client, "leader", people.password).status_code == 200
    for _ in range(limit - 1):
        assert obtain(client, "leader", "wrong-password").status_code == 400


def test_revoke_token(people):
    client = APIClient()
    key = obtain(client, "leader", people.password).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.delete(TOKEN_URL).status_code == 204
    assert not Token.objects.exists()
    assert client.get("/api/v1/cadres/").status_code == 401
    assert AuditEntry.objects.filter(action="accounts.logout", actor=people.leader).exists()


def test_session_auth_works(people):
    client = APIClient()
    client.force_login(people.leader)
    response = client.get("/api/v1/cadres/")
    assert response.status_code == 200
    assert names(response.json()) == ["李娜", "王强", "张伟"]


def test_session_writes_need_the_csrf_token(people):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(people.org_admin)
    response = client.patch(
        f"/api/v1/cadres/{people.cadre_a.pk}/", {"post": "科长", "version": 1}, format="json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert Cadre.objects.get(pk=people.cadre_a.pk).post == "科员"
    csrf = get_random_string(32)  # what a page's CSRF cookie holds
    client.cookies[settings.CSRF_COOKIE_NAME] = csrf
    response = client.patch(
        f"/api/v1/cadres/{people.cadre_a.pk}/",
        {"post": "科长", "version": 1},
        format="json",
        HTTP_X_CSRFTOKEN=csrf,
    )
    assert response.status_code == 200
    assert Cadre.objects.get(pk=people.cadre_a.pk).post == "科长"


def test_token_client_gets_no_session_cookie(people):
    response = obtain(APIClient(), "leader", people.password)
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
