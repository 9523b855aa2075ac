"""What every change of the curriculum checks and how it saves and audits (see curriculum.py)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from qingmiao.accounts import audit, scoping
from qingmiao.cadres.models import OrgUnit
from qingmiao.selection.models import Program

MANAGE = "cultivation.manage_curriculum"


def _require(actor) -> None:
    if not actor.has_perm(MANAGE):
        raise PermissionDenied(MANAGE)


def _in_subtree(actor, organizer_id) -> bool:
    subtree = scoping.unit_subtree_filter(actor, "pk")
    if subtree is None:
        return False
    return OrgUnit.objects.filter(subtree, pk=organizer_id).exists()


def _require_managed(actor, obj: models.Model) -> None:
    """The record's organizer lies in the actor's subtree (the pages' managed getters say 404
    before this; the service refuses on its own too)."""
    _require(actor)
    if not _in_subtree(actor, obj.organizer_id):  # type: ignore[attr-defined]
        raise PermissionDenied("organizer outside scope")


def _check_organizer(actor, organizer) -> None:
    if organizer is None:
        raise ValidationError({"organizer": _("请选择主办单位。")})
    if not _in_subtree(actor, organizer.pk):
        raise ValidationError({"organizer": _("只能选择本单位及下属单位作为主办单位。")})


def _not_negative(errors: dict, field: str, value) -> None:
    if value is not None and Decimal(value) < 0:
        errors[field] = _("学时不能为负数。")


def _duplicate(model, obj, errors: dict, field: str, message: str, **extra) -> None:
    """A name already used by another record of the same organizer."""
    value = (getattr(obj, field) or "").strip()
    if not value:
        return
    others = model.objects.filter(organizer_id=obj.organizer_id, **{field: value}, **extra)
    if obj.pk:
        others = others.exclude(pk=obj.pk)
    if others.exists():
        errors[field] = message


def _foreign(items: Iterable, organizer_id) -> list[str]:
    """Names of the chosen records that belong to another organizer."""
    return [str(item) for item in items if item.organizer_id != organizer_id]


def _snap(obj, m2m: Iterable[str] = ()) -> dict:
    data = audit.snapshot(obj)
    for name in m2m:
        data[name] = sorted(str(x) for x in getattr(obj, name).all())
    data.pop("signin_secret", None)
    return data


def _save(
    *,
    actor,
    obj: models.Model,
    data: dict,
    fields: list[str],
    event: str,
    check: Callable[[models.Model, dict, dict], None],
    m2m: dict[str, Any] | None = None,
) -> Any:
    """Apply `data` to `obj`, run the resource's `check` (which adds field errors), validate,
    save, set the many-to-many relations and audit — or refuse with every error at once."""
    created = obj.pk is None
    m2m = {k: v for k, v in (m2m or {}).items() if v is not None}
    before = {} if created else _snap(obj, m2m)
    if "organizer" in data and data["organizer"] is None:
        data = {k: v for k, v in data.items() if k != "organizer"}
    if created and "organizer" not in data:
        data = {**data, "organizer": actor.org_unit}
    if "organizer" in data:
        _check_organizer(actor, data["organizer"])
    for key, value in data.items():
        if key in fields:
            setattr(obj, key, value.strip() if isinstance(value, str) else value)
    errors: dict = {}
    check(obj, m2m, errors)
    # The model's own rules (required fields, lengths, choices); the resource's checks above
    # already said the rest in plainer words, so constraints are not asked twice.
    try:
        obj.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, messages)
    if errors:
        raise ValidationError(errors)
    obj.save()
    for name, values in m2m.items():
        getattr(obj, name).set(values)
    after = _snap(obj, m2m)
    changes = audit.diff(before, after)
    action = f"{event}.{'created' if created else 'updated'}"
    audit.record(action, actor=actor, obj=obj, changes=changes)
    return obj


def _delete(*, actor, obj: models.Model, event: str, in_use: str | None) -> None:
    _require_managed(actor, obj)
    if in_use:
        raise ValidationError(in_use)
    audit.record(f"{event}.deleted", actor=actor, obj=obj, changes=audit.diff(_snap(obj), {}))
    obj.delete()


def _programs_check(actor, programs, errors) -> None:
    if programs and scoping.visible(actor, Program).filter(
        pk__in=[p.pk for p in programs]
    ).count() != len({p.pk for p in programs}):
        errors["programs"] = _("只能选择您可以查看的培养项目。")


Check = Callable[[models.Model, dict, dict], None]


@dataclass(frozen=True)
class Kind:
    """One resource of the catalogue, as its create and update share it: the model, the fields
    a change may set, the audit event's stem and the checks (made for the acting user)."""

    model: type[models.Model]
    fields: list[str]
    event: str
    check: Callable[[Any], Check]


def _create(kind: Kind, *, actor, data: dict, m2m: dict | None = None, obj=None) -> Any:
    _require(actor)
    return _save(
        actor=actor,
        obj=obj if obj is not None else kind.model(),
        data=data,
        fields=kind.fields,
        event=kind.event,
        check=kind.check(actor),
        m2m=m2m,
    )


def _update(
    kind: Kind, *, actor, obj, data: dict, m2m: dict | None = None, check: Check | None = None
) -> Any:
    _require_managed(actor, obj)
    return _save(
        actor=actor,
        obj=obj,
        data=data,
        fields=kind.fields,
        event=kind.event,
        check=check or kind.check(actor),
        m2m=m2m,
    )
