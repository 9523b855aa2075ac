"""The audit log as people read it: event names, field labels and values in plain Chinese.

Entries keep their dotted codes and field names (they are hashed as written and never change);
this module only translates them for the screen. Each app describes its own events in an
`audit_events.py` module holding

    EVENTS = {"cadres.orgunit.moved": _("移动单位"), ...}
    FIELDS = {"parent": _("上级单位"), ...}      # keys that are not fields of the object's model

which is found the first time a label is needed, so an app adds events without touching this
file. A code nobody described still reads as words (“修改单位”), never as the code itself.
"""

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import Promise
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

_events: dict[str, Promise | str] = {}
_fields: dict[str, Promise | str] = {}
_loaded = False

# How an undescribed code's last part reads, so a new event is legible before it is described.
VERBS = {
    "created": gettext_lazy("新建"),
    "updated": gettext_lazy("修改"),
    "changed": gettext_lazy("修改"),
    "saved": gettext_lazy("保存"),
    "deleted": gettext_lazy("删除"),
    "moved": gettext_lazy("移动"),
    "merged": gettext_lazy("合并"),
    "submitted": gettext_lazy("提交"),
    "confirmed": gettext_lazy("确认"),
    "withdrawn": gettext_lazy("撤回"),
    "assigned": gettext_lazy("分配"),
    "opened": gettext_lazy("开启"),
    "closed": gettext_lazy("关闭"),
    "enabled": gettext_lazy("启用"),
    "disabled": gettext_lazy("停用"),
    "viewed": gettext_lazy("查看"),
    "exported": gettext_lazy("导出"),
    "imported": gettext_lazy("导入"),
    "sent": gettext_lazy("发送"),
    "failed": gettext_lazy("失败"),
}


def register(events: dict | None = None, fields: dict | None = None) -> None:
    _events.update(events or {})
    _fields.update(fields or {})


def _load() -> None:
    global _loaded
    if _loaded:
        return
    for config in apps.get_app_configs():
        if config.name.startswith("qingmiao.") and module_has_submodule(
            config.module, "audit_events"
        ):
            module = import_module(f"{config.name}.audit_events")
            register(getattr(module, "EVENTS", {}), getattr(module, "FIELDS", {}))
    _loaded = True


def known_events() -> dict[str, Promise | str]:
    _load()
    return dict(_events)


def _model(object_type: str):
    try:
        return apps.get_model(object_type) if object_type else None
    except (LookupError, ValueError):
        return None


def event_label(action: str, object_type: str = "") -> str:
    _load()
    if action in _events:
        return str(_events[action])
    verb = VERBS.get(action.rsplit(".", 1)[-1])
    model = _model(object_type)
    thing = str(model._meta.verbose_name) if model is not None else ""
    if verb and thing:
        return f"{verb}{thing}"
    if thing:
        return _("%(thing)s相关操作") % {"thing": thing}
    return _("其他系统事件")


def field_label(key: str, object_type: str = "") -> str:
    _load()
    model = _model(object_type)
    if model is not None:
        try:
            return str(model._meta.get_field(key).verbose_name)
        except FieldDoesNotExist:
            pass
    return str(_fields.get(key, key))


def _value(value, model, key: str) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, list):
        return "；".join(_value(v, None, "") for v in value) or "—"
    if isinstance(value, dict):
        return "，".join(str(v) for v in value.values() if v not in (None, "")) or "—"
    if model is not None:
        try:
            choices = dict(model._meta.get_field(key).flatchoices)
        except FieldDoesNotExist:
            choices = {}
        if value in choices:
            return str(choices[value])
    return str(value)


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class Row:
    """One entry, ready for the ledger's table."""

    entry: object
    event: str
    thing: str = ""
    changes: list[Change] = field(default_factory=list)
    extra: list[tuple[str, str]] = field(default_factory=list)


def rows(entries) -> list[Row]:
    """Translate entries for display; pure Python on rows already fetched, so a page of the
    ledger costs the same queries whatever it shows."""
    result = []
    for entry in entries:
        model = _model(entry.object_type)
        changes = []
        for key, change in (entry.changes or {}).items():
            if isinstance(change, dict) and {"before", "after"} <= set(change):
                before, after = change["before"], change["after"]
            else:
                before, after = None, change
            changes.append(
                Change(
                    field_label(key, entry.object_type),
                    _value(before, model, key),
                    _value(after, model, key),
                )
            )
        extra = [
            (field_label(key), _value(value, None, key))
            for key, value in (entry.extra or {}).items()
        ]
        thing = str(model._meta.verbose_name) if model is not None else ""
        result.append(
            Row(entry, event_label(entry.action, entry.object_type), thing, changes, extra)
        )
    return result
