"""Notifications: the inbox, what each person wants by which channel, the group robots the system
administrator configured, and a log of every delivery outside the product (email, robots)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message in one person's inbox. The text is rendered once, when the event happens, so
    the inbox reads the same later even if the thing it is about changes."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(_("事项类别"), max_length=60)
    text = models.CharField(_("内容"), max_length=500)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    # What it is about, for look-ups such as "did this stage's reminder already go out?".
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-id"]
        indexes = [
            # The inbox: newest first for one person.
            models.Index(fields=["recipient", "-id"], name="core_notif_inbox"),
            # The unread count in the top bar on every page: only unread rows are indexed.
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="core_notif_unread",
            ),
            models.Index(fields=["object_type", "object_id", "event"], name="core_notif_about"),
        ]

    def __str__(self):
        return self.text


class Channel(models.TextChoices):
    INBOX = "inbox", _("站内消息")
    EMAIL = "email", _("电子邮件")
    WECOM = "wecom", _("企业微信群机器人")
    DINGTALK = "dingtalk", _("钉钉群机器人")


class NotificationPreference(models.Model):
    """A person's choice for one kind of event; without a row the event's defaults apply."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs"
    )
    event = models.CharField(_("事项类别"), max_length=60)
    inbox = models.BooleanField(_("站内消息"), default=True)
    email = models.BooleanField(_("电子邮件"), default=False)

    class Meta:
        verbose_name = _("通知设置")
        verbose_name_plural = _("通知设置")
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="core_notif_pref_once")
        ]

    def __str__(self):
        return f"{self.user} · {self.event}"


def validate_webhook_url(value: str) -> None:
    parts = urlsplit(value or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValidationError(
            _(
                "地址须以 http:// 或 https:// 开头，例如 https://oapi.dingtalk.com/robot/send?access_token=…"
            ),
            code="scheme",
        )


class WebhookEndpoint(models.Model):
    """A group robot (企业微信 or 钉钉) that receives chosen events, configured by the system
    administrator. 企业微信 robots carry their key in the URL; 钉钉 robots may also sign."""

    class Kind(models.TextChoices):
        WECOM = "wecom", _("企业微信群机器人")
        DINGTALK = "dingtalk", _("钉钉群机器人")

    name = models.CharField(_("名称"), max_length=60)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    url = models.CharField(_("推送地址"), max_length=500, validators=[validate_webhook_url])
    secret = models.CharField(
        _("加签密钥"),
        max_length=200,
        blank=True,
        help_text=_("钉钉机器人“加签”安全设置中的密钥（SEC 开头）；企业微信机器人不需要。"),
    )
    events = models.JSONField(_("推送事项"), default=list, blank=True)
    enabled = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("群机器人")
        verbose_name_plural = _("群机器人")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class Delivery(models.Model):
    """One message leaving the product. Written in the business transaction (so nothing is sent
    for an action that rolled back) and worked off after commit by a background task."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        RETRYING = "retrying", _("重试中")
        SENT = "sent", _("已送达")
        FAILED = "failed", _("发送失败")

    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    event = models.CharField(_("事项类别"), max_length=60)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries"
    )
    target = models.CharField(_("发送对象"), max_length=300)
    subject = models.CharField(_("标题"), max_length=200, blank=True)
    body = models.TextField(_("内容"))
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.CharField(_("最近错误"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("送达时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("外发记录")
        verbose_name_plural = _("外发记录")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.target}"
