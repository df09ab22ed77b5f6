"""Inserting many new rows fast: what `bulk_create` writes, as PostgreSQL's COPY or one prepared statement run for
every row.

`QuerySet.bulk_create` compiles a statement per batch and goes through four calls of bookkeeping per value; for
the legacy import and the demo data set (millions of rows) that was most of the time. These functions make the
same values and hand them to `executemany`:

- `insert_instances(objs)`: new model instances, each field's `pre_save` (timestamps, encryption) then its
  database value, as `bulk_create` does.
- `insert_rows(model, rows)`: plain dicts of attribute names (`case_id`, not `case`): no instance is made at
  all, missing fields get their defaults, encrypted fields are encrypted under the row's own scope (its
  `agency_id`). A field that needs a real instance (a file, say) is refused.

Both write new rows only: no conflict handling and no signals (neither does `bulk_create`), and the primary key
is made in Python (every `BaseModel` has a UUID key). `auto_now` / `auto_now_add` timestamps get one "now" per
call, the moment the call began.

`KeySequence` makes keys that grow in the order they are made, for synthetic data written by the million (the
demo): a random key lands anywhere in each index that holds it (the table's own and every foreign key to it),
and once the indexes outgrow the page cache each insert reads and dirties a page of its own. Real records keep
`uuid4` keys, which tell nothing about their neighbours.
"""

from __future__ import annotations

import datetime
import enum
import os
import secrets
import uuid
import weakref
from typing import TYPE_CHECKING, Any

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone

from reclaim.core.fields import EncryptedFieldMixin

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

# Built-in fields (exactly these classes, not subclasses such as the encrypted ones) whose `pre_save` only reads
# the attribute and whose database value of a value of these types is that value itself, on every backend.
_PLAIN_FIELDS: dict[type[models.Field[Any, Any]], tuple[type, ...]] = {
    models.CharField: (str,),
    models.TextField: (str,),
    models.BooleanField: (bool,),
    models.IntegerField: (int,),
    models.PositiveIntegerField: (int,),
    models.PositiveSmallIntegerField: (int,),
    models.SmallIntegerField: (int,),
    models.BigIntegerField: (int,),
}
BATCH_SIZE = 5000


class KeySequence:
    """UUIDs (version 8, RFC 9562's free layout) that grow by one at each call: 48 random bits drawn per process,
    then the version and variant bits, then a counter. A forked process draws its own random part, so two
    processes seeding at once never make the same key, and each one's keys still follow each other."""

    __slots__ = ("__weakref__", "_next")

    _FIXED = (0x8 << 76) | (0b10 << 62)  # version 8, RFC variant; the counter stays below bit 62

    def __init__(self) -> None:
        self._restart()
        alive = weakref.ref(self)

        def restart_in_child() -> None:
            if (sequence := alive()) is not None:
                sequence._restart()

        os.register_at_fork(after_in_child=restart_in_child)

    def _restart(self) -> None:
        self._next = (secrets.randbits(48) << 80) | self._FIXED

    def __call__(self) -> uuid.UUID:
        value = self._next
        self._next = value + 1
        # what UUID(int=value) leaves behind, without its checks of a value made right above
        key = _new_uuid(uuid.UUID)
        _set_slot(key, "int", value)
        _set_slot(key, "is_safe", uuid.SafeUUID.unknown)
        return key


_new_uuid = object.__new__
_set_slot = object.__setattr__


def insert_instances(objs: Sequence[models.Model], *, batch_size: int = BATCH_SIZE) -> None:
    """Insert `objs` (new instances of one model, primary keys set) in statements of `batch_size` rows."""
    if not objs:
        return
    connection = connections[DEFAULT_DB_ALIAS]  # the wrapper itself, not the per-thread proxy: read per value
    meta = objs[0]._meta
    if any(obj.pk is None for obj in objs):
        raise ValueError(f"insert_instances needs primary keys set in Python ({meta.label})")
    now = timezone.now()
    fields = list(meta.concrete_fields)
    getters = [_instance_value(f, connection, now) for f in fields]
    write = _writer(connection, meta, fields)
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            write(cursor, [tuple([g(obj) for g in getters]) for obj in objs[start : start + batch_size]])
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def insert_rows(
    model: type[models.Model],
    rows: Iterable[Mapping[str, Any]],
    *,
    batch_size: int = BATCH_SIZE,
    keys: Callable[[], uuid.UUID] | None = None,
) -> int:
    """Insert one row per mapping of attribute names to values; returns how many. Fields left out get their
    default (a new UUID for the key, or the next of `keys`). Refuses a model with a field whose value needs its
    instance."""
    connection = connections[DEFAULT_DB_ALIAS]
    meta = model._meta
    now = timezone.now()
    # a key the database makes (an auto-incremented id) is left to it
    fields = [f for f in meta.concrete_fields if not isinstance(f, AutoFieldMixin)]
    getters = [_row_value(f, connection, now, make=keys if f.primary_key else None) for f in fields]
    write = _writer(connection, meta, fields)
    known = {f.attname for f in fields}
    count = 0
    batch: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for row in rows:
            if not row.keys() <= known:
                raise ValueError(f"{meta.label} has no field {sorted(row.keys() - known)} (use attribute names)")
            batch.append(tuple([g(row) for g in getters]))
            if len(batch) >= batch_size:
                write(cursor, batch)
                count += len(batch)
                batch = []
        if batch:
            write(cursor, batch)
            count += len(batch)
    return count


def _writer(connection: Any, meta: Any, fields: list[models.Field[Any, Any]]) -> Callable[[Any, list[Any]], None]:
    """How a batch of value tuples is written: PostgreSQL's COPY (psycopg adapts each value as it would a query
    parameter, without a statement per row), elsewhere one prepared INSERT run for every row."""
    quote = connection.ops.quote_name
    table, columns = quote(meta.db_table), ", ".join(quote(f.column) for f in fields)
    if connection.vendor == "postgresql":
        copy_sql = f"COPY {table} ({columns}) FROM STDIN"

        def copy_rows(cursor: Any, batch: list[Any]) -> None:
            with cursor.cursor.copy(copy_sql) as copy:
                for values in batch:
                    copy.write_row(values)

        return copy_rows
    insert_sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608 — quoted model names; values are parameters  # nosec B608
    return lambda cursor, batch: cursor.executemany(insert_sql, batch)


def _is_timestamp(field: models.Field[Any, Any]) -> bool:
    return isinstance(field, models.DateField) and bool(field.auto_now or field.auto_now_add)


def _instance_value(field: models.Field[Any, Any], connection: Any, now: datetime.datetime) -> Callable[[Any], Any]:
    """How the insert value of `field` is made from an instance."""
    attname = field.attname
    if _is_timestamp(field):
        stamp = now if isinstance(field, models.DateTimeField) else timezone.localdate(now)
        stored = field.get_db_prep_save(stamp, connection)

        def timestamp(obj: Any) -> Any:
            setattr(obj, attname, stamp)  # what the field's pre_save does on insert
            return stored

        return timestamp
    convert = _converter(field, connection)
    if convert is None:
        return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), connection)
    return lambda obj: convert(getattr(obj, attname))


_MISSING = object()


def _row_value(
    field: models.Field[Any, Any], connection: Any, now: datetime.datetime, *, make: Callable[[], Any] | None = None
) -> Callable[[Any], Any]:
    """How the insert value of `field` is made from a mapping of attribute names (`make`: instead of the
    field's default)."""
    attname = field.attname
    if _is_timestamp(field):
        stored = field.get_db_prep_save(
            now if isinstance(field, models.DateTimeField) else timezone.localdate(now), connection
        )
        return lambda row: stored
    convert = _converter(field, connection)
    if convert is None and isinstance(field, EncryptedFieldMixin):
        return _encrypted_row_value(field, connection)
    if convert is None:
        raise ValueError(f"insert_rows cannot make {field} without an instance: use insert_instances")
    if make is None and field.has_default() and callable(field.default):
        make = field.default
    if make is not None:
        produce: Callable[[], Any] = make
        return lambda row: convert(produce() if (value := row.get(attname, _MISSING)) is _MISSING else value)
    stored_default = convert(field.get_default())  # the default, or "" / None as the field has it
    return lambda row: stored_default if (value := row.get(attname, _MISSING)) is _MISSING else convert(value)


class _RowScope:
    """What an encrypted field reads from its instance (the key scope, e.g. `agency_id`), read from the row."""

    __slots__ = ("row",)

    def __init__(self, row: Mapping[str, Any]) -> None:
        self.row = row

    def __getattr__(self, name: str) -> Any:
        return self.row.get(name)


def _encrypted_row_value(field: EncryptedFieldMixin, connection: Any) -> Callable[[Any], Any]:
    attname = field.attname
    return lambda row: field.get_db_prep_save(field.encrypt_for(_RowScope(row), row.get(attname)), connection)  # type: ignore[arg-type]


def _converter(field: models.Field[Any, Any], connection: Any) -> Callable[[Any], Any] | None:
    """A value's database form for the fields whose `pre_save` only reads the attribute: plain values as they
    are, UUIDs (keys and foreign keys to them), aware timestamps and dates straight to the backend's adapter.
    Anything else of those fields goes the field's way. None for the fields that need `pre_save` (encrypted)."""
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    slow = field.get_db_prep_save
    if type(target) is models.UUIDField:
        native = connection.features.has_native_uuid_field

        def uuid_value(value: Any) -> Any:
            if type(value) is uuid.UUID:
                return value if native else value.hex
            return slow(value, connection)

        return uuid_value
    if type(field) is models.DateTimeField:
        adapt_datetime = connection.ops.adapt_datetimefield_value

        def datetime_value(value: Any) -> Any:
            if type(value) is datetime.datetime and value.tzinfo is not None:  # naive ones get the field's warning
                return adapt_datetime(value)
            return slow(value, connection)

        return datetime_value
    if type(field) is models.DateField:
        adapt_date = connection.ops.adapt_datefield_value
        return lambda value: adapt_date(value) if type(value) is datetime.date else slow(value, connection)
    plain = _PLAIN_FIELDS.get(type(field))
    if plain is None:
        if isinstance(field, models.ForeignKey) or type(field).pre_save is models.Field.pre_save:
            return lambda value: slow(value, connection)
        return None

    def plain_value(value: Any) -> Any:
        if value is None or type(value) in plain:
            return value
        if isinstance(value, enum.Enum):  # a choices member: its value, as the field would give
            return value._value_
        return slow(value, connection)

    return plain_value
