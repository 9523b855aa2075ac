"""Figures cached until their data changes.

A kind of data (e.g. "cadres": the cadre, unit, code and tag tables) has one `ListVersion` row.
Database triggers on each of its tables give the row a new random token in the same statement
as any write — a service's save, an import's bulk insert, a unit move's raw SQL, the demo
build's COPY, a cascade — so no path that writes the data can forget to, and the new token is
visible exactly when the write is (same transaction). A figure worked out from those tables (a
list's count, a drop-down's options, the home page's totals) is cached under the token: a
write makes the next view work it out again, and until then every view reads it from the cache.

    snapshot = versions.Snapshot("cadres")           # one query: the current tokens
    total = snapshot.count(queryset)                   # cached while the tokens stay the same
    units = snapshot.rows(unit_queryset)               # the same for a list of rows

A query is cached only when every table it reads is covered by the snapshot's kinds of data
(checked on its SQL): a scope that also reads other tables (a mentor's pairs, a rater's
assignments) is worked out on every view rather than risk a stale answer. The query's SQL and
parameters are part of the key, so the scope (a unit's path, a user's id) and every filter
value (an age filter's date) key their own figure.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from functools import cache as memoize
from typing import Any, TypeVar

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet

from .models import ListVersion

T = TypeVar("T")

# How long a cached figure may stay unread before the cache drops it. Correctness does not
# depend on it (a new token makes new keys); it only bounds the memory of old keys.
TIMEOUT = 24 * 3600

_covered: dict[str, frozenset[str]] = {}


def register(key: str, tables: Iterable[str]) -> None:
    """Declare which tables' triggers bump `key` (the app's ready() calls this with the tables
    its migration put triggers on)."""
    _covered[key] = frozenset(tables)


def tokens(*keys: str) -> dict[str, int]:
    return dict(ListVersion.objects.filter(key__in=keys).values_list("key", "token"))


@memoize
def _all_tables() -> frozenset[str]:
    return frozenset(
        m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.db_table
    )


def tables_read(sql: str) -> set[str]:
    """The tables a compiled query names (quoted identifiers that are table names)."""
    return set(re.findall(r'"(\w+)"', sql)) & _all_tables()


class Snapshot:
    """The tokens of some kinds of data, read once for a page."""

    def __init__(self, *keys: str):
        self.keys = keys
        self.tokens = tokens(*keys)
        self.tables = frozenset().union(*(_covered.get(k, frozenset()) for k in keys))
        # A kind with no row yet (a database emptied by a test's flush) is never cached.
        self.usable = all(k in self.tokens for k in keys)

    def _key(self, name: str, parts: Iterable[Any]) -> str:
        digest = hashlib.sha256(
            repr((sorted(self.tokens.items()), tuple(parts))).encode()
        ).hexdigest()
        return f"qm:v:{name}:{digest}"

    def cached(self, name: str, compute: Callable[[], T], *querysets: QuerySet, **parts) -> T:
        """compute(), cached under the tokens, the querysets' SQL and `parts`, when every
        table those querysets read is covered; otherwise compute() every time. Without
        querysets the caller vouches that compute() reads only covered tables (reference
        data the same for every reader, e.g. the code and tag lists)."""
        compiled = []
        for qs in querysets:
            try:
                sql, params = qs.query.sql_with_params()
            except EmptyResultSet:  # .none() or an empty IN: nothing to read, nothing to cache
                return compute()
            if not self.usable or not tables_read(sql) <= self.tables:
                return compute()
            compiled.append((sql, tuple(params)))
        key = self._key(name, (compiled, sorted(parts.items())))
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, TIMEOUT)
        return value

    def count(self, queryset: QuerySet) -> int:
        # Keyed on the rows it counts (joins and conditions), not on the columns a page of them
        # would read or their order: a smaller query to compile, the same key for every sort.
        key = queryset.select_related(None).order_by().values("pk")
        return self.cached("count", queryset.count, key)

    def rows(self, queryset: QuerySet) -> list:
        """The rows of a values() / values_list() queryset, as a list."""
        return self.cached("rows", lambda: list(queryset), queryset)


# --- the triggers --------------------------------------------------------------------------

_PG_FUNCTION = """CREATE OR REPLACE FUNCTION qingmiao_list_version_bump() RETURNS trigger AS $$
BEGIN
  INSERT INTO core_listversion (key, token)
  VALUES (TG_ARGV[0], floor(random() * 9007199254740991)::bigint)
  ON CONFLICT (key) DO UPDATE SET token = EXCLUDED.token;
  RETURN NULL;
END; $$ LANGUAGE plpgsql;"""


def _trigger(table: str, key: str) -> str:
    return f"{table}_v_{key}"


def create_triggers(conn, key: str, tables: Iterable[str]) -> None:
    """Put a trigger on each table that gives `key` a new token on any insert, update or
    delete. PostgreSQL: once per statement (a COPY of 100,000 rows bumps it once). SQLite:
    once per row (SQLite has no statement triggers; a row update is cheap in-process)."""
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION)
            for table in tables:
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {_trigger(table, key)} "
                    f"AFTER INSERT OR UPDATE OR DELETE ON {table} FOR EACH STATEMENT "
                    f"EXECUTE FUNCTION qingmiao_list_version_bump('{key}')"
                )
        elif conn.vendor == "sqlite":
            # Two plain statements rather than INSERT OR REPLACE / ON CONFLICT: SQLite applies
            # the outer statement's conflict clause (bulk_create's OR IGNORE) inside a trigger.
            # `key` and the tables are the app's own constants, never user input.
            bump = (
                f"UPDATE core_listversion SET token = random() WHERE key = '{key}'; "  # noqa: S608
                f"INSERT INTO core_listversion (key, token) SELECT '{key}', random() "
                f"WHERE NOT EXISTS (SELECT 1 FROM core_listversion WHERE key = '{key}');"
            )
            for table in tables:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    cursor.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {_trigger(table, key)}_{event.lower()} "
                        f"AFTER {event} ON {table} BEGIN {bump} END;"
                    )


def drop_triggers(conn, key: str, tables: Iterable[str]) -> None:
    with conn.cursor() as cursor:
        for table in tables:
            if conn.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {_trigger(table, key)} ON {table}")
            elif conn.vendor == "sqlite":
                for event in ("insert", "update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {_trigger(table, key)}_{event}")
