from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .audit import record
from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Account management for the security administrator: accounts, roles and units only."""

    list_display = ("username", "full_name", "role", "org_unit", "is_active", "last_login")
    list_filter = ("role", "is_active")
    search_fields = ("username", "full_name")
    autocomplete_fields = ("org_unit",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("基本信息"), {"fields": ("full_name", "phone")}),
        (_("角色与单位"), {"fields": ("role", "org_unit", "is_active")}),
        (_("时间"), {"fields": ("last_login", "date_joined", "password_changed_at")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "full_name", "role", "org_unit", "password1", "password2")}),
    )
    readonly_fields = ("last_login", "date_joined", "password_changed_at")

    def has_delete_permission(self, request, obj=None):
        return False  # accounts are deactivated, never deleted: the audit log refers to them

    def get_readonly_fields(self, request, obj=None):
        # Nobody changes their own role, unit or status: a security administrator could
        # otherwise make themself an org admin and read records (三权分立).
        if obj is not None and obj.pk == request.user.pk:
            return (*self.readonly_fields, "role", "org_unit", "is_active")
        return self.readonly_fields

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        changed = [f for part in (message or []) for f in part.get("changed", {}).get("fields", [])]
        if "password" in changed:
            record("accounts.password.reset", actor=request.user, obj=obj)
        return entry

    def save_model(self, request, obj, form, change):
        before = {}
        if change:
            old = User.objects.get(pk=obj.pk)
            before = {
                "role": old.role,
                "org_unit": str(old.org_unit or ""),
                "is_active": old.is_active,
            }
        super().save_model(request, obj, form, change)
        after = {"role": obj.role, "org_unit": str(obj.org_unit or ""), "is_active": obj.is_active}
        changes = {
            k: {"before": before.get(k), "after": v} for k, v in after.items() if before.get(k) != v
        }
        if change and not changes:
            return  # saved without a change of role, unit or status: nothing to record
        record(
            "accounts.user.changed" if change else "accounts.user.created",
            actor=request.user,
            obj=obj,
            changes=changes,
        )
