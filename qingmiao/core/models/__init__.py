from .notifications import Delivery, Notification, NotificationPreference, WebhookEndpoint

__all__ = ["Delivery", "Notification", "NotificationPreference", "WebhookEndpoint"]
