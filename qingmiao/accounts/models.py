import hashlib
import json

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .roles import STAFF_ROLES, UNIT_SCOPED_ROLES, Role


class User(AbstractUser):
    """A person who signs in. One role, one org unit (the root of what they may see)."""

    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, db_index=True)
    org_unit = models.ForeignKey(
        "cadres.OrgUnit",
        verbose_name=_("所属单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.UniqueConstraint(Lower("username"), name="accounts_user_username_ci_unique"),
        ]

    def __str__(self):
        return self.full_name or self.username

    def clean(self):
        super().clean()
        if self.role in UNIT_SCOPED_ROLES and not self.org_unit_id:
            raise ValidationError({"org_unit": _("该角色必须指定所属单位。")})
        if self.is_superuser:
            raise ValidationError({"is_superuser": _("不设超级管理员：权限按三权分立由角色授予。")})

    def save(self, *args, **kwargs):
        # Admin-site access follows the role; it is never granted by hand.
        self.is_staff = self.role in STAFF_ROLES
        super().save(*args, **kwargs)

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("audit entries are append-only")

    def delete(self):
        raise PermissionError("audit entries are append-only")


class AuditEntry(models.Model):
    """One audited event. Append-only: the application never updates or deletes a row,
    database triggers refuse it, and each row's hash covers the previous row's hash so an
    edit made behind the application's back breaks the chain (`manage.py verify_audit`)."""

    class Outcome(models.TextChoices):
        SUCCESS = "success", _("成功")
        FAILURE = "failure", _("失败")
        DENIED = "denied", _("拒绝")

    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, verbose_name=_("操作人"), on_delete=models.PROTECT, null=True, blank=True
    )
    actor_username = models.CharField(_("用户名"), max_length=150, blank=True, db_index=True)
    actor_role = models.CharField(_("角色"), max_length=20, blank=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    request_id = models.CharField(_("请求编号"), max_length=32, blank=True)
    action = models.CharField(_("事件"), max_length=80, db_index=True)
    outcome = models.CharField(
        _("结果"), max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS
    )
    object_type = models.CharField(_("对象类型"), max_length=60, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=40, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    changes = models.JSONField(_("变更前后"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    extra = models.JSONField(_("附加信息"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["actor", "created_at"]),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.actor_username} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit entries are append-only")

    @property
    def actor_role_label(self) -> str:
        """The role's name as people read it; the stored code if it is no longer a role."""
        try:
            return str(Role(self.actor_role).label)
        except ValueError:
            return self.actor_role

    def compute_hash(self) -> str:
        payload = json.dumps(
            {
                "prev": self.prev_hash,
                "at": self.created_at.isoformat(),
                "actor": self.actor_username,
                "role": self.actor_role,
                "ip": self.ip_address,
                "request": self.request_id,
                "action": self.action,
                "outcome": self.outcome,
                "type": self.object_type,
                "id": self.object_id,
                "repr": self.object_repr,
                "changes": self.changes,
                "extra": self.extra,
            },
            sort_keys=True,
            ensure_ascii=False,
            cls=DjangoJSONEncoder,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()
