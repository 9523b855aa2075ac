"""Sending outside the product: email through Django's mail backend, group robots over HTTP.

Each `Delivery` row is worked off by the `deliver` task after the business transaction commits.
A failure is retried with growing pauses (re-enqueued with `run_after`) and, after the last
attempt, left in the log for the system administrator; it never touches the business action.
"""

import base64
import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
from datetime import timedelta
from urllib.parse import quote_plus

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from qingmiao.core.models.notifications import Channel, Delivery, WebhookEndpoint

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# Pause before attempt 2 and attempt 3.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5))
TIMEOUT_SECONDS = 5


class DeliveryError(Exception):
    pass


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """钉钉 加签: base64(HMAC-SHA256(key=secret, msg="{timestamp}\\n{secret}")), URL-encoded."""
    message = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest))


def robot_url(endpoint: WebhookEndpoint, *, now_ms: int | None = None) -> str:
    if endpoint.kind == WebhookEndpoint.Kind.DINGTALK and endpoint.secret:
        stamp = now_ms if now_ms is not None else int(time.time() * 1000)
        joiner = "&" if "?" in endpoint.url else "?"
        sign = dingtalk_sign(endpoint.secret, stamp)
        return f"{endpoint.url}{joiner}timestamp={stamp}&sign={sign}"
    return endpoint.url


def post_to_robot(endpoint: WebhookEndpoint, text: str) -> None:
    """Both robots take the same text message and answer {"errcode": 0} when they accept it."""
    body = json.dumps({"msgtype": "text", "text": {"content": text}}, ensure_ascii=False)
    request = urllib.request.Request(  # noqa: S310 (http/https only: checked when saved)
        robot_url(endpoint),
        data=body.encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            raw = response.read(10_000)
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"HTTP {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise DeliveryError(str(getattr(exc, "reason", exc))) from exc
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        answer = {}
    if isinstance(answer, dict) and answer.get("errcode", 0) != 0:
        raise DeliveryError(f"errcode {answer.get('errcode')}: {answer.get('errmsg', '')}")


def send(delivery: Delivery) -> None:
    if delivery.channel == Channel.EMAIL:
        try:
            send_mail(
                delivery.subject,
                delivery.body,
                settings.DEFAULT_FROM_EMAIL,
                [delivery.target],
                fail_silently=False,
            )
        except Exception as exc:  # any mail backend error is a failed delivery, nothing more
            raise DeliveryError(str(exc) or type(exc).__name__) from exc
        return
    endpoint = delivery.endpoint
    if endpoint is None or not endpoint.enabled:
        raise DeliveryError("群机器人已停用或已删除")
    post_to_robot(endpoint, delivery.body)


def attempt(delivery: Delivery, *, retry: bool = True) -> bool:
    """One attempt, recorded on the row; True when sent. Without `retry` a failure is final."""
    delivery.attempts += 1
    try:
        send(delivery)
    except DeliveryError as exc:
        delivery.last_error = str(exc)[:500]
        if retry and delivery.attempts < MAX_ATTEMPTS:
            delivery.status = Delivery.Status.RETRYING
            delivery.next_attempt_at = timezone.now() + BACKOFF[delivery.attempts - 1]
        else:
            delivery.status = Delivery.Status.FAILED
            delivery.next_attempt_at = None
        logger.warning("delivery %s attempt %s failed: %s", delivery.pk, delivery.attempts, exc)
        ok = False
    else:
        delivery.status = Delivery.Status.SENT
        delivery.sent_at = timezone.now()
        delivery.next_attempt_at = None
        ok = True
    delivery.save(update_fields=["attempts", "status", "last_error", "next_attempt_at", "sent_at"])
    return ok


def schedule(delivery_id: int, run_after=None) -> None:
    """Enqueue a delivery, later when the engine can defer. The immediate engine used in tests
    cannot, so there a retry follows at once."""
    job = deliver
    if run_after is not None and job.get_backend().supports_defer:
        job = job.using(run_after=run_after)
    job.enqueue(delivery_id)


@task()
def deliver(delivery_id: int) -> str:
    delivery = Delivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.status in (Delivery.Status.SENT, Delivery.Status.FAILED):
        return "skipped"
    if attempt(delivery):
        return "sent"
    if delivery.status == Delivery.Status.RETRYING:
        schedule(delivery.pk, run_after=delivery.next_attempt_at)
    return delivery.status


def enqueue_after_commit(ids: list[int]) -> None:
    """Called from on_commit: a broken queue leaves the rows pending in the log, never raises
    into the request that already committed."""
    for pk in ids:
        try:
            schedule(pk)
        except Exception:
            logger.exception("could not enqueue delivery %s", pk)
