from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .audit import record
from .models import AuditEntry


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    record("accounts.login.succeeded", actor=user)


@receiver(user_logged_in)
def start_session_clock(sender, request, user, **kwargs):
    # Stamped with the sign-in's own session write, so the first page after it writes nothing.
    from django.utils import timezone

    from .middleware import SessionTimeoutMiddleware

    session = getattr(request, "session", None)
    if session is not None:
        now = timezone.now().timestamp()
        session[SessionTimeoutMiddleware.START_KEY] = now
        session[SessionTimeoutMiddleware.IDLE_KEY] = now


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        record("accounts.logout", actor=user)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username", "") or ""
    actor = get_user_model().objects.filter(username__iexact=username).first()
    record(
        "accounts.login.failed",
        actor=actor,
        username=username,
        outcome=AuditEntry.Outcome.FAILURE,
    )


@receiver(user_locked_out)
def audit_lockout(sender, request, username=None, ip_address=None, **kwargs):
    actor = get_user_model().objects.filter(username__iexact=username or "").first()
    record(
        "accounts.login.locked_out",
        actor=actor,
        username=username or "",
        outcome=AuditEntry.Outcome.DENIED,
    )
