from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .audit import record
from .models import AuditEntry


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    record("accounts.login.succeeded", actor=user)


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
