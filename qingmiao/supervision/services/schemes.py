"""Assessment schemes (考察方案): creating one, and editing it — which writes a new version
once a round has used the current one, so a past result never changes with new weights."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingmiao.accounts import audit

from ..models import Scheme, SchemeDimension, SchemeVersion

HUNDRED = Decimal(100)
VERSION_FIELDS = ("scale_min", "scale_max", "scale_step", "weight_task", "weight_host",
                  "weight_ledger", "note")  # fmt: skip


def require(actor, perm: str) -> None:
    if not actor.has_perm(perm):
        raise PermissionDenied(perm)


def _number(value, field: str, errors: dict) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        errors[field] = _("请填写数字。")
        return Decimal(0)
    if not number.is_finite() or number < 0:
        errors[field] = _("请填写不小于 0 的数字。")
        return Decimal(0)
    return number


def _check(data: dict) -> dict:
    """Every rule of a version, collected so the form shows them all at once; the cleaned
    values."""
    errors: dict = {}
    clean: dict[str, Any] = {
        f: _number(data.get(f), f, errors) for f in VERSION_FIELDS if f != "note"
    }
    clean["note"] = (data.get("note") or "").strip()
    if "scale_max" not in errors and clean["scale_max"] <= clean["scale_min"]:
        errors["scale_max"] = _("最高分须大于最低分。")
    if "scale_step" not in errors and clean["scale_step"] <= 0:
        errors["scale_step"] = _("计分步长须大于 0。")
    sources = clean["weight_task"] + clean["weight_host"] + clean["weight_ledger"]
    weights_typed = not any(f in errors for f in ("weight_task", "weight_host", "weight_ledger"))
    if weights_typed and sources != HUNDRED:
        errors["weight_task"] = _("三项评价来源的权重合计须为 100，现为 %(n)s。") % {
            "n": f"{sources.normalize():f}"
        }
    dimensions: list[dict[str, Any]] = []
    names = set()
    for i, row in enumerate(data.get("dimensions") or []):
        name = (row.get("name") or "").strip()
        if not name:
            continue
        weight = _number(row.get("weight"), f"dimensions.{i}.weight", errors)
        if weight <= 0 and f"dimensions.{i}.weight" not in errors:
            errors[f"dimensions.{i}.weight"] = _("权重须大于 0。")
        if name in names:
            errors[f"dimensions.{i}.name"] = _("维度名称重复。")
        names.add(name)
        dimensions.append(
            {"name": name, "weight": weight, "descriptors": (row.get("descriptors") or "").strip()}
        )
    if not dimensions:
        errors["dimensions"] = _("至少要有一个考察维度。")
    elif not any(k.startswith("dimensions.") for k in errors):
        total = sum((d["weight"] for d in dimensions), Decimal(0))
        if total != HUNDRED:
            errors["dimensions"] = _("各维度权重合计须为 100，现为 %(n)s。") % {
                "n": f"{total.normalize():f}"
            }
    if errors:
        raise ValidationError(errors)
    clean["dimensions"] = dimensions
    return clean


def _write_version(scheme: Scheme, number: int, clean: dict, actor) -> SchemeVersion:
    version = SchemeVersion.objects.create(
        scheme=scheme,
        number=number,
        created_by=actor,
        **{f: clean[f] for f in VERSION_FIELDS},
    )
    SchemeDimension.objects.bulk_create(
        SchemeDimension(version=version, order=i, **d) for i, d in enumerate(clean["dimensions"])
    )
    return version


@transaction.atomic
def scheme_create(*, actor, data: dict) -> Scheme:
    require(actor, "supervision.manage_schemes")
    name = (data.get("name") or "").strip()
    errors: dict = {}
    if not name:
        errors["name"] = _("请填写方案名称。")
    try:
        clean = _check(data)
    except ValidationError as exc:
        errors |= exc.message_dict
    if errors:
        raise ValidationError(errors)
    scheme = Scheme.objects.create(name=name, unit=actor.org_unit)
    version = _write_version(scheme, 1, clean, actor)
    audit.record(
        "supervision.scheme.created",
        actor=actor,
        obj=scheme,
        extra={"version": version.number, "dimensions": [d["name"] for d in clean["dimensions"]]},
    )
    return scheme


@transaction.atomic
def scheme_update(*, actor, scheme: Scheme, data: dict) -> SchemeVersion:
    """Change the scheme: in place while no round uses its current version, otherwise as a new
    version (the rounds keep theirs). Returns the version now current."""
    require(actor, "supervision.manage_schemes")
    clean = _check(data)
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    name = (data.get("name") or "").strip()
    if name and name != scheme.name:
        scheme.name = name
        scheme.save(update_fields=["name"])
    current = scheme.current
    if current.frozen_at is None:
        current.dimensions.all().delete()
        for f in VERSION_FIELDS:
            setattr(current, f, clean[f])
        current.save()
        SchemeDimension.objects.bulk_create(
            SchemeDimension(version=current, order=i, **d)
            for i, d in enumerate(clean["dimensions"])
        )
        version, created = current, False
    else:
        version, created = _write_version(scheme, current.number + 1, clean, actor), True
    audit.record(
        "supervision.scheme.updated",
        actor=actor,
        obj=scheme,
        extra={
            "version": version.number,
            "new_version": created,
            "dimensions": [f"{d['name']} {d['weight']}" for d in clean["dimensions"]],
        },
    )
    return version


def freeze(version: SchemeVersion) -> None:
    """A round now uses the version: from now on it is never edited in place."""
    if version.frozen_at is None:
        SchemeVersion.objects.filter(pk=version.pk, frozen_at__isnull=True).update(
            frozen_at=timezone.now()
        )
        version.refresh_from_db(fields=["frozen_at"])
