"""Who may see the notification models: a person their own inbox; the system administrator the
group robots and the log of deliveries (which name recipients but hold no records)."""

from django.db.models import Q

from qingmiao.accounts import scoping
from qingmiao.accounts.roles import Role

from .models import Delivery, Notification, WebhookEndpoint


def _own(user):
    return Q(recipient=user)


def _system_admin(user):
    return Q() if user.role == Role.SYSTEM_ADMIN else None


scoping.register(Notification, _own)
scoping.register(WebhookEndpoint, _system_admin)
scoping.register(Delivery, _system_admin)
