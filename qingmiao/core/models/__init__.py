from .jobs import Job
from .notifications import Delivery, Notification, NotificationPreference, WebhookEndpoint

__all__ = ["Delivery", "Job", "Notification", "NotificationPreference", "WebhookEndpoint"]
