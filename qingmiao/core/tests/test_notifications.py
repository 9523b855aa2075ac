"""The notification service: written in the business transaction, delivered after commit only,
never on rollback; preferences; robots retried and logged without undoing anything."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from qingmiao.accounts.models import AuditEntry
from qingmiao.core.models import Delivery, Notification, NotificationPreference, WebhookEndpoint
from qingmiao.core.notifications import delivery, notify, services
from qingmiao.core.notifications.registry import UnknownEvent

from .notify_helpers import TEST_EVENT, Robot


class Boom(Exception):
    pass


def tell(*people, **extra):
    return notify(
        event=TEST_EVENT,
        recipients=people,
        context={"who": "张伟", "what": "报名", **extra},
        link="/selection/my/applications/",
    )


@pytest.fixture
def robot_endpoint(people):
    def make(url, **fields):
        return services.webhook_endpoint_save(
            actor=people.sysadmin,
            endpoint=None,
            data={"name": "选拔工作群", "kind": "wecom", "url": url, "events": [TEST_EVENT],
                  "enabled": True, **fields},
        )  # fmt: skip

    return make


def test_inbox_row_written_at_once_and_email_only_after_commit(
    people, django_capture_on_commit_callbacks
):
    people.cadre_user.email = "zhangwei@example.cn"
    people.cadre_user.save()
    NotificationPreference.objects.create(
        user=people.cadre_user, event=TEST_EVENT, inbox=True, email=True
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        tell(people.cadre_user)
        # Inside the transaction: the inbox row exists, the email waits for the commit.
        assert Notification.objects.get(recipient=people.cadre_user).text == "张伟办理了报名"
        assert Delivery.objects.get().status == Delivery.Status.PENDING
        assert mail.outbox == []
    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [["zhangwei@example.cn"]]
    assert mail.outbox[0].subject == "【青苗】测试事项"
    assert Delivery.objects.get().status == Delivery.Status.SENT


def test_nothing_written_or_sent_when_the_business_transaction_rolls_back(
    people, robot_endpoint, django_capture_on_commit_callbacks
):
    people.cadre_user.email = "zhangwei@example.cn"
    people.cadre_user.save()
    NotificationPreference.objects.create(
        user=people.cadre_user, event=TEST_EVENT, inbox=True, email=True
    )
    with Robot([]) as robot:
        robot_endpoint(robot.url)
        with (
            django_capture_on_commit_callbacks(execute=True) as callbacks,
            pytest.raises(Boom),
            transaction.atomic(),
        ):
            tell(people.cadre_user)
            raise Boom
        assert robot.requests == []
    assert callbacks == []
    assert Notification.objects.count() == 0
    assert Delivery.objects.count() == 0
    assert mail.outbox == []


def test_defaults_apply_and_preferences_are_respected(people):
    NotificationPreference.objects.create(
        user=people.mentor, event=TEST_EVENT, inbox=False, email=False
    )
    tell(people.cadre_user, people.mentor, people.rater)
    # The event's default is the inbox; the mentor switched it off.
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == [
        "cadre",
        "rater",
    ]


def test_email_needs_an_address(people):
    NotificationPreference.objects.create(
        user=people.rater, event=TEST_EVENT, inbox=True, email=True
    )
    tell(people.rater)
    assert Delivery.objects.count() == 0
    with pytest.raises(ValidationError) as refused:
        services.preferences_save(actor=people.rater, choices={TEST_EVENT: {"email"}})
    assert "电子邮箱" in refused.value.message_dict["email"][0]


def test_preferences_saved_and_audited(people):
    people.mentor.email = "mentor@example.cn"
    people.mentor.save()
    services.preferences_save(actor=people.mentor, choices={TEST_EVENT: {"email"}})
    pref = NotificationPreference.objects.get(user=people.mentor, event=TEST_EVENT)
    assert (pref.inbox, pref.email) == (False, True)
    entry = AuditEntry.objects.get(action="core.notification.preferences_saved")
    assert entry.actor == people.mentor


def test_unknown_event_is_a_programming_error(people):
    with pytest.raises(UnknownEvent):
        notify(event="no.such.event", recipients=[people.rater])


def test_inactive_people_are_skipped(people):
    people.rater.is_active = False
    people.rater.save()
    tell(people.rater, people.mentor)
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["mentor"]


# --- robots -------------------------------------------------------------------------------------


def test_robot_fails_then_succeeds(people, robot_endpoint, django_capture_on_commit_callbacks):
    with Robot([(500, {}), (200, {"errcode": 0, "errmsg": "ok"})]) as robot:
        robot_endpoint(robot.url)
        with django_capture_on_commit_callbacks(execute=True):
            tell(people.cadre_user)
    sent = Delivery.objects.get(channel="wecom")
    assert (sent.status, sent.attempts) == (Delivery.Status.SENT, 2)
    assert sent.last_error == "HTTP 500"
    assert [r["body"] for r in robot.requests] == [
        {"msgtype": "text", "text": {"content": "有人办理了报名"}}
    ] * 2
    # The inbox row the business action wrote is untouched by any of this.
    assert Notification.objects.filter(recipient=people.cadre_user).count() == 1


def test_robot_failing_every_attempt_is_logged_and_undoes_nothing(
    people, robot_endpoint, django_capture_on_commit_callbacks
):
    answers = [(200, {"errcode": 93000, "errmsg": "invalid webhook url"})] * 5
    with Robot(answers) as robot:
        robot_endpoint(robot.url)
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            tell(people.cadre_user)
    assert len(robot.requests) == delivery.MAX_ATTEMPTS == 3
    failed = Delivery.objects.get(channel="wecom")
    assert failed.status == Delivery.Status.FAILED
    assert failed.attempts == 3
    assert failed.last_error == "errcode 93000: invalid webhook url"
    assert failed.next_attempt_at is None
    assert Notification.objects.filter(recipient=people.cadre_user).count() == 1


def test_retry_waits_when_the_engine_can_defer(people, robot_endpoint, settings):
    """With an engine that can defer, a failed attempt is queued again for a minute later."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    with Robot([(503, {})]) as robot:
        endpoint = robot_endpoint(robot.url)
        row = Delivery.objects.create(
            channel="wecom", event=TEST_EVENT, endpoint=endpoint, target="群", body="x"
        )
        assert delivery.deliver.call(row.pk) == Delivery.Status.RETRYING
    row.refresh_from_db()
    queued = default_task_backend.results
    assert len(queued) == 1 and queued[0].args == [row.pk]
    assert queued[0].task.run_after == row.next_attempt_at
    assert (row.next_attempt_at - row.created_at).total_seconds() == pytest.approx(60, abs=5)


def test_dingtalk_signature_matches_hand_computed_value():
    # printf '1700000000000\nSEC0123456789abcdef' \
    #   | openssl dgst -sha256 -hmac 'SEC0123456789abcdef' -binary | base64
    # → TSZbRFUuvaSQaRKUpF970OPCb2/LcQAP3wOvwZIzBZk=   (then URL-encoded)
    sign = delivery.dingtalk_sign("SEC0123456789abcdef", 1700000000000)
    assert sign == "TSZbRFUuvaSQaRKUpF970OPCb2%2FLcQAP3wOvwZIzBZk%3D"
    endpoint = WebhookEndpoint(
        kind="dingtalk",
        url="https://oapi.dingtalk.com/robot/send?access_token=abc",
        secret="SEC0123456789abcdef",
    )
    assert delivery.robot_url(endpoint, now_ms=1700000000000) == (
        f"https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1700000000000&sign={sign}"
    )


def test_dingtalk_robot_receives_signed_request(
    people, robot_endpoint, django_capture_on_commit_callbacks
):
    with Robot([]) as robot:
        robot_endpoint(robot.url, kind="dingtalk", secret="SECabc")
        with django_capture_on_commit_callbacks(execute=True):
            tell(people.cadre_user)
    assert "&timestamp=" in robot.requests[0]["path"] and "&sign=" in robot.requests[0]["path"]


@pytest.mark.parametrize(
    "url", ["ftp://example.cn/robot", "file:///etc/passwd", "javascript:alert(1)", "example.cn"]
)
def test_robot_url_must_be_http(people, robot_endpoint, url):
    with pytest.raises(ValidationError) as refused:
        robot_endpoint(url)
    assert "http:// 或 https://" in refused.value.message_dict["url"][0]
    assert WebhookEndpoint.objects.count() == 0


def test_only_the_system_admin_configures_robots(people, robot_endpoint):
    for who in (people.org_admin, people.secadmin, people.auditor, people.rater):
        with pytest.raises(PermissionDenied):
            services.webhook_endpoint_save(
                actor=who,
                endpoint=None,
                data={"name": "x", "kind": "wecom", "url": "https://qyapi.weixin.qq.com/x"},
            )


def test_robot_save_audited_without_the_secret(people, robot_endpoint):
    robot_endpoint("https://oapi.dingtalk.com/robot/send?access_token=KEY", kind="dingtalk",
                   secret="SECsecret")  # fmt: skip
    entry = AuditEntry.objects.get(action="core.webhook.saved")
    assert "SECsecret" not in str(entry.changes) and "KEY" not in str(entry.changes)
    assert entry.changes["secret_set"]["after"] is True


def test_disabled_robot_receives_nothing(
    people, robot_endpoint, django_capture_on_commit_callbacks
):
    with Robot([]) as robot:
        endpoint = robot_endpoint(robot.url)
        services.webhook_endpoint_set_enabled(
            actor=people.sysadmin, endpoint=endpoint, enabled=False
        )
        with django_capture_on_commit_callbacks(execute=True):
            tell(people.cadre_user)
    assert robot.requests == []
    assert Delivery.objects.count() == 0


def test_test_send_is_one_attempt_and_logged(people, robot_endpoint):
    with Robot([(404, {})]) as robot:
        endpoint = robot_endpoint(robot.url)
        result = services.webhook_endpoint_test(actor=people.sysadmin, endpoint=endpoint)
    assert (result.status, result.attempts, result.last_error) == ("failed", 1, "HTTP 404")
    assert AuditEntry.objects.get(action="core.webhook.tested").outcome == "failure"


@pytest.mark.django_db(transaction=True)
def test_real_commit_and_rollback(people, live_db):
    """Against the database's own commit: mail leaves after COMMIT, never after ROLLBACK."""
    people.cadre_user.email = "zhangwei@example.cn"
    people.cadre_user.save()
    NotificationPreference.objects.create(
        user=people.cadre_user, event=TEST_EVENT, inbox=True, email=True
    )
    with pytest.raises(Boom), transaction.atomic():
        tell(people.cadre_user, what="撤回")
        raise Boom
    assert mail.outbox == [] and Notification.objects.count() == 0
    with transaction.atomic():
        tell(people.cadre_user)
        assert mail.outbox == []
    assert [m.body for m in mail.outbox] == ["张伟办理了报名\n\n/selection/my/applications/"]
