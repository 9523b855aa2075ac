from qingmiao.core.models.notifications import Notification


def unread(request):
    """The top bar's unread count, as a callable: the template calls it once, and a page that
    never renders the bar (login, API) never pays for it. It is one COUNT answered from the
    partial index on unread rows (recipient where read_at is null), so it stays cheap without
    a cache that every worker would have to keep in step."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        return Notification.objects.filter(recipient=user, read_at__isnull=True).count()

    return {"notifications_unread": count}
