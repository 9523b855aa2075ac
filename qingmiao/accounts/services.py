"""Account actions, for the security administrator: create, change role and unit, reset a
password, unlock, deactivate. Each is one transaction with its audit entry.

Accounts are never deleted (the audit log refers to them); a person who leaves is deactivated.
Nobody changes their own role, unit or status: a security administrator could otherwise make
themself an org admin and read records (三权分立).
"""

from django.apps import apps
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import audit
from .models import User
from .roles import Role

# The fields whose change the audit log records, in the order people read them.
AUDITED_FIELDS = ("role", "org_unit", "is_active")
PROFILE_FIELDS = ("full_name", "phone")


def _require(actor, perm: str) -> None:
    if not actor.has_perm(perm):
        raise PermissionDenied(perm)


def _picture(user: User) -> dict:
    return {
        "role": user.role,
        "org_unit": str(user.org_unit) if user.org_unit_id else "",
        "is_active": user.is_active,
    }


def _check_password(password: str, user: User, field: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


def _find_cadre(id_number: str, org_unit):
    """The unlinked cadre record with this ID number inside the account's unit subtree.

    The security administrator reads no records, so a record is never picked from a list: the
    person states their ID number and the record is found by its keyed digest, as at sign-up."""
    from qingmiao.cadres import idcard

    Cadre = apps.get_model("cadres", "Cadre")
    try:
        number = idcard.validate(id_number)
    except ValidationError as exc:
        raise ValidationError({"cadre_id_number": exc.messages}) from exc
    if org_unit is None:
        raise ValidationError({"org_unit": _("关联干部档案的账户必须指定所属单位。")})
    cadre = Cadre.objects.filter(
        id_number_digest=idcard.digest(number), unit__path__startswith=org_unit.path
    ).first()
    if cadre is None:
        raise ValidationError(
            {"cadre_id_number": _("所属单位及下属单位中没有这个身份证号码的干部档案。")}
        )
    if cadre.user_id is not None:
        raise ValidationError({"cadre_id_number": _("这份干部档案已关联其他账户。")})
    return cadre


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    password: str,
    role: str,
    org_unit=None,
    full_name: str = "",
    phone: str = "",
    cadre_id_number: str = "",
) -> User:
    _require(actor, "accounts.add_user")
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("用户名“%(name)s”已被使用。") % {"name": username}})
    user = User(username=username, role=role, org_unit=org_unit, full_name=full_name, phone=phone)
    user.full_clean(exclude=["password"])
    _check_password(password, user, "password1")
    cadre = None
    if role == Role.CADRE and cadre_id_number:
        cadre = _find_cadre(cadre_id_number, org_unit)
    user.set_password(password)
    user.save()
    changes = audit.diff({}, _picture(user))
    changes = {key: {"before": None, "after": changes[key]["after"]} for key in AUDITED_FIELDS}
    if cadre is not None:
        cadre.user = user
        cadre.save(update_fields=["user"])
        changes["cadre"] = {"before": None, "after": str(cadre)}
    audit.record("accounts.user.created", actor=actor, obj=user, changes=changes)
    return user


@transaction.atomic
def user_update(*, actor, user: User, data: dict) -> User:
    """Change an account's name, phone, role, unit or status. Only changes of role, unit and
    status are audited (the name and phone are not security facts)."""
    _require(actor, "accounts.change_user")
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.pk == actor.pk and any(
        key in data and data[key] != getattr(user, key) for key in AUDITED_FIELDS
    ):
        raise ValidationError(
            {"role": _("不能修改自己的角色、所属单位或状态，请由另一位安全管理员办理。")}
        )
    before = _picture(user)
    for key in (*AUDITED_FIELDS, *PROFILE_FIELDS):
        if key in data:
            setattr(user, key, data[key])
    user.full_clean(exclude=["password"])
    user.save()
    changes = audit.diff(before, _picture(user))
    if changes:
        action = "accounts.user.changed"
        if set(changes) == {"is_active"}:
            action = "accounts.user.reactivated" if user.is_active else "accounts.user.deactivated"
        audit.record(action, actor=actor, obj=user, changes=changes)
    return user


@transaction.atomic
def user_password_reset(*, actor, user: User, password: str) -> User:
    _require(actor, "accounts.reset_password")
    user = User.objects.select_for_update().get(pk=user.pk)
    _check_password(password, user, "password1")
    user.set_password(password)
    user.save(update_fields=["password", "password_changed_at"])
    audit.record("accounts.password.reset", actor=actor, obj=user)
    return user


def is_locked(user: User) -> bool:
    from axes.helpers import get_failure_limit
    from axes.models import AccessAttempt

    return AccessAttempt.objects.filter(
        username=user.username, failures_since_start__gte=get_failure_limit(None, None)
    ).exists()


@transaction.atomic
def user_unlock(*, actor, user: User) -> int:
    """Clear the failed sign-ins that locked the account; returns how many records went."""
    from axes.utils import reset

    _require(actor, "accounts.unlock_user")
    if not is_locked(user):
        raise ValidationError(_("该账户没有被锁定。"))
    cleared = reset(username=user.username)
    audit.record("accounts.user.unlocked", actor=actor, obj=user, extra={"cleared": cleared})
    return cleared
