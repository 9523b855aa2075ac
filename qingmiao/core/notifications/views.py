"""Pages: everyone's inbox and notification settings; for the system administrator the group
robots and the log of deliveries. Every object comes through the scoping layer."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qingmiao.accounts import scoping
from qingmiao.core.models.notifications import (
    Channel,
    Delivery,
    Notification,
    NotificationPreference,
    WebhookEndpoint,
)

from . import registry, services
from .forms import DeliveryFilterForm, WebhookEndpointForm

PAGE_SIZE = 20
MANAGE = "core.manage_notifications"


def _refused_onto(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# --- everyone -------------------------------------------------------------------------------


def inbox(request):
    queryset = scoping.visible(request.user, Notification).order_by("-id")
    unread_only = request.GET.get("unread") == "1"
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    for item in page.object_list:
        item.event_name = registry.name_of(item.event)
    return render(
        request,
        "core/notifications/inbox.html",
        {"page": page, "unread_only": unread_only, "query": "unread=1" if unread_only else ""},
    )


def open_notification(request, pk):
    """Following a notification marks it read and goes to the thing it is about."""
    notification = scoping.get_visible_or_404(request.user, Notification, pk=pk)
    services.notification_mark_read(actor=request.user, notification=notification)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("notifications:inbox")


@require_POST
def mark_read(request, pk):
    notification = scoping.get_visible_or_404(request.user, Notification, pk=pk)
    services.notification_mark_read(actor=request.user, notification=notification)
    return redirect(request.POST.get("next") or "notifications:inbox")


@require_POST
def mark_all_read(request):
    count = services.notifications_mark_all_read(actor=request.user)
    messages.success(request, _("已将 %(n)s 条通知标为已读。") % {"n": count})
    return redirect("notifications:inbox")


def preferences(request):
    kinds = registry.all_kinds()
    saved = {p.event: p for p in NotificationPreference.objects.filter(user=request.user)}
    error = ""
    if request.method == "POST":
        choices: dict[str, set[str]] = {
            k.code: {c for c in (Channel.INBOX, Channel.EMAIL) if request.POST.get(f"{k.code}:{c}")}
            for k in kinds
        }
        try:
            services.preferences_save(actor=request.user, choices=choices)
        except ValidationError as exc:
            error = " ".join(exc.messages)
            saved = {
                code: NotificationPreference(
                    event=code, inbox=Channel.INBOX in chosen, email=Channel.EMAIL in chosen
                )
                for code, chosen in choices.items()
            }
        else:
            messages.success(request, _("通知设置已保存。"))
            return redirect("notifications:preferences")
    rows = []
    for kind in kinds:
        chosen = services.channels_for(kind, saved.get(kind.code))
        rows.append(
            {
                "kind": kind,
                "inbox": Channel.INBOX in chosen,
                "email": Channel.EMAIL in chosen,
            }
        )
    return render(
        request,
        "core/notifications/preferences.html",
        {"rows": rows, "error": error, "has_email": bool(request.user.email)},
    )


# --- system administrator -------------------------------------------------------------------


@permission_required(MANAGE, raise_exception=True)
def robot_list(request):
    robots = list(scoping.visible(request.user, WebhookEndpoint))
    for robot in robots:
        robot.event_names = [registry.name_of(code) for code in robot.events]
    return render(request, "core/notifications/robot_list.html", {"robots": robots})


@permission_required(MANAGE, raise_exception=True)
def robot_edit(request, pk=None):
    robot = scoping.get_visible_or_404(request.user, WebhookEndpoint, pk=pk) if pk else None
    if request.method == "POST":
        form = WebhookEndpointForm(request.POST)
        if form.is_valid():
            try:
                services.webhook_endpoint_save(
                    actor=request.user, endpoint=robot, data=form.cleaned_data
                )
            except ValidationError as exc:
                _refused_onto(form, exc)
            else:
                messages.success(request, _("群机器人已保存。"))
                return redirect("notifications:robots")
    elif robot is not None:
        form = WebhookEndpointForm(
            initial={
                "name": robot.name,
                "kind": robot.kind,
                "url": robot.url,
                "events": robot.events,
                "enabled": robot.enabled,
            }
        )
    else:
        form = WebhookEndpointForm()
    return render(request, "core/notifications/robot_form.html", {"form": form, "robot": robot})


@require_POST
@permission_required(MANAGE, raise_exception=True)
def robot_toggle(request, pk):
    robot = scoping.get_visible_or_404(request.user, WebhookEndpoint, pk=pk)
    services.webhook_endpoint_set_enabled(
        actor=request.user, endpoint=robot, enabled=not robot.enabled
    )
    return redirect("notifications:robots")


@require_POST
@permission_required(MANAGE, raise_exception=True)
def robot_test(request, pk):
    robot = scoping.get_visible_or_404(request.user, WebhookEndpoint, pk=pk)
    result = services.webhook_endpoint_test(actor=request.user, endpoint=robot)
    if result.status == Delivery.Status.SENT:
        messages.success(request, _("测试消息已发送到“%(name)s”。") % {"name": robot.name})
    else:
        messages.error(
            request,
            _("测试消息发送失败：%(error)s") % {"error": result.last_error},
        )
    return redirect("notifications:robots")


@permission_required(MANAGE, raise_exception=True)
def delivery_list(request):
    form = DeliveryFilterForm(request.GET or None)
    queryset = scoping.visible(request.user, Delivery).order_by("-id")
    if form.is_valid() and form.cleaned_data["status"]:
        queryset = queryset.filter(status=form.cleaned_data["status"])
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    for item in page.object_list:
        item.event_name = (
            _("测试消息") if item.event == "core.webhook.test" else registry.name_of(item.event)
        )
    query = request.GET.copy()
    query.pop("page", None)
    failed = scoping.visible(request.user, Delivery).filter(status=Delivery.Status.FAILED).count()
    return render(
        request,
        "core/notifications/delivery_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "failed": failed},
    )


@require_POST
@permission_required(MANAGE, raise_exception=True)
def delivery_retry(request):
    """重发: one failed message (`pk` in the form) or every failed one (`all`)."""
    failed = scoping.visible(request.user, Delivery).filter(status=Delivery.Status.FAILED)
    if "all" not in request.POST:
        failed = failed.filter(
            pk=request.POST.get("pk") if str(request.POST.get("pk")).isdigit() else 0
        )
    try:
        n = services.deliveries_retry(actor=request.user, deliveries=list(failed.only("pk")))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已重新发送 %(n)s 条消息，结果见本页。") % {"n": n})
    return redirect("notifications:deliveries")
