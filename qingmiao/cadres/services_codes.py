"""Actions on reference data, for the system administrator: local codes and tags.

National codes are shipped as data and never deleted: records point at them, and an old
record must keep reading as it was written. A code that should no longer be chosen is
disabled instead. Tags are local; one may be deleted only when no record carries it.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qingmiao.accounts import audit

from .models import CodeItem, CodeTable, Tag

CODE_FIELDS = ("name", "short_name", "is_active")


def _require(actor, perm: str) -> None:
    if not actor.has_perm(perm):
        raise PermissionDenied(perm)


@transaction.atomic
def codeitem_create(*, actor, table: str, code: str, name: str, short_name: str = "") -> CodeItem:
    """Add a local code to a table (a value the national table lacks)."""
    _require(actor, "cadres.manage_codes")
    code, name = code.strip(), name.strip()
    if table not in CodeTable.values:
        raise ValidationError({"table": _("请选择代码表。")})
    if CodeItem.objects.filter(table=table, code=code).exists():
        raise ValidationError({"code": _("该代码表中已有代码“%(code)s”。") % {"code": code}})
    item = CodeItem(table=table, code=code, name=name, short_name=short_name.strip())
    item.full_clean()
    item.save()
    audit.record(
        "cadres.code.created",
        actor=actor,
        obj=item,
        changes=audit.diff({}, audit.snapshot(item, ["table", "code", "name", "short_name"])),
    )
    return item


@transaction.atomic
def codeitem_update(*, actor, item: CodeItem, data: dict) -> CodeItem:
    """Change a code's name, short name or whether it may still be chosen."""
    _require(actor, "cadres.manage_codes")
    item = CodeItem.objects.select_for_update().get(pk=item.pk)
    before = audit.snapshot(item, [*CODE_FIELDS])
    for key in CODE_FIELDS:
        if key in data:
            value = data[key]
            setattr(item, key, value.strip() if isinstance(value, str) else value)
    item.full_clean()
    item.save()
    changes = audit.diff(before, audit.snapshot(item, [*CODE_FIELDS]))
    if changes:
        action = "cadres.code.updated"
        if set(changes) == {"is_active"}:
            action = "cadres.code.enabled" if item.is_active else "cadres.code.disabled"
        audit.record(action, actor=actor, obj=item, changes=changes)
    return item


def _check_tag_name_free(name: str, *, exclude_pk=None) -> None:
    if Tag.objects.filter(name=name).exclude(pk=exclude_pk).exists():
        raise ValidationError({"name": _("已有名为“%(name)s”的标签。") % {"name": name}})


@transaction.atomic
def tag_create(*, actor, name: str, description: str = "") -> Tag:
    _require(actor, "cadres.manage_tags")
    name = name.strip()
    _check_tag_name_free(name)
    tag = Tag(name=name, description=description.strip())
    tag.full_clean()
    tag.save()
    audit.record(
        "cadres.tag.created",
        actor=actor,
        obj=tag,
        changes=audit.diff({}, audit.snapshot(tag, ["name", "description"])),
    )
    return tag


@transaction.atomic
def tag_update(*, actor, tag: Tag, name: str, description: str = "") -> Tag:
    _require(actor, "cadres.manage_tags")
    tag = Tag.objects.select_for_update().get(pk=tag.pk)
    before = audit.snapshot(tag, ["name", "description"])
    tag.name, tag.description = name.strip(), description.strip()
    _check_tag_name_free(tag.name, exclude_pk=tag.pk)
    tag.full_clean()
    tag.save()
    changes = audit.diff(before, audit.snapshot(tag, ["name", "description"]))
    if changes:
        audit.record("cadres.tag.updated", actor=actor, obj=tag, changes=changes)
    return tag


def _tag_relations():
    """Every many-to-many that carries tags: cadre records, and whatever a chain app adds
    (a programme's required tags), read from the model so that none is forgotten."""
    return [
        rel
        for rel in Tag._meta.get_fields(include_hidden=True)
        if rel.auto_created and not rel.concrete and rel.many_to_many
    ]


def _tag_uses(tag: Tag) -> int:
    return sum(
        rel.through._default_manager.filter(**{rel.field.m2m_reverse_field_name(): tag}).count()
        for rel in _tag_relations()
    )


@transaction.atomic
def tag_merge(*, actor, tag: Tag, into: Tag) -> int:
    """Give every record tagged `tag` the tag `into` instead, then remove `tag`.
    Returns how many uses were carried over."""
    _require(actor, "cadres.manage_tags")
    if tag.pk == into.pk:
        raise ValidationError({"into": _("请选择另一个标签。")})
    moved = _tag_uses(tag)
    for rel in _tag_relations():
        through, own, other = (
            rel.through,
            rel.field.m2m_reverse_field_name(),
            rel.field.m2m_field_name(),
        )
        rows = through._default_manager.filter(**{own: tag})
        rows.filter(
            **{f"{other}__in": through._default_manager.filter(**{own: into}).values(other)}
        ).delete()
        rows.update(**{own: into})
    audit.record(
        "cadres.tag.merged",
        actor=actor,
        obj=into,
        changes={"merged_tag": {"before": tag.name, "after": into.name}},
        extra={"uses": moved},
    )
    tag.delete()
    return moved


@transaction.atomic
def tag_delete(*, actor, tag: Tag) -> None:
    _require(actor, "cadres.manage_tags")
    used = _tag_uses(tag)
    if used:
        raise ValidationError(
            _("标签“%(name)s”还在使用（%(n)d 处），不能删除；可先把它合并到其他标签。")
            % {"n": used, "name": tag.name}
        )
    audit.record(
        "cadres.tag.deleted",
        actor=actor,
        obj=tag,
        changes=audit.diff(audit.snapshot(tag, ["name", "description"]), {}),
    )
    tag.delete()
