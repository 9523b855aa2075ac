"""Notification actions.

`notify` is called by any app's service inside its own transaction, after the Zulip pattern
(`send_event_on_commit`): the inbox rows and the delivery rows are written with the business
change, so a rollback leaves no trace of either, and sending outside the product starts only
once the transaction has committed.
"""

from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qingmiao.accounts import audit
from qingmiao.accounts.models import AuditEntry
from qingmiao.core.models.notifications import (
    Channel,
    Delivery,
    Notification,
    NotificationPreference,
    WebhookEndpoint,
)

from . import delivery as sending
from . import registry


def _require(actor, perm: str) -> None:
    if not actor.has_perm(perm):
        raise PermissionDenied(perm)


def channels_for(kind: registry.EventKind, pref: NotificationPreference | None) -> set[str]:
    if pref is None:
        return set(kind.default_channels)
    chosen: set[str] = set()
    if pref.inbox:
        chosen.add(Channel.INBOX)
    if pref.email:
        chosen.add(Channel.EMAIL)
    return chosen


def notify(
    *,
    event: str,
    recipients: Iterable,
    context: dict | None = None,
    obj: models.Model | None = None,
    link: str = "",
    robots: bool = True,
) -> list[Notification]:
    """Tell `recipients` that `event` happened (about `obj`, shown at `link`).

    The text is rendered once, in the product's language (Chinese), from `context`. Each person
    gets it by the channels they chose for this kind of event (or its defaults); group robots
    subscribed to the event get the kind's group text once (`robots=False` when a caller splits
    one happening into several calls and has already posted it). Returns the inbox rows written.
    """
    kind = registry.get(event)
    context = context or {}
    people = {u.pk: u for u in recipients if u is not None and u.pk and u.is_active}
    with translation.override(settings.LANGUAGE_CODE):
        text = str(kind.render(context))[:500]
        group_text = str(kind.render_group(context)) if kind.render_group else ""
        subject = _("【青苗】%(event)s") % {"event": kind.name}
    about = {
        "object_type": obj._meta.label_lower if obj is not None else "",
        "object_id": str(obj.pk) if obj is not None else "",
    }
    prefs = {
        p.user_id: p
        for p in NotificationPreference.objects.filter(user_id__in=list(people), event=event)
    }
    inbox, outgoing = [], []
    for pk, user in people.items():
        channels = channels_for(kind, prefs.get(pk))
        if Channel.INBOX in channels:
            inbox.append(Notification(recipient=user, event=event, text=text, link=link, **about))
        if Channel.EMAIL in channels and user.email:
            outgoing.append(
                Delivery(
                    channel=Channel.EMAIL,
                    event=event,
                    recipient=user,
                    target=user.email,
                    subject=subject,
                    body=f"{text}\n\n{link}" if link else text,
                )
            )
    if group_text and robots:
        # Few robots exist; choosing them in Python keeps the JSON look-up portable.
        for endpoint in WebhookEndpoint.objects.filter(enabled=True):
            if event in endpoint.events:
                outgoing.append(
                    Delivery(
                        channel=endpoint.kind,
                        event=event,
                        endpoint=endpoint,
                        target=endpoint.name,
                        body=group_text,
                    )
                )
    written = Notification.objects.bulk_create(inbox)
    if outgoing:
        ids = [d.pk for d in Delivery.objects.bulk_create(outgoing)]
        transaction.on_commit(partial(sending.enqueue_after_commit, ids), robust=True)
    return written


# --- the inbox ------------------------------------------------------------------------------


@transaction.atomic
def notification_mark_read(*, actor, notification: Notification) -> Notification:
    if notification.recipient_id != actor.pk:
        raise PermissionDenied("not the recipient")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        audit.record("core.notification.read", actor=actor, obj=notification)
    return notification


@transaction.atomic
def notifications_mark_all_read(*, actor) -> int:
    count = Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if count:
        audit.record("core.notification.all_read", actor=actor, extra={"count": count})
    return count


@transaction.atomic
def preferences_save(*, actor, choices: dict[str, set[str]]) -> None:
    """Save a person's choice of channels per event kind: `choices` maps an event code to the
    channels wanted ({"inbox", "email"}). Kinds not named keep their current setting."""
    wanted_email = any(Channel.EMAIL in c for c in choices.values())
    if wanted_email and not actor.email:
        raise ValidationError(
            {"email": _("您的账号没有登记电子邮箱，不能选择邮件通知。请联系安全管理员登记邮箱。")}
        )
    before = {
        p.event: {"inbox": p.inbox, "email": p.email}
        for p in NotificationPreference.objects.filter(user=actor)
    }
    after = {}
    for code, channels in choices.items():
        registry.get(code)  # an unknown kind is a programming error, not user input
        unknown = set(channels) - {Channel.INBOX, Channel.EMAIL}
        if unknown:
            raise ValidationError(_("无效的通知渠道。"))
        values = {"inbox": Channel.INBOX in channels, "email": Channel.EMAIL in channels}
        NotificationPreference.objects.update_or_create(user=actor, event=code, defaults=values)
        after[code] = values
    changes = audit.diff(before, {**before, **after})
    if changes:
        audit.record("core.notification.preferences_saved", actor=actor, changes=changes)


# --- group robots (system administrator) ---------------------------------------------------


_ENDPOINT_FIELDS = ("name", "kind", "url", "secret", "events", "enabled")


def _endpoint_picture(endpoint: WebhookEndpoint) -> dict:
    # The URL of a 企业微信 robot carries its key and the secret signs 钉钉 messages: neither is
    # written into the audit trail in clear.
    data = audit.snapshot(endpoint, ["name", "kind", "events", "enabled"])
    data["url_host"] = endpoint.url.split("/")[2] if endpoint.url.count("/") >= 2 else ""
    data["secret_set"] = bool(endpoint.secret)
    return data


@transaction.atomic
def webhook_endpoint_save(
    *, actor, endpoint: WebhookEndpoint | None, data: dict
) -> WebhookEndpoint:
    """Create (endpoint None) or edit a group robot. An empty secret on edit keeps the old one."""
    _require(actor, "core.manage_notifications")
    if endpoint is not None and endpoint.pk:
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        before = _endpoint_picture(endpoint)
    else:
        endpoint, before = WebhookEndpoint(), {}
    for name in _ENDPOINT_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name == "secret" and not value and endpoint.pk:
            continue
        setattr(endpoint, name, value.strip() if isinstance(value, str) else value)
    allowed = {k.code for k in registry.all_kinds() if k.robots}
    bad = [code for code in endpoint.events if code not in allowed]
    endpoint.full_clean()
    if bad:
        raise ValidationError({"events": _("所选事项中有不能推送到群机器人的事项。")})
    endpoint.save()
    audit.record(
        "core.webhook.saved",
        actor=actor,
        obj=endpoint,
        changes=audit.diff(before, _endpoint_picture(endpoint)),
    )
    return endpoint


@transaction.atomic
def webhook_endpoint_set_enabled(*, actor, endpoint: WebhookEndpoint, enabled: bool):
    _require(actor, "core.manage_notifications")
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    if endpoint.enabled != enabled:
        endpoint.enabled = enabled
        endpoint.save(update_fields=["enabled"])
        audit.record(
            "core.webhook.enabled" if enabled else "core.webhook.disabled",
            actor=actor,
            obj=endpoint,
        )
    return endpoint


def webhook_endpoint_test(*, actor, endpoint: WebhookEndpoint) -> Delivery:
    """Send one test message now (one attempt, no retries: the administrator is watching) and
    log it like any delivery."""
    _require(actor, "core.manage_notifications")
    with transaction.atomic():
        with translation.override(settings.LANGUAGE_CODE):
            body = _("【青苗】这是一条测试消息：群机器人“%(name)s”配置正确。") % {
                "name": endpoint.name
            }
        test = Delivery.objects.create(
            channel=endpoint.kind,
            event="core.webhook.test",
            endpoint=endpoint,
            target=endpoint.name,
            body=body,
        )
    # A test is a single look: a failure is final rather than queued for retries.
    sent = sending.attempt(test, retry=False)
    with transaction.atomic():
        audit.record(
            "core.webhook.tested",
            actor=actor,
            obj=endpoint,
            outcome=AuditEntry.Outcome.SUCCESS if sent else AuditEntry.Outcome.FAILURE,
            extra={"error": test.last_error} if not sent else {},
        )
    return test


def deliveries_retry(*, actor, deliveries: Iterable[Delivery]) -> int:
    """Send failed messages again (after the administrator fixed a robot's address or the mail
    server): each gets a fresh round of attempts, queued after commit. Messages that are not
    failed (sent, or still being tried) are left alone. Returns how many were queued."""
    _require(actor, "core.manage_notifications")
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update()
            .filter(pk__in=[d.pk for d in deliveries], status=Delivery.Status.FAILED)
            .values_list("pk", flat=True)
        )
        if not ids:
            raise ValidationError(_("没有可重发的消息：只有发送失败的消息可以重发。"))
        Delivery.objects.filter(pk__in=ids).update(
            status=Delivery.Status.PENDING, attempts=0, next_attempt_at=None
        )
        audit.record("core.delivery.retried", actor=actor, extra={"deliveries": ids})
        transaction.on_commit(partial(sending.enqueue_after_commit, ids))
    return len(ids)
