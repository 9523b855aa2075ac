"""Actions on the org-unit tree, for the system administrator: add, edit, move, merge.

Each is one transaction with its audit entry. The tree is a treebeard materialized path, so a
move rewrites the paths of a whole subtree; doing it inside the transaction keeps the tree and
the records that point at it consistent if anything fails half-way.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qingmiao.accounts import audit, scoping

from .models import Cadre, OrgUnit

# What the edit form may change; the tree position changes only through a move.
EDITABLE_FIELDS = ("name", "short_name", "code", "unit_type", "is_remote", "division")


def _require(actor, perm: str) -> None:
    if not actor.has_perm(perm):
        raise PermissionDenied(perm)


def _in_scope(actor, unit: OrgUnit, field: str) -> None:
    if not scoping.visible(actor, OrgUnit).filter(pk=unit.pk).exists():
        raise ValidationError({field: _("只能选择本单位及下属单位。")})


def _check_code_free(code: str, *, exclude_pk=None) -> None:
    taken = OrgUnit.objects.filter(code=code).exclude(pk=exclude_pk).first()
    if taken is not None:
        raise ValidationError(
            {"code": _("单位代码“%(code)s”已由“%(name)s”使用。") % {"code": code, "name": taken}}
        )


def _validate(unit: OrgUnit) -> None:
    unit.full_clean(exclude=["path", "depth", "numchild", "code", "sort"])


@transaction.atomic
def orgunit_create(*, actor, parent: OrgUnit, data: dict) -> OrgUnit:
    """Add a unit under `parent`; `data` holds the editable fields."""
    _require(actor, "cadres.manage_orgunits")
    _in_scope(actor, parent, "parent")
    values = {key: data[key] for key in EDITABLE_FIELDS if key in data}
    _check_code_free(values.get("code", ""))
    _validate(OrgUnit(**values))
    parent = OrgUnit.objects.get(pk=parent.pk)  # a fresh path and child count
    unit = OrgUnit.objects.get(pk=OrgUnit.objects.add_child(parent, values).pk)
    after = audit.snapshot(unit, [*EDITABLE_FIELDS])
    after["parent"] = str(parent)
    audit.record("cadres.orgunit.created", actor=actor, obj=unit, changes=audit.diff({}, after))
    return unit


@transaction.atomic
def orgunit_update(*, actor, unit: OrgUnit, data: dict) -> OrgUnit:
    _require(actor, "cadres.manage_orgunits")
    _in_scope(actor, unit, "unit")
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    before = audit.snapshot(unit, [*EDITABLE_FIELDS])
    for key in EDITABLE_FIELDS:
        if key in data:
            setattr(unit, key, data[key])
    _check_code_free(unit.code, exclude_pk=unit.pk)
    _validate(unit)
    unit.save()
    changes = audit.diff(before, audit.snapshot(unit, [*EDITABLE_FIELDS]))
    if changes:
        audit.record("cadres.orgunit.updated", actor=actor, obj=unit, changes=changes)
    return unit


def _refuse_own_subtree(unit: OrgUnit, target: OrgUnit, field: str, message: str) -> None:
    if target.pk == unit.pk or target.path.startswith(unit.path):
        raise ValidationError({field: message})


@transaction.atomic
def orgunit_move(*, actor, unit: OrgUnit, parent: OrgUnit) -> OrgUnit:
    """Move `unit` with everything under it to become a child of `parent`."""
    _require(actor, "cadres.manage_orgunits")
    _in_scope(actor, unit, "unit")
    _in_scope(actor, parent, "parent")
    unit = OrgUnit.objects.get(pk=unit.pk)
    parent = OrgUnit.objects.get(pk=parent.pk)
    _refuse_own_subtree(
        unit, parent, "parent", _("不能把单位移到它自己或它的下级单位之下，请另选上级单位。")
    )
    old_parent = OrgUnit.objects.get_parent(unit)
    if old_parent is not None and old_parent.pk == parent.pk:
        raise ValidationError({"parent": _("该单位已在所选上级单位之下。")})
    OrgUnit.objects.move(unit, parent, pos="sorted-child")
    unit = OrgUnit.objects.get(pk=unit.pk)
    audit.record(
        "cadres.orgunit.moved",
        actor=actor,
        obj=unit,
        changes={"parent": {"before": str(old_parent or ""), "after": str(parent)}},
    )
    return unit


def _repoint_references(unit: OrgUnit, into: OrgUnit) -> dict[str, int]:
    """Point every other record that refers to `unit` at `into`; counts per model.

    Done from the model's own list of relations, so a chain app that adds a reference to a unit
    (a programme's host unit, a rule's units) is carried over without this module knowing it."""
    counts: dict[str, int] = {}
    # Hidden relations too: a chain app's reference is often declared with related_name="+".
    relations = [
        f
        for f in OrgUnit._meta.get_fields(include_hidden=True)
        if f.auto_created and not f.concrete
    ]
    for rel in relations:
        model = rel.related_model
        if rel.many_to_many:
            through = rel.through
            own = rel.field.m2m_reverse_field_name()  # the through-table column for the unit
            other = rel.field.m2m_field_name()
            rows = through._default_manager.filter(**{own: unit})
            already = through._default_manager.filter(**{own: into}).values(other)
            rows.filter(**{f"{other}__in": already}).delete()
            moved = rows.update(**{own: into})
        elif model._meta.auto_created:
            continue  # an automatic many-to-many table: handled through its many-to-many
        elif rel.one_to_many or rel.one_to_one:
            moved = model._base_manager.filter(**{rel.field.name: unit}).update(
                **{rel.field.name: into}
            )
        else:
            continue
        if moved:
            counts[model._meta.label_lower] = counts.get(model._meta.label_lower, 0) + moved
    return counts


def cadre_count(unit: OrgUnit) -> int:
    """How many cadres a unit holds directly: the merge screen must say so, without listing
    them to a system administrator, who reads no records."""
    return Cadre.objects.filter(unit=unit).count()


@transaction.atomic
def orgunit_merge(
    *, actor, unit: OrgUnit, into: OrgUnit, cadres_to: OrgUnit | None = None
) -> dict[str, int]:
    """Merge `unit` into `into`: its child units move under `into`, its accounts and every other
    reference go to `into`, its cadres go to `cadres_to` (which the user must name when there
    are any), and the unit is removed. Returns how many of each moved."""
    _require(actor, "cadres.manage_orgunits")
    _in_scope(actor, unit, "unit")
    _in_scope(actor, into, "into")
    unit = OrgUnit.objects.get(pk=unit.pk)
    into = OrgUnit.objects.get(pk=into.pk)
    _refuse_own_subtree(unit, into, "into", _("不能并入该单位自己或它的下级单位，请另选目标单位。"))
    held = cadre_count(unit)
    if held and cadres_to is None:
        raise ValidationError(
            {
                "cadres_to": _("该单位还有 %(n)d 名干部，请选择他们转入的单位后再合并。")
                % {"n": held}
            }
        )
    if cadres_to is not None:
        _in_scope(actor, cadres_to, "cadres_to")
        if cadres_to.pk == unit.pk:
            raise ValidationError({"cadres_to": _("干部不能转入将被撤并的单位。")})
        Cadre.objects.filter(unit=unit).update(unit=cadres_to)
    children = list(OrgUnit.objects.get_children(unit))
    for child in children:
        # Fresh rows each time: a move rewrites paths and child counts behind the instances.
        OrgUnit.objects.move(
            OrgUnit.objects.get(pk=child.pk), OrgUnit.objects.get(pk=into.pk), pos="sorted-child"
        )
    references = _repoint_references(unit, into)
    counts = {
        "cadres": held,
        "users": references.pop("accounts.user", 0),
        "children": len(children),
        "other": sum(references.values()),
    }
    name = str(unit)
    audit.record(
        "cadres.orgunit.merged",
        actor=actor,
        obj=into,
        changes={"merged_unit": {"before": name, "after": str(into)}},
        extra={
            "merged_unit_id": unit.pk,
            "cadres_to": str(cadres_to) if cadres_to is not None else "",
            **counts,
        },
    )
    OrgUnit.objects.get(pk=unit.pk).delete()
    return counts
