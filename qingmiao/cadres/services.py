"""Actions that change the cadre registry. Each is one transaction with its audit entry, and
is called alike by the pages, the API and imports."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Model
from django.utils.translation import gettext as _

from qingmiao.accounts import audit
from qingmiao.core.errors import StaleVersion

from . import idcard
from .models import Cadre


class StaleRecord(StaleVersion):
    """Someone else saved the record after this user opened it."""


SECTION_MODELS = {
    "resume": "resume_entries",
    "family": "family_members",
    "rewards": "rewards_punishments",
    "appraisals": "appraisals",
}


def _require(actor, perm: str) -> None:
    if not actor.has_perm(perm):
        raise PermissionDenied(perm)


def _check_unit_in_scope(actor, unit) -> None:
    from qingmiao.accounts import scoping

    from .models import OrgUnit

    if not scoping.visible(actor, OrgUnit).filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("只能选择本单位及下属单位。")})


@transaction.atomic
def cadre_create(*, actor, data: dict, id_number: str = "", tags=()) -> Cadre:
    _require(actor, "cadres.add_cadre")
    _check_unit_in_scope(actor, data["unit"])
    cadre = Cadre(**data)
    cadre.id_number = id_number
    cadre.full_clean(exclude=["id_number_digest"])
    _check_id_unique(cadre)
    cadre.save()
    if tags:
        cadre.tags.set(tags)
    after = audit.snapshot(cadre)
    if id_number:
        after["id_number"] = cadre.id_number_masked
    audit.record("cadres.record.created", actor=actor, obj=cadre, changes=audit.diff({}, after))
    return cadre


def _check_id_unique(cadre: Cadre) -> None:
    if cadre.id_number_digest and (
        Cadre.objects.filter(id_number_digest=cadre.id_number_digest).exclude(pk=cadre.pk).exists()
    ):
        raise ValidationError({"id_number": _("该身份证号码已登记在另一份干部档案中。")})


@transaction.atomic
def cadre_update(
    *,
    actor,
    cadre: Cadre,
    data: dict,
    expected_version: int,
    id_number: str | None = None,
    tags=None,
) -> Cadre:
    """Apply edited fields. `expected_version` is the version the editor loaded: if the row
    has moved on since, nothing is written and the editor is told (optimistic locking)."""
    _require(actor, "cadres.change_cadre")
    locked = Cadre.objects.select_for_update().get(pk=cadre.pk)
    if locked.version != expected_version:
        raise StaleRecord(_("该档案已被他人修改，请刷新后重新编辑。"), code="stale")
    if "unit" in data and data["unit"].pk != locked.unit_id:
        _check_unit_in_scope(actor, data["unit"])
    before = audit.snapshot(locked)
    old_id = locked.id_number
    old_tags = sorted(t.name for t in locked.tags.all())
    for key, value in data.items():
        setattr(locked, key, value)
    if id_number is not None and id_number != old_id:
        locked.id_number = id_number
    locked.version += 1
    locked.full_clean(exclude=["id_number_digest"])
    _check_id_unique(locked)
    locked.save()
    changes = audit.diff(before, audit.snapshot(locked))
    changes.pop("version", None)
    changes.pop("updated_at", None)
    if id_number is not None and id_number != old_id:
        changes["id_number"] = {
            "before": idcard.mask(old_id),
            "after": locked.id_number_masked,
        }
    if tags is not None:
        locked.tags.set(tags)
        new_tags = sorted(t.name for t in tags)
        if new_tags != old_tags:
            changes["tags"] = {"before": old_tags, "after": new_tags}
    audit.record("cadres.record.updated", actor=actor, obj=locked, changes=changes)
    return locked


@transaction.atomic
def cadre_delete(*, actor, cadre: Cadre) -> None:
    """Delete a record. The audit entry keeps the full before-picture, so nothing is lost."""
    _require(actor, "cadres.delete_cadre")
    before = audit.snapshot(cadre)
    before["id_number"] = cadre.id_number_masked
    audit.record(
        "cadres.record.deleted",
        actor=actor,
        obj=cadre,
        changes=audit.diff(before, {}),
    )
    cadre.delete()


@transaction.atomic
def cadre_section_save(*, actor, cadre: Cadre, section: str, formset) -> None:
    """Save one section (resume, family...) from a validated formset, all rows or none."""
    _require(actor, "cadres.change_cadre")
    # Read the rows from the database: `cadre` usually comes with the sections prefetched,
    # and that cache would show the same rows before and after the save.
    model = Cadre._meta.get_field(SECTION_MODELS[section]).related_model
    if not (isinstance(model, type) and issubclass(model, Model)):
        raise ValueError(f"Section {section!r} has no model.")
    before = [audit.snapshot(row) for row in model._default_manager.filter(cadre=cadre)]
    formset.save()
    Cadre.objects.filter(pk=cadre.pk).update(version=F("version") + 1)
    after = [audit.snapshot(row) for row in model._default_manager.filter(cadre=cadre)]
    for rows in (before, after):
        for row in rows:
            row.pop("id", None)
            row.pop("cadre", None)
    audit.record(
        f"cadres.{section}.updated",
        actor=actor,
        obj=cadre,
        changes={section: {"before": before, "after": after}} if before != after else {},
    )


def sensitive_viewed(*, actor, cadre: Cadre, fields: list[str], channel: str) -> None:
    """Record that `actor` saw `fields` of `cadre` unmasked (page, API or export)."""
    audit.record(
        "cadres.sensitive.viewed",
        actor=actor,
        obj=cadre,
        extra={"fields": fields, "channel": channel},
    )
