"""Notification pages for every persona: allowed, forbidden, out of scope."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import ALL_ROLES
from qingmiao.accounts.models import AuditEntry
from qingmiao.core.models import Delivery, Notification, NotificationPreference, WebhookEndpoint

from .notify_helpers import TEST_EVENT


def note(user, text="张伟办理了报名", link="/selection/my/applications/", **extra):
    return Notification.objects.create(recipient=user, event=TEST_EVENT, text=text, link=link,
                                       **extra)  # fmt: skip


@pytest.mark.parametrize("role", ALL_ROLES)
def test_everyone_has_an_inbox_and_settings(people, login, role):
    user = getattr(people, role)
    note(user, text=f"给{role}的通知")
    note(people.rater if role != "rater" else people.mentor, text="别人的通知")
    client = login(user)
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 200
    body = response.content.decode()
    assert f"给{role}的通知" in body and "别人的通知" not in body
    assert 'data-testid="unread-count">1<' in body
    assert client.get(reverse("notifications:preferences")).status_code == 200


def test_another_persons_notification_is_out_of_scope(people, login):
    theirs = note(people.mentor)
    client = login(people.rater)
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:mark_read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_opening_marks_read_and_follows_the_link(people, login):
    mine = note(people.rater, link="/selection/scoring/")
    response = login(people.rater).get(reverse("notifications:open", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"] == "/selection/scoring/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert AuditEntry.objects.filter(action="core.notification.read").count() == 1


def test_an_outside_link_is_not_followed(people, login):
    mine = note(people.rater, link="https://evil.example/")
    response = login(people.rater).get(reverse("notifications:open", args=[mine.pk]))
    assert response["Location"] == reverse("notifications:inbox")


def test_mark_one_and_all_read(people, login):
    first, second, third = note(people.mentor), note(people.mentor), note(people.mentor)
    other = note(people.rater)
    client = login(people.mentor)
    client.post(reverse("notifications:mark_read", args=[first.pk]))
    assert Notification.objects.filter(recipient=people.mentor, read_at=None).count() == 2
    client.post(reverse("notifications:mark_all_read"))
    assert Notification.objects.filter(recipient=people.mentor, read_at=None).count() == 0
    other.refresh_from_db()
    assert other.read_at is None
    body = client.get(reverse("notifications:inbox")).content.decode()
    assert 'data-testid="unread-count"' not in body
    assert {second.pk, third.pk}  # all three were the mentor's own


def test_inbox_queries_do_not_grow_with_the_page(people, login):
    for i in range(45):
        note(people.mentor, text=f"通知{i}")
    client = login(people.mentor)
    url = reverse("notifications:inbox")
    client.get(url)
    counts = {}
    for page in (1, 3):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"page": page})
        counts[page] = len(queries)
        assert len(response.context["page"].object_list) == (20 if page == 1 else 5)
    assert counts[1] == counts[3]


def test_unread_count_is_one_query(people, login):
    note(people.mentor)
    client = login(people.mentor)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))
    counting = [q["sql"] for q in queries if "core_notification" in q["sql"]]
    assert len(counting) == 1 and "COUNT" in counting[0].upper()


def test_settings_page_saves_choices(people, login):
    people.mentor.email = "mentor@example.cn"
    people.mentor.save()
    client = login(people.mentor)
    response = client.post(reverse("notifications:preferences"), {f"{TEST_EVENT}:email": "1"})
    assert response.status_code == 302
    pref = NotificationPreference.objects.get(user=people.mentor, event=TEST_EVENT)
    assert (pref.inbox, pref.email) == (False, True)


def test_settings_page_refuses_email_without_an_address(people, login):
    response = login(people.rater).post(
        reverse("notifications:preferences"), {f"{TEST_EVENT}:email": "1"}
    )
    assert response.status_code == 200
    assert "没有登记电子邮箱" in response.content.decode()
    assert NotificationPreference.objects.filter(user=people.rater).count() == 0


ADMIN_PAGES = ["notifications:robots", "notifications:robot_create", "notifications:deliveries"]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_the_system_admin_reaches_robots_and_the_log(people, login, role):
    robot = WebhookEndpoint.objects.create(name="群", kind="wecom", url="https://qyapi.example/x")
    client = login(getattr(people, role))
    expected = 200 if role == "sysadmin" else 403
    for name in ADMIN_PAGES:
        assert client.get(reverse(name)).status_code == expected, name
    assert client.get(reverse("notifications:robot_edit", args=[robot.pk])).status_code == expected
    toggled = client.post(reverse("notifications:robot_toggle", args=[robot.pk])).status_code
    assert toggled == (302 if role == "sysadmin" else 403)
    robot.refresh_from_db()
    assert robot.enabled is (role != "sysadmin")
    body = client.get(reverse("home")).content.decode()
    assert (reverse("notifications:robots") in body) is (role == "sysadmin")


def test_unknown_robot_is_404_for_the_system_admin(people, login):
    client = login(people.sysadmin)
    assert client.get(reverse("notifications:robot_edit", args=[999])).status_code == 404
    assert client.post(reverse("notifications:robot_test", args=[999])).status_code == 404


def test_robot_form_creates_and_refuses_a_bad_url(people, login):
    client = login(people.sysadmin)
    data = {
        "name": "选拔工作群",
        "kind": "dingtalk",
        "url": "ftp://oapi.dingtalk.com/robot",
        "secret": "SECabc",
        "events": ["selection.scoring.opened"],
        "enabled": "on",
    }
    response = client.post(reverse("notifications:robot_create"), data)
    assert response.status_code == 200
    assert "地址须以 http:// 或 https:// 开头" in response.content.decode()
    assert 'data-testid="error-url"' in response.content.decode()
    assert WebhookEndpoint.objects.count() == 0
    data["url"] = "https://oapi.dingtalk.com/robot/send?access_token=abc"
    assert client.post(reverse("notifications:robot_create"), data).status_code == 302
    robot = WebhookEndpoint.objects.get()
    assert (robot.secret, robot.events) == ("SECabc", ["selection.scoring.opened"])
    # Editing with the secret left blank keeps it.
    data.update(secret="", name="选拔群")
    client.post(reverse("notifications:robot_edit", args=[robot.pk]), data)
    robot.refresh_from_db()
    assert (robot.name, robot.secret) == ("选拔群", "SECabc")


def test_robot_test_send_reports_the_failure(people, login):
    robot = WebhookEndpoint.objects.create(
        name="群", kind="wecom", url="http://127.0.0.1:9/unreachable"
    )
    response = login(people.sysadmin).post(
        reverse("notifications:robot_test", args=[robot.pk]), follow=True
    )
    assert "测试消息发送失败" in response.content.decode()
    assert Delivery.objects.get().status == Delivery.Status.FAILED


def test_delivery_log_shows_failures(people, login):
    for i in range(25):
        Delivery.objects.create(channel="email", event=TEST_EVENT, target=f"u{i}@example.cn",
                                body="x", status="sent", attempts=1)  # fmt: skip
    Delivery.objects.create(channel="wecom", event=TEST_EVENT, target="选拔工作群", body="x",
                            status="failed", attempts=3, last_error="HTTP 500")  # fmt: skip
    client = login(people.sysadmin)
    url = reverse("notifications:deliveries")
    client.get(url)
    counts = {}
    for page in (1, 2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"page": page})
        counts[page] = len(queries)
    assert counts[1] == counts[2]
    response = client.get(url, {"status": "failed"})
    body = response.content.decode()
    assert response.context["page"].paginator.count == 1
    assert "HTTP 500" in body and "选拔工作群" in body and 'data-testid="failed-count"' in body


def test_the_system_admin_resends_failed_messages_one_or_all(
    people, login, django_capture_on_commit_callbacks, monkeypatch
):
    """A failed message gets a fresh round of attempts; a sent one is left alone."""
    from qingmiao.core.models.notifications import Channel, Delivery
    from qingmiao.core.notifications import delivery as sending

    sent_now: list[int] = []
    monkeypatch.setattr(sending, "send", lambda d: sent_now.append(d.pk))
    failed = [
        Delivery.objects.create(
            channel=Channel.EMAIL,
            event="core.webhook.test",
            target=f"a{i}@example.cn",
            body="x",
            status=Delivery.Status.FAILED,
            attempts=3,
            last_error="timeout",
        )
        for i in range(2)
    ]
    sent = Delivery.objects.create(
        channel=Channel.EMAIL,
        event="core.webhook.test",
        target="b@example.cn",
        body="x",
        status=Delivery.Status.SENT,
        attempts=1,
    )
    client = login(people.sysadmin)
    url = reverse("notifications:delivery_retry")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"pk": failed[0].pk})
    assert response.status_code == 302
    assert sent_now == [failed[0].pk]
    failed[0].refresh_from_db()
    assert failed[0].status == Delivery.Status.SENT and failed[0].attempts == 1

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"all": "1"})
    assert sent_now == [failed[0].pk, failed[1].pk]  # the sent one is not sent again
    sent.refresh_from_db()
    assert sent.attempts == 1

    page = client.get(reverse("notifications:deliveries"), follow=True).content.decode()
    assert 'data-testid="retry"' not in page  # nothing failed is left

    # Nothing failed: a clear message, nothing changed.
    response = client.post(url, {"pk": sent.pk}, follow=True)
    assert "只有发送失败的消息可以重发" in response.content.decode()


@pytest.mark.parametrize("persona", ["org_admin", "secadmin", "auditor", "cadre_user"])
def test_only_the_system_admin_may_resend(people, login, persona):
    assert (
        login(getattr(people, persona))
        .post(reverse("notifications:delivery_retry"), {"all": "1"})
        .status_code
        == 403
    )
