"""Fast inserts for building large demo districts.

`bulk_create` compiles an INSERT per batch through the ORM, preparing every value of every
row field by field; at a hundred thousand cadres (about a million rows with their records and
the selections' sheets) that, not the database, was most of the seed's time. Here the rows'
values are read straight off the model instances and written with PostgreSQL's COPY (ids are
reserved from the table's sequence first, so the objects get their primary keys as with
`bulk_create`); other databases use `bulk_create` with large batches.
"""

from django.db import connection, models

# Fields whose Python value is not what the database stores (encrypted, JSON...) go through
# the field's own preparation; plain values are handed to the driver as they are.
PLAIN_FIELDS = (
    models.AutoField,
    models.BigAutoField,
    models.BooleanField,
    models.CharField,
    models.DateField,  # DateTimeField too (a subclass): psycopg writes aware datetimes
    models.DecimalField,
    models.FloatField,
    models.IntegerField,
    models.TextField,
    models.ForeignKey,
)


def insert(model: type[models.Model], objs: list[models.Model]) -> list[models.Model]:
    """Insert `objs` (new, unsaved instances of `model`) and set their primary keys."""
    if not objs:
        return objs
    if connection.vendor != "postgresql":
        return model._default_manager.bulk_create(objs, batch_size=5000)
    meta = model._meta
    pk = meta.pk
    table = meta.db_table
    with connection.cursor() as cursor:
        missing = [obj for obj in objs if obj.pk is None]
        if missing:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk.column, len(missing)],
            )
            for obj, (value,) in zip(missing, cursor.fetchall(), strict=True):
                setattr(obj, pk.attname, value)
        fields = [f for f in meta.concrete_fields if not f.generated]
        # Decided once per field, not once per value (a million rows have some 13 million).
        plain = [
            isinstance(f, PLAIN_FIELDS) and not _prepares(f) and not _auto_now(f) for f in fields
        ]
        pairs = list(zip(fields, plain, strict=True))
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                obj._state.adding = False
                obj._state.db = connection.alias
                copy.write_row(
                    [
                        getattr(obj, f.attname)
                        if is_plain
                        else f.get_db_prep_save(f.pre_save(obj, add=True), connection)
                        for f, is_plain in pairs
                    ]
                )
    return objs


def _auto_now(field) -> bool:
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def _prepares(field) -> bool:
    """A field class of its own (an encrypted text, say) that overrides how values are
    prepared for the database."""
    base = next(c for c in type(field).__mro__ if c.__module__.startswith("django.db.models"))
    return type(field).get_db_prep_value is not base.get_db_prep_value or (
        type(field).get_prep_value is not base.get_prep_value
    )
