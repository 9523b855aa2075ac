from .jobs import Job
from .notifications import Delivery, Notification, NotificationPreference, WebhookEndpoint
from .versions import ListVersion

__all__ = [
    "Delivery",
    "Job",
    "ListVersion",
    "Notification",
    "NotificationPreference",
    "WebhookEndpoint",
]
