"""The audit trail: `record()` writes one entry inside the caller's transaction, so a failed
audit write rolls back the business action it describes (等保 8.1.4.3d)."""

import contextvars
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import connection, models, transaction
from django.db.models.fields.files import FieldFile

from .models import AuditEntry


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip_address: str | None = None
    user: object | None = None


_EMPTY = RequestContext()
current_request: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "qingmiao_request", default=None
)


def request_context() -> RequestContext:
    return current_request.get() or _EMPTY


# Fields never written into an audit row in clear text.
_SECRET_FIELDS = {"password", "id_number", "id_number_encrypted", "id_number_digest"}


def _plain(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (date, datetime, Decimal)):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict:
    """A JSON-able picture of an instance's concrete fields, for before/after diffs."""
    data = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in _SECRET_FIELDS:
            continue
        if field.is_relation:
            related = getattr(instance, field.name)
            data[field.name] = str(related) if related is not None else None
        else:
            data[field.name] = _plain(getattr(instance, field.attname))
    return data


def diff(before: dict, after: dict) -> dict:
    keys = set(before) | set(after)
    return {
        key: {"before": before.get(key), "after": after.get(key)}
        for key in sorted(keys)
        if before.get(key) != after.get(key)
    }


def record(
    action: str,
    *,
    actor=None,
    obj: models.Model | None = None,
    changes: dict | None = None,
    outcome: str = AuditEntry.Outcome.SUCCESS,
    extra: dict | None = None,
    username: str = "",
) -> AuditEntry:
    ctx = request_context()
    if actor is None and ctx.user is not None and getattr(ctx.user, "is_authenticated", False):
        actor = ctx.user
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Serialize chain appends across concurrent transactions.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [727001])
        last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
        entry = AuditEntry(
            actor=actor if actor is not None and actor.pk else None,
            actor_username=(actor.username if actor is not None else username)[:150],
            actor_role=getattr(actor, "role", "") or "",
            ip_address=ctx.ip_address,
            request_id=ctx.request_id,
            action=action,
            outcome=outcome,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
            object_repr=str(obj)[:200] if obj is not None else "",
            changes=changes or {},
            extra=extra or {},
            prev_hash=last or "",
        )
        entry.hash = entry.compute_hash()
        entry.save()
    return entry


def verify_chain() -> tuple[bool, int | None]:
    """Walk the chain oldest first; return (ok, id of the first bad entry)."""
    prev = None
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if prev is not None and entry.prev_hash != prev:
            return False, entry.id
        if entry.compute_hash() != entry.hash:
            return False, entry.id
        prev = entry.hash
    return True, None


# --- database-level protection -------------------------------------------------------------

_TABLE = "accounts_auditentry"
_SQLITE_CREATE = [
    f"CREATE TRIGGER IF NOT EXISTS {_TABLE}_no_update BEFORE UPDATE ON {_TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;",
    f"CREATE TRIGGER IF NOT EXISTS {_TABLE}_no_delete BEFORE DELETE ON {_TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;",
]
_SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {_TABLE}_no_update;",
    f"DROP TRIGGER IF EXISTS {_TABLE}_no_delete;",
]
_PG_CREATE = [
    """CREATE OR REPLACE FUNCTION qingmiao_audit_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit entries are append-only'; END; $$ LANGUAGE plpgsql;""",
    f"CREATE OR REPLACE TRIGGER {_TABLE}_no_change BEFORE UPDATE OR DELETE ON {_TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION qingmiao_audit_append_only();",
    f"CREATE OR REPLACE TRIGGER {_TABLE}_no_truncate BEFORE TRUNCATE ON {_TABLE} "
    "FOR EACH STATEMENT EXECUTE FUNCTION qingmiao_audit_append_only();",
]
_PG_DROP = [
    f"DROP TRIGGER IF EXISTS {_TABLE}_no_change ON {_TABLE};",
    f"DROP TRIGGER IF EXISTS {_TABLE}_no_truncate ON {_TABLE};",
]


def _run(conn, statements):
    with conn.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def create_triggers(conn=connection):
    if conn.vendor == "postgresql":
        _run(conn, _PG_CREATE)
    elif conn.vendor == "sqlite":
        _run(conn, _SQLITE_CREATE)


def drop_triggers(conn=connection):
    """Only for flushing a throw-away test database; production never calls this."""
    if conn.vendor == "postgresql":
        _run(conn, _PG_DROP)
    elif conn.vendor == "sqlite":
        _run(conn, _SQLITE_DROP)
