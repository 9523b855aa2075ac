"""Writing many rows given as plain tuples, without a model instance per row.

Building a model instance costs more than the database's work for it (every foreign key goes
through its descriptor, every value through its field), and at a hundred thousand cadres with
their records, applications, rater assignments and score sheets that was most of the demo
district's build. Here a row is a tuple of the values a model's fields hold (ids for foreign
keys); columns left out take the field's default, and `auto_now` stamps are one moment for the
whole call. PostgreSQL takes the rows with COPY, other databases with one prepared INSERT run
over all of them (`executemany`). Nothing here checks what a service would check: it is for
callers that have already decided every row (a service after its own checks, the demo).
"""

from collections.abc import Iterable, Sequence

from django.db import connections, models, router
from django.utils import timezone

# Field classes whose Python value is what the database driver takes as it is (dates and
# aware datetimes included, on psycopg); any other, or a subclass that prepares its values in
# its own way (encrypted text, JSON...), goes through the field's own preparation.
_PLAIN = (
    models.AutoField,
    models.BigAutoField,
    models.BooleanField,
    models.CharField,
    models.DateField,
    models.DecimalField,
    models.FloatField,
    models.IntegerField,
    models.TextField,
    models.ForeignKey,
)


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` primary keys no other row has or will be given, for rows written afterwards
    with their ids (so that rows pointing at them can be built before they are written)."""
    if count <= 0:
        return []
    alias = router.db_for_write(model)
    connection = connections[alias]
    meta = model._meta
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite writes one transaction at a time, so the highest id stays the highest until
        # the rows are written in the same transaction (and AUTOINCREMENT follows them).
        top = model._default_manager.using(alias).aggregate(top=models.Max("pk"))["top"] or 0
    return list(range(top + 1, top + 1 + count))


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert `rows`, each a tuple of values for `fields` (attribute names: `cadre_id`, not
    `cadre`), in that order. Returns the number of rows written."""
    alias = router.db_for_write(model)
    connection = connections[alias]
    meta = model._meta
    given: list[models.Field] = []
    for name in fields:
        field = meta.get_field(name)
        if not isinstance(field, models.Field) or field.column is None:
            raise ValueError(f"{meta.label}.{name} is not a column.")
        given.append(field)
    by_name = {f.attname: i for i, f in enumerate(given)}
    if len(by_name) != len(given):
        raise ValueError(f"{meta.label}: a field is given twice.")
    now = timezone.now()
    # Every concrete column is written: the ones given, and the others' defaults, once.
    columns = [f for f in meta.concrete_fields if not f.generated]
    missing = [f for f in columns if f.attname not in by_name]
    if any(f.primary_key for f in missing):
        columns = [f for f in columns if not (f.primary_key and f.attname not in by_name)]
        missing = [f for f in missing if not f.primary_key]
    plain = [isinstance(f, _PLAIN) and not _prepares(f) for f in columns]
    if connection.vendor != "postgresql":
        plain = [False] * len(columns)  # SQLite stores dates, datetimes and decimals as text
    # Each output column is an index into the given tuple, a value fixed for the whole call
    # (a default, the moment of an `auto_now` stamp), or a default drawn per row (a uuid).
    layout: list[tuple[int | None, object, models.Field, bool]] = []
    per_row: list[tuple[int, models.Field, bool]] = []
    for f, is_plain in zip(columns, plain, strict=True):
        if f.attname in by_name:
            layout.append((by_name[f.attname], None, f, is_plain))
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now
        elif f.has_default() and callable(f.default) and f.default not in (list, dict):
            per_row.append((len(layout), f, is_plain))
            layout.append((None, None, f, True))
            continue
        else:
            value = f.get_default()
        if not is_plain:
            value = f.get_db_prep_save(value, connection)
        layout.append((None, value, f, True))
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in columns)
    table = quote(meta.db_table)
    picks = [i for i, _, _, _ in layout]
    straight = not per_row and all(p for _, _, _, p in layout) and None not in picks
    template = [value for _, value, _, _ in layout]
    taken = [(pos, i) for pos, (i, _, _, p) in enumerate(layout) if i is not None and p]
    prepped = [(pos, i, f) for pos, (i, _, f, p) in enumerate(layout) if i is not None and not p]

    def prepared(row: Sequence) -> list:
        if straight:
            return [row[i] for i in picks]  # type: ignore[index]
        out = template.copy()
        for pos, i in taken:
            out[pos] = row[i]
        for pos, i, f in prepped:
            out[pos] = f.get_db_prep_save(row[i], connection)
        for pos, f, is_plain in per_row:
            value = f.get_default()
            out[pos] = value if is_plain else f.get_db_prep_save(value, connection)
        return out

    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(prepared(row))
                    count += 1
        else:
            marks = ", ".join(["%s"] * len(columns))
            batch = [prepared(row) for row in rows]
            count = len(batch)
            if batch:
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", batch)  # noqa: S608
    return count


def _prepares(field: models.Field) -> bool:
    """A field class of its own that overrides how values are prepared for the database."""
    own = type(field)
    base: type[models.Field] = next(
        c for c in own.__mro__ if c.__module__.startswith("django.db.models")
    )
    return own.get_db_prep_value is not base.get_db_prep_value or (
        own.get_prep_value is not base.get_prep_value
    )
