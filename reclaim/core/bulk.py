"""Inserting many new rows fast: what `bulk_create` writes, as PostgreSQL's COPY or one prepared statement run for
every row.

`QuerySet.bulk_create` compiles a statement per batch and goes through four calls of bookkeeping per value; for
the legacy import and the demo data set (millions of rows) that was most of the time. These functions make the
same values and hand them to `executemany`:

- `insert_instances(objs)`: new model instances, each field's `pre_save` (timestamps, encryption) then its
  database value, as `bulk_create` does.
- `insert_rows(model, rows)`: plain dicts of attribute names (`case_id`, not `case`): no instance is made at
  all, missing fields get their defaults, encrypted fields are encrypted under the row's own scope (its
  `agency_id`, its active key looked up once per call). A field that needs a real instance (a file, say) is
  refused. Each call compiles one function that makes a row's values, the usual cases in line
  (`_row_converter`); the per-field getters (`_row_value`) take the rest.

- `prepare_rows` / `prepare_instances`: the same values made now, written later by `Prepared.write` (or several
  batches in one transaction by `write_together`), so a writer converts before it takes a lock, not while it
  holds one.

All write new rows only: no conflict handling and no signals (neither does `bulk_create`), and the primary key
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
import json
import os
import secrets
import uuid
import weakref
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
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
        _set_slot(key, "is_safe", _SAFE_UNKNOWN)
        return key


_new_uuid = object.__new__
_set_slot = object.__setattr__
_SAFE_UNKNOWN = uuid.SafeUUID.unknown  # read once: an enum member's lookup went through a descriptor every key


def insert_instances(objs: Sequence[models.Model], *, batch_size: int = BATCH_SIZE) -> None:
    """Insert `objs` (new instances of one model, primary keys set) in statements of `batch_size` rows."""
    prepare_instances(objs).write(batch_size=batch_size)


class Prepared:
    """New rows of one model in their insert form, made by `prepare_rows` or `prepare_instances` and written by
    `write`. A writer that holds a lock while it writes (SQLite's one write lock, which every other writer waits
    for) makes the values first and takes the lock only to write them."""

    __slots__ = ("_fields", "_instances", "_meta", "_values")

    def __init__(
        self,
        meta: Any,
        fields: list[models.Field[Any, Any]],
        values: list[tuple[Any, ...]],
        instances: Sequence[models.Model] = (),
    ) -> None:
        self._meta, self._fields, self._values, self._instances = meta, fields, values, instances

    def __len__(self) -> int:
        return len(self._values)

    def write(self, *, batch_size: int = BATCH_SIZE) -> int:
        """Insert the rows, in statements of `batch_size` rows; returns how many."""
        if not self._values:
            return 0
        connection = connections[DEFAULT_DB_ALIAS]
        write = _writer(connection, self._meta, self._fields)
        values = self._values
        with connection.cursor() as cursor:
            for start in range(0, len(values), batch_size):
                write(cursor, values[start : start + batch_size])
        for obj in self._instances:
            obj._state.adding = False
            obj._state.db = connection.alias
        return len(values)


def prepare_instances(objs: Sequence[models.Model]) -> Prepared:
    """The insert values of `objs` (new instances of one model, primary keys set), each field's `pre_save`
    (timestamps, encryption) then its database value, as `bulk_create` makes them."""
    if not objs:
        return Prepared(None, [], [])
    connection = connections[DEFAULT_DB_ALIAS]  # the wrapper itself, not the per-thread proxy: read per value
    meta = objs[0]._meta
    if any(obj.pk is None for obj in objs):
        raise ValueError(f"insert_instances needs primary keys set in Python ({meta.label})")
    now = timezone.now()
    fields = list(meta.concrete_fields)
    getters = [_instance_value(f, connection, now) for f in fields]
    return Prepared(meta, fields, [tuple([g(obj) for g in getters]) for obj in objs], objs)


def prepare_rows(
    model: type[models.Model], rows: Iterable[Mapping[str, Any]], *, keys: Callable[[], uuid.UUID] | None = None
) -> Prepared:
    """`insert_rows`'s values, made now and written by the result's `write`."""
    meta = model._meta
    fields, convert = _row_fields(meta, keys)
    known = {f.attname for f in fields}
    values = []
    for row in rows:
        if not row.keys() <= known:
            raise ValueError(f"{meta.label} has no field {sorted(row.keys() - known)} (use attribute names)")
        values.append(convert(row))
    return Prepared(meta, fields, values)


def write_together(*batches: Prepared) -> int:
    """Write prepared batches in one transaction, in order; returns how many rows."""
    with transaction.atomic():
        return sum(batch.write() for batch in batches)


def _row_fields(
    meta: Any, keys: Callable[[], uuid.UUID] | None
) -> tuple[list[models.Field[Any, Any]], Callable[[Mapping[str, Any]], tuple[Any, ...]]]:
    """The fields `insert_rows` writes (not a key the database makes, an auto-incremented id) and the function
    that makes a row's values for them."""
    fields = [f for f in meta.concrete_fields if not isinstance(f, AutoFieldMixin)]
    return fields, _row_converter(fields, connections[DEFAULT_DB_ALIAS], timezone.now(), keys=keys)


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
    fields, convert = _row_fields(meta, keys)
    write = _writer(connection, meta, fields)
    known = {f.attname for f in fields}
    count = 0
    batch: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for row in rows:
            if not row.keys() <= known:
                raise ValueError(f"{meta.label} has no field {sorted(row.keys() - known)} (use attribute names)")
            batch.append(convert(row))
            if len(batch) >= batch_size:
                write(cursor, batch)
                count += len(batch)
                batch = []
        if batch:
            write(cursor, batch)
            count += len(batch)
    return count


def insert_values(
    model: type[models.Model],
    attnames: Sequence[str],
    rows: Iterable[tuple[Any, ...]],
    *,
    batch_size: int = BATCH_SIZE,
) -> int:
    """Insert rows whose values are already in the database's form (each field's `get_db_prep_value`), one tuple a
    row in the order of `attnames`; returns how many. For writers of millions of narrow rows that convert their
    few values once (an import's blocking keys): COPY on PostgreSQL, as `insert_rows` writes."""
    connection = connections[DEFAULT_DB_ALIAS]
    meta = model._meta
    by_attname = {field.attname: field for field in meta.concrete_fields}
    write = _writer(connection, meta, [by_attname[name] for name in attnames])
    count = 0
    with connection.cursor() as cursor:
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= batch_size:
                write(cursor, batch)
                count, batch = count + len(batch), []
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
            # psycopg's own cursor: its errors become Django's (IntegrityError, ...) as the ORM's do
            with connection.wrap_database_errors, cursor.cursor.copy(copy_sql) as copy:
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


def _row_converter(
    fields: list[models.Field[Any, Any]], connection: Any, now: datetime.datetime, *, keys: Callable[[], Any] | None
) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    """One function, made for this call, that turns a row into its tuple of insert values, each field's usual
    cases written out in line: a UUID, an aware timestamp, a date, a str, int or bool, a choices member, a dict or
    list for JSON, None, a value left out (its default, or a new key). Anything else (another type, an encrypted
    field) goes through the field's `_row_value`, which decides what every value becomes. A getter per field cost
    3 to 10 us a row, over about 12 million rows in the demo data set."""
    namespace: dict[str, Any] = {
        "_MISSING": _MISSING,
        "_UUID": uuid.UUID,
        "_datetime": datetime.datetime,
        "_date": datetime.date,
        "_Enum": enum.Enum,
    }
    native_uuid = connection.features.has_native_uuid_field
    items = []
    for n, field in enumerate(fields):
        make = keys if field.primary_key else None
        namespace[f"slow{n}"] = _row_value(field, connection, now, make=make)
        slow, name, member = f"slow{n}(row)", repr(field.attname), ""
        target = field.target_field if isinstance(field, models.ForeignKey) else field
        if _is_timestamp(field) or isinstance(field, EncryptedFieldMixin):
            items.append(slow)  # a constant, or the encrypted path
            continue
        if type(target) is models.UUIDField:
            fast, test = ("v" if native_uuid else "v.hex"), "type(v) is _UUID"
        elif type(field) is models.DateTimeField:
            namespace[f"adapt{n}"] = _adapt_datetime(connection)
            fast, test = f"adapt{n}(v)", "type(v) is _datetime and v.tzinfo is not None"
        elif type(field) is models.DateField:
            namespace[f"adapt{n}"] = _adapt_date(connection)
            fast, test = f"adapt{n}(v)", "type(v) is _date"
        elif type(field) is models.JSONField:
            namespace[f"adapt{n}"] = _adapt_json(connection, field.encoder)
            fast, test = f"adapt{n}(v)", "type(v) is dict or type(v) is list"
        elif (plain := _PLAIN_FIELDS.get(type(field))) is not None and len(plain) == 1:
            namespace[f"plain{n}"] = plain[0]
            fast, test = "v", f"type(v) is plain{n}"
            member = "v._value_ if isinstance(v, _Enum) else "  # a choices member: its value
        else:
            items.append(slow)
            continue
        # None is stored as NULL by every field above; a value left out gets the field's default or a new value
        if make is None and field.has_default() and callable(field.default):
            make = field.default
        convert = _converter(field, connection)
        assert convert is not None  # noqa: S101 — every kind above has one  # nosec B101
        if make is not None:
            namespace[f"make{n}"], namespace[f"convert{n}"] = make, convert
            missing = f"convert{n}(make{n}())"
            if type(target) is models.UUIDField:  # a new key: a UUID, converted here
                missing = f"({'x' if native_uuid else 'x.hex'} if type(x := make{n}()) is _UUID else convert{n}(x))"
        else:
            namespace[f"default{n}"] = convert(field.get_default())
            missing = f"default{n}"
        got = f"(v := get({name}, _MISSING)) is _MISSING"
        items.append(f"({missing} if {got} else {fast} if {test} else {member}None if v is None else {slow})")
    source = (
        "def convert(row):\n    get = row.get\n    return (\n" + "".join(f"        {i},\n" for i in items) + "    )\n"
    )
    exec(compile(source, f"<insert_rows {fields[0].model._meta.label if fields else ''}>", "exec"), namespace)  # noqa: S102 — made above from field names and fixed text only  # nosec B102
    converter: Callable[[Mapping[str, Any]], tuple[Any, ...]] = namespace["convert"]
    return converter


def _encrypted_row_value(field: EncryptedFieldMixin, connection: Any) -> Callable[[Any], Any]:
    """An encrypted field's value from a row, under the key of the row's scope (its `agency_id`): the active key
    and its cipher are looked up once per scope for the getter's call of `insert_rows`, not once per value."""
    attname, scope_attr = field.attname, field.scope_attr
    sealers: dict[Any, Callable[[Any], Any]] = {}

    def encrypted(row: Mapping[str, Any]) -> Any:
        value = row.get(attname)
        if value is None or value == "":
            return None
        scope_id = row.get(scope_attr)
        seal = sealers.get(scope_id)
        if seal is None:
            seal = sealers[scope_id] = field.sealer(scope_id)
        return seal(value)

    return encrypted


def _converter(field: models.Field[Any, Any], connection: Any) -> Callable[[Any], Any] | None:  # noqa: PLR0911 — one return per kind of field
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
        adapt_datetime = _adapt_datetime(connection)

        def datetime_value(value: Any) -> Any:
            if type(value) is datetime.datetime and value.tzinfo is not None:  # naive ones get the field's warning
                return adapt_datetime(value)
            return slow(value, connection)

        return datetime_value
    if type(field) is models.DateField:
        adapt_date = _adapt_date(connection)
        return lambda value: adapt_date(value) if type(value) is datetime.date else slow(value, connection)
    if type(field) is models.JSONField:
        adapt_json = _adapt_json(connection, field.encoder)
        return lambda value: (
            adapt_json(value) if type(value) is dict or type(value) is list else slow(value, connection)
        )
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


# The backends' adapters for the usual values, without what they check at every call (settings, the value's kind),
# producing the same values as Django's (the tests compare them).


def _adapt_datetime(connection: Any) -> Callable[[datetime.datetime], Any]:
    """An aware timestamp's database value. On SQLite (USE_TZ), Django's adapter writes the time in the
    connection's zone as naive ISO text; that is made directly here."""
    if connection.vendor == "sqlite" and settings.USE_TZ:
        zone = connection.timezone
        return lambda value: str(value.astimezone(zone).replace(tzinfo=None))
    adapt: Callable[[datetime.datetime], Any] = connection.ops.adapt_datetimefield_value
    return adapt


def _adapt_date(connection: Any) -> Callable[[datetime.date], Any]:
    """A date's database value: the base adapter's ISO text (SQLite), or the backend's own."""
    if type(connection.ops).adapt_datefield_value is BaseDatabaseOperations.adapt_datefield_value:
        return str
    adapt: Callable[[datetime.date], Any] = connection.ops.adapt_datefield_value
    return adapt


def _adapt_json(connection: Any, encoder: type[json.JSONEncoder] | None) -> Callable[[Any], Any]:
    """A dict's or list's database value: the base adapter's `json.dumps(value, cls=encoder)` (SQLite) from one
    encoder made here instead of one per value, or the backend's own (PostgreSQL's Jsonb)."""
    if type(connection.ops).adapt_json_value is BaseDatabaseOperations.adapt_json_value:
        encode: Callable[[Any], Any] = (encoder or json.JSONEncoder)().encode
        return encode
    adapt = connection.ops.adapt_json_value
    return lambda value: adapt(value, encoder)
