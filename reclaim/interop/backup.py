"""`manage.py backup` and `manage.py restore`: every record, document file and audit row in one sealed archive.

What goes in: every table of Reclaim's apps and of the sign-in machinery (users' groups, allauth's e-mail
addresses, MFA authenticators, the admin's change log), read in one snapshot (REPEATABLE READ on PostgreSQL, a
read transaction on SQLite: writers carry on) in primary-key order, column by column as the database holds them.
Encrypted columns stay ciphertext (they open with the same master keys after a restore); other values are
written in a form no database owns (ISO dates, decimal strings, UUID strings), so an archive taken from SQLite
restores into PostgreSQL and the other way round. Content types and permissions are written as lookups only: a
migrated instance has its own, under other ids, and references to them are mapped by name on restore. Left
out: sessions (everyone signs in again), the task queue, the cache table.

Then the files the snapshot's rows name (every `storage_name` column names a file in the "documents" storage),
copied as stored: ciphertext. They are never rewritten once stored, so a copy taken after the snapshot matches it;
a file deleted in between is recorded as missing. Last a manifest: format, time, rows per table, SHA-256 and size
of every file, the audit chain's head. The chain is verified first, and a broken one stops the backup unless
`allow_broken_audit` is given (the manifest then says where it broke).

The record stream (JSON lines, inside backup_archive's sealed chunks)::

    {"k": "archive", ...}                         format, time, database vendor, applied migrations
    {"k": "lookups", ...}                         content types and permissions by id
    {"k": "table", "table": ..., "columns": [...]}, then one JSON array per row, then {"k": "end", "rows": n}
    {"k": "file", "name": ..., "size": n}, then {"k": "data", "b": base64}..., then {"k": "end", "sha256": ...}
    {"k": "manifest", ...}

Restore reads the archive twice. The first pass authenticates every chunk and checks everything (structure,
counts and digests against the manifest, the audit chain, that the master keys open the agencies' data keys,
the migrations, the target's emptiness, the columns) and writes nothing. The second writes it all in one
transaction, files included (removed again if the transaction fails), resets PostgreSQL's sequences and verifies
the audit chain before committing.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import hashlib
import json
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.functions import Cast
from django.utils import timezone

from reclaim.accounts.models import Agency, AgencyKey, User
from reclaim.core import crypto
from reclaim.core.audit import GENESIS_HASH, AuditEntry, compute_hash, verify_chain, write_audit
from reclaim.core.fields import EncryptedFieldMixin
from reclaim.core.models import AuditEvent
from reclaim.documents.files import document_storage
from reclaim.interop.backup_archive import FORMAT_VERSION, ArchiveError, ArchiveReader, ArchiveWriter, encode_record
from reclaim.interop.backup_archive import lines as archive_lines

if TYPE_CHECKING:
    from pathlib import Path

    from django.core.files.storage import Storage

SKIPPED_APPS = frozenset({"contenttypes", "sessions", "django_tasks_database"})
LOOKUP_MODELS: tuple[type[models.Model], ...] = (ContentType, Permission)
STORAGE_FIELD = "storage_name"
_DATA_PIECE = 3 * 256 * 1024  # file bytes per data record (1 MiB of base64)
_INSERT_BATCH = 1000

Progress = Callable[[int], None]


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why and names no personal data."""


# --- What is backed up -------------------------------------------------------------------------------------


def backup_models() -> list[type[models.Model]]:
    """Every table that goes into an archive, in a stable order (by table name)."""
    chosen = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in SKIPPED_APPS
        and model not in LOOKUP_MODELS
        and model._meta.managed
        and not model._meta.proxy
    ]
    return sorted(chosen, key=lambda model: model._meta.db_table)


def storage_columns() -> list[tuple[type[models.Model], str]]:
    """(model, column) of every column that names a file in the documents storage."""
    return [
        (model, f.column) for model in backup_models() for f in model._meta.concrete_fields if f.name == STORAGE_FIELD
    ]


def _json_default(value: Any) -> Any:
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"no archive form for a {type(value).__name__} value")


def _encode_row(values: tuple[Any, ...]) -> bytes:
    return json.dumps(values, separators=(",", ":"), ensure_ascii=False, default=_json_default).encode("utf-8") + b"\n"


def _selected(model: type[models.Model]) -> list[Any]:
    """What to select per column: encrypted columns as their raw text (no decryption), others through the ORM."""
    return [
        Cast(f.attname, output_field=models.TextField()) if isinstance(f, EncryptedFieldMixin) else f.attname
        for f in model._meta.concrete_fields
    ]


def _applied_migrations(using: str) -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connections[using]).applied_migrations())


def _lookups(using: str) -> dict[str, Any]:
    return {
        "content_types": {
            str(pk): [app, model]
            for pk, app, model in ContentType.objects.using(using).values_list("pk", "app_label", "model")
        },
        "permissions": {
            str(pk): [app, model, codename]
            for pk, app, model, codename in Permission.objects.using(using).values_list(
                "pk", "content_type__app_label", "content_type__model", "codename"
            )
        },
    }


# --- Backup -------------------------------------------------------------------------------------------------


@dataclass
class BackupReport:
    archive_id: str
    tables: int
    rows: int
    files: int
    missing_files: int
    audit_rows: int
    audit_intact: bool
    archive_bytes: int


@contextmanager
def read_snapshot(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """One consistent view of the database for the whole backup, without holding writers up."""
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError("a backup needs a transaction of its own: do not run it inside another one")
    if connection.vendor == "postgresql":
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    # SQLite: Django opens transactions as IMMEDIATE here (settings), which would take the write lock for the
    # whole backup. A deferred transaction that only reads keeps one WAL snapshot from its first read on.
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ROLLBACK")


def write_backup(
    out: Path,
    *,
    key_file: crypto.MasterKeyring | None = None,
    allow_broken_audit: bool = False,
    progress: Callable[[int, str], None] | None = None,
    set_total: Callable[[int], None] | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> BackupReport:
    """Write the archive to `out` (created with mode 600; refuses to overwrite). `progress(n, what)` gets rows
    and files as they are written; `set_total` the number of rows plus files once it is known."""
    tick = progress or (lambda _n, _what: None)
    partial = out.with_name(out.name + ".partial")
    if out.exists():
        raise BackupError("the output file exists already: choose a new name")
    try:
        handle = os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")
    except FileExistsError:
        raise BackupError(f"{partial.name} exists: another backup may be running, or remove it") from None
    except OSError as exc:
        raise BackupError(f"cannot create the output file: {exc.strerror}") from None
    try:
        with handle:
            writer = ArchiveWriter(handle, key_file=key_file)
            report = _write_content(writer, allow_broken_audit, tick, set_total, using)
            writer.close()
            report.archive_bytes = writer.bytes_written
            handle.flush()
            os.fsync(handle.fileno())
        partial.rename(out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    write_audit(
        AuditEntry(
            action="backup.created",
            object_type="backup",
            object_id=report.archive_id,
            detail={"tables": report.tables, "rows": report.rows, "files": report.files},
        )
    )
    return report


def _write_content(
    writer: ArchiveWriter,
    allow_broken_audit: bool,
    tick: Callable[[int, str], None],
    set_total: Callable[[int], None] | None,
    using: str,
) -> BackupReport:
    storage = document_storage()
    manifest: dict[str, Any] = {"k": "manifest", "format": FORMAT_VERSION, "tables": {}, "files": {}, "missing": []}
    names: set[str] = set()
    with read_snapshot(using):
        chain = verify_chain(using=using)
        if chain.first_broken_id is not None and not allow_broken_audit:
            raise BackupError(
                f"the audit chain is broken at row {chain.first_broken_id} ({chain.reason}): "
                "investigate first (docs/operations.md), or back up anyway with --allow-broken-audit-chain"
            )
        head = AuditEvent.objects.using(using).order_by("-id").values_list("id", "hash").first()
        manifest["audit"] = {
            "rows": AuditEvent.objects.using(using).count(),
            "head_id": head[0] if head else None,
            "head_hash": head[1] if head else None,
            "intact": chain.first_broken_id is None,
            "broken_at": chain.first_broken_id,
        }
        manifest["created_at"] = timezone.now().isoformat()
        chosen = backup_models()
        counts = {model: model._base_manager.using(using).count() for model in chosen}
        if set_total is not None:
            set_total(sum(counts.values()))
        writer.write(
            encode_record(
                {
                    "k": "archive",
                    "format": FORMAT_VERSION,
                    "created_at": manifest["created_at"],
                    "vendor": connections[using].vendor,
                    "migrations": _applied_migrations(using),
                }
            )
        )
        writer.write(encode_record({"k": "lookups", **_lookups(using)}))
        storage_by_model = dict(storage_columns())
        for model in chosen:
            meta = model._meta
            columns = [f.column for f in meta.concrete_fields]
            writer.write(encode_record({"k": "table", "table": meta.db_table, "columns": columns}))
            storage_index = columns.index(storage_by_model[model]) if model in storage_by_model else None
            rows = 0
            query = model._base_manager.using(using).order_by("pk").values_list(*_selected(model))
            for values in query.iterator(chunk_size=2000):
                writer.write(_encode_row(values))
                if storage_index is not None and values[storage_index]:
                    names.add(values[storage_index])
                rows += 1
                if rows % 1000 == 0:
                    tick(1000, meta.db_table)
            tick(rows % 1000, meta.db_table)
            writer.write(encode_record({"k": "end", "rows": rows}))
            manifest["tables"][meta.db_table] = rows
        if set_total is not None:
            set_total(sum(counts.values()) + len(names))
    # Outside the snapshot: files are written once and never changed, so these are the bytes the rows named.
    for name in sorted(names):
        try:
            with storage.open(name, "rb") as stored:
                data = stored.read()
        except FileNotFoundError:
            manifest["missing"].append(name)  # deleted since the snapshot (an import's file, a message's)
            continue
        _write_file(writer, name, data)
        manifest["files"][name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        tick(1, "files")
    writer.write(encode_record(manifest))
    return BackupReport(
        archive_id=writer.archive_id,
        tables=len(manifest["tables"]),
        rows=sum(manifest["tables"].values()),
        files=len(manifest["files"]),
        missing_files=len(manifest["missing"]),
        audit_rows=manifest["audit"]["rows"],
        audit_intact=manifest["audit"]["intact"],
        archive_bytes=0,
    )


def _write_file(writer: ArchiveWriter, name: str, data: bytes) -> None:
    writer.write(encode_record({"k": "file", "name": name, "size": len(data)}))
    for start in range(0, len(data), _DATA_PIECE):
        piece = base64.b64encode(data[start : start + _DATA_PIECE]).decode("ascii")
        writer.write(encode_record({"k": "data", "b": piece}))
    writer.write(encode_record({"k": "end", "sha256": hashlib.sha256(data).hexdigest()}))


# --- Reading an archive -------------------------------------------------------------------------------------


@dataclass
class TableStart:
    table: str
    columns: list[str]


@dataclass
class Row:
    values: list[Any]


@dataclass
class TableEnd:
    table: str
    rows: int


@dataclass
class StoredFile:
    name: str
    data: bytes


def _events(reader: ArchiveReader, progress: Progress | None) -> Iterator[Any]:
    """The archive's content as typed events, its structure checked as it goes; the first two events are the
    archive record and the lookups (dicts), the last the manifest (a dict)."""
    records = (json.loads(line) for line in archive_lines(reader.chunks(progress)))
    try:
        first = next(records, None)
        if not isinstance(first, dict) or first.get("k") != "archive" or first.get("format") != FORMAT_VERSION:
            raise ArchiveError("the archive does not start with its description")
        yield first
        lookups = next(records, None)
        if not isinstance(lookups, dict) or lookups.get("k") != "lookups":
            raise ArchiveError("the archive's lookups are missing")
        yield lookups
        for record in records:
            if not isinstance(record, dict):
                raise ArchiveError("a row stands outside any table")
            kind = record.get("k")
            if kind == "table":
                yield from _table_events(record, records)
            elif kind == "file":
                yield _file_event(record, records)
            elif kind == "manifest":
                if next(records, None) is not None:
                    raise ArchiveError("the archive has records after its manifest")
                yield record
                return
            else:
                raise ArchiveError("the archive holds a record of an unknown kind")
        raise ArchiveError("the archive's manifest is missing")
    except (ValueError, KeyError, TypeError) as exc:
        if isinstance(exc, ArchiveError):
            raise
        raise ArchiveError("the archive's content is malformed") from None


def _table_events(record: dict[str, Any], records: Iterator[Any]) -> Iterator[Any]:
    start = TableStart(str(record["table"]), [str(c) for c in record["columns"]])
    yield start
    count = 0
    for item in records:
        if isinstance(item, list):
            if len(item) != len(start.columns):
                raise ArchiveError(f"a row of {start.table} has the wrong number of values")
            count += 1
            yield Row(item)
            continue
        if isinstance(item, dict) and item.get("k") == "end" and item.get("rows") == count:
            yield TableEnd(start.table, count)
            return
        raise ArchiveError(f"the rows of {start.table} do not end as recorded")
    raise ArchiveError(f"the archive ends inside {start.table}")


def _file_event(record: dict[str, Any], records: Iterator[Any]) -> StoredFile:
    name, size = str(record["name"]), int(record["size"])
    data = bytearray()
    for item in records:
        if isinstance(item, dict) and item.get("k") == "data":
            data += base64.b64decode(item["b"], validate=True)
            continue
        if isinstance(item, dict) and item.get("k") == "end":
            if len(data) != size or hashlib.sha256(data).hexdigest() != item.get("sha256"):
                raise ArchiveError("a file in the archive does not match its recorded size and digest")
            return StoredFile(name, bytes(data))
        break
    raise ArchiveError("a file in the archive is not complete")


# --- Restore ------------------------------------------------------------------------------------------------


@dataclass
class RestoreReport:
    archive_id: str
    tables: int
    rows: int
    files: int
    audit_rows: int
    replaced_reference_rows: int
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Plan:
    """What the checking pass learnt, for the writing pass."""

    archive_id: str
    models: dict[str, type[models.Model]]
    content_types: dict[int, int]
    permissions: dict[int, int]
    files_present: set[str]  # already in the target's storage with the same bytes
    manifest: dict[str, Any]
    warnings: list[str]
    reader: ArchiveReader


def _target_remaps(lookups: dict[str, Any], using: str) -> tuple[dict[int, int], dict[int, int]]:
    ours = _lookups(using)
    ct_ids = {tuple(key): int(pk) for pk, key in ours["content_types"].items()}
    perm_ids = {tuple(key): int(pk) for pk, key in ours["permissions"].items()}
    content_types = {int(pk): ct_ids.get(tuple(key), -1) for pk, key in lookups["content_types"].items()}
    permissions = {int(pk): perm_ids.get(tuple(key), -1) for pk, key in lookups["permissions"].items()}
    return content_types, permissions


def _check_empty(using: str) -> None:
    found = {
        "users": User._base_manager.using(using).count(),
        "agencies": Agency._base_manager.using(using).count(),
        "audit rows": AuditEvent.objects.using(using).count(),
    }
    if any(found.values()):
        held = ", ".join(f"{n} {what}" for what, n in found.items() if n)
        raise BackupError(
            f"this database is not empty ({held}): restore only into a freshly migrated database, never over one in use"
        )


class _ChainCheck:
    """The audit rows of an archive, verified as they stream past (the same hash as core.audit)."""

    def __init__(self, columns: list[str]) -> None:
        by_column = {f.column: f for f in AuditEvent._meta.concrete_fields}
        self.fields = [by_column[c] for c in columns]
        self.prev = GENESIS_HASH
        self.last_id: int | None = None
        self.rows = 0
        self.broken_at: int | None = None

    def add(self, values: list[Any]) -> None:
        event = AuditEvent(**{f.attname: _python(f, v) for f, v in zip(self.fields, values, strict=True)})
        if self.last_id is not None and event.id <= self.last_id:
            raise ArchiveError("the archive's audit rows are out of order")
        if self.broken_at is None and (event.prev_hash != self.prev or compute_hash(self.prev, event) != event.hash):
            self.broken_at = event.id
        self.prev, self.last_id = event.hash, event.id
        self.rows += 1


def _python(f: models.Field[Any, Any], value: Any) -> Any:
    if value is None:
        return None
    return f.to_python(value)


def _remapped_columns(model: type[models.Model], columns: list[str]) -> dict[int, str]:
    """Positions of the columns that hold a content type's or a permission's id: "content_types" or "permissions"."""
    kinds = {ContentType: "content_types", Permission: "permissions"}
    found = {}
    for f in model._meta.concrete_fields:
        if f.is_relation and f.related_model in kinds:
            found[columns.index(f.column)] = kinds[f.related_model]  # type: ignore[index]
    return found


class _ArchiveCheck:
    """The first pass's state: what the archive holds so far, checked against this instance as it streams."""

    def __init__(self, using: str) -> None:
        self.using = using
        self.by_table = {model._meta.db_table: model for model in backup_models()}
        self.keyring = crypto.master_keyring()
        self.storage = document_storage()
        self.tables: dict[str, int] = {}
        self.files: dict[str, dict[str, Any]] = {}
        self.present: set[str] = set()
        self.audit = _ChainCheck([f.column for f in AuditEvent._meta.concrete_fields])
        self.in_audit = False
        self.key_column: int | None = None
        self.remapped: dict[int, str] = {}
        self.maps: dict[str, dict[int, int]] = {"content_types": {}, "permissions": {}}
        self.manifest: dict[str, Any] = {}

    def take(self, event: Any) -> None:
        if isinstance(event, Row):
            self.row(event.values)
        elif isinstance(event, TableStart):
            self.table_start(event)
        elif isinstance(event, TableEnd):
            self.tables[event.table] = event.rows
            self.in_audit, self.key_column, self.remapped = False, None, {}
        elif isinstance(event, StoredFile):
            self.stored_file(event)
        elif event.get("k") == "archive":
            if event["migrations"] != _applied_migrations(self.using):
                raise BackupError(
                    "the archive was taken at another migration state: restore with the release the backup was "
                    "taken with (migrated), then upgrade"
                )
        elif event.get("k") == "lookups":
            self.maps["content_types"], self.maps["permissions"] = _target_remaps(event, self.using)
        else:
            self.manifest = event

    def row(self, values: list[Any]) -> None:
        if self.in_audit:
            self.audit.add(values)
        if self.key_column is not None:
            try:
                self.keyring.unwrap(str(values[self.key_column]))
            except crypto.CryptoError:
                raise BackupError(
                    "an agency's data key in the archive does not open with RECLAIM_MASTER_KEYS: configure the "
                    "master keys the backed-up instance had (docs/operations.md, key handling)"
                ) from None
        for index, kind in self.remapped.items():
            value = values[index]
            if value is not None and self.maps[kind].get(int(value), -1) < 0:
                raise BackupError(f"the archive refers to {kind.replace('_', ' ')} this instance does not have")

    def table_start(self, event: TableStart) -> None:
        model = self.by_table.get(event.table)
        if model is None or [f.column for f in model._meta.concrete_fields] != event.columns:
            raise BackupError(
                f"table {event.table} differs between the archive and this instance: restore with the release the "
                "backup was taken with"
            )
        if event.table in self.tables:
            raise ArchiveError(f"table {event.table} appears twice in the archive")
        self.in_audit = model is AuditEvent
        self.key_column = event.columns.index("wrapped_key") if model is AgencyKey else None
        self.remapped = _remapped_columns(model, event.columns)

    def stored_file(self, event: StoredFile) -> None:
        if event.name in self.files:
            raise ArchiveError("a file appears twice in the archive")
        self.files[event.name] = {"sha256": hashlib.sha256(event.data).hexdigest(), "size": len(event.data)}
        if self.storage.exists(event.name):
            with self.storage.open(event.name, "rb") as stored:
                if stored.read() != event.data:
                    raise BackupError("the document storage already holds other files under the archive's names")
            self.present.add(event.name)

    def finish(self) -> list[str]:
        if self.manifest.get("tables") != self.tables or set(self.tables) != set(self.by_table):
            raise ArchiveError("the archive's tables do not match its manifest")
        if self.manifest.get("files") != self.files:
            raise ArchiveError("the archive's files do not match its manifest")
        return _audit_findings(self.audit, self.manifest["audit"])


def check_archive(
    path: Path,
    *,
    key_file: crypto.MasterKeyring | None = None,
    using: str = DEFAULT_DB_ALIAS,
    progress: Progress | None = None,
) -> _Plan:
    """The first pass of a restore: read and verify everything, write nothing. Raises ArchiveError for a damaged
    or tampered archive, BackupError when this instance cannot take it."""
    reader = ArchiveReader(path, key_file=key_file)
    _check_empty(using)
    check = _ArchiveCheck(using)
    for event in _events(reader, progress):
        check.take(event)
    warnings = check.finish()
    return _Plan(
        archive_id=reader.archive_id,
        models=check.by_table,
        content_types=check.maps["content_types"],
        permissions=check.maps["permissions"],
        files_present=check.present,
        manifest=check.manifest,
        warnings=warnings,
        reader=reader,
    )


def _audit_findings(audit: _ChainCheck, recorded: dict[str, Any]) -> list[str]:
    """Refuse an archive whose audit rows are not the ones its manifest recorded; a chain that was already broken
    when the backup was taken (and said so) is restored as it was, with a warning."""
    if audit.rows != recorded["rows"] or audit.last_id != recorded["head_id"]:
        raise ArchiveError("the archive's audit rows do not match its manifest")
    if audit.rows and audit.prev != recorded["head_hash"]:
        raise ArchiveError("the archive's audit head does not match its manifest")
    if audit.broken_at != recorded["broken_at"]:
        raise ArchiveError(
            f"the archive's audit chain is broken at row {audit.broken_at}, which its manifest does not say"
        )
    if audit.broken_at is not None:
        return [f"the audit chain was already broken at row {audit.broken_at} when the backup was taken"]
    return []


def restore_archive(
    path: Path,
    *,
    key_file: crypto.MasterKeyring | None = None,
    using: str = DEFAULT_DB_ALIAS,
    check_progress: Progress | None = None,
    write_progress: Progress | None = None,
) -> RestoreReport:
    """Check the whole archive, then write it in one transaction (see the module's docstring)."""
    plan = check_archive(path, key_file=key_file, using=using, progress=check_progress)
    storage = document_storage()
    written: list[str] = []
    try:
        with transaction.atomic(using=using, durable=True):
            _check_empty(using)  # again, inside the transaction that writes
            replaced = _clear_reference_rows(plan, using)
            rows = _write_rows(plan, storage, written, using, write_progress)
            connection = connections[using]
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), list(plan.models.values())):
                    cursor.execute(statement)
            chain = verify_chain(using=using)
            if chain.first_broken_id != plan.manifest["audit"]["broken_at"]:
                raise BackupError(f"the restored audit chain does not verify (row {chain.first_broken_id})")
            if chain.first_broken_id is None:
                _append_restore_row(plan, using)
    except BaseException:
        for name in written:
            storage.delete(name)
        raise
    return RestoreReport(
        archive_id=plan.archive_id,
        tables=len(plan.models),
        rows=rows,
        files=len(plan.manifest["files"]),
        audit_rows=plan.manifest["audit"]["rows"],
        replaced_reference_rows=replaced,
        warnings=plan.warnings,
    )


def _clear_reference_rows(plan: _Plan, using: str) -> int:
    """An instance that `migrate` just made holds reference data of its own (vocabularies, the service taxonomy,
    instruments, legal step sets) under other ids; the archive's rows, which the records point at, replace it.
    Foreign keys are checked at commit, so the order does not matter."""
    connection = connections[using]
    quote = connection.ops.quote_name
    removed = 0
    with connection.cursor() as cursor:
        for table, model in plan.models.items():
            if model._base_manager.using(using).exists():
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 — a model's table name  # nosec B608
                removed += cursor.rowcount
    return removed


def _value_maker(f: models.Field[Any, Any], connection: Any, plan: _Plan) -> Callable[[Any], Any]:
    """How an archived value becomes the value to insert into this database."""
    if isinstance(f, EncryptedFieldMixin):
        return lambda value: None if value is None else crypto.Ciphertext(value)
    if f.is_relation and f.related_model in (ContentType, Permission):
        ids = plan.content_types if f.related_model is ContentType else plan.permissions
        return lambda value: None if value is None else ids[int(value)]
    prep = f.get_db_prep_save
    python = f.to_python
    return lambda value: None if value is None else prep(python(value), connection)


def _write_rows(plan: _Plan, storage: Storage, written: list[str], using: str, progress: Progress | None) -> int:
    connection = connections[using]
    quote = connection.ops.quote_name
    total = 0
    insert_sql = ""
    makers: list[Callable[[Any], Any]] = []
    batch: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for event in _events(plan.reader, progress):
            if isinstance(event, Row):
                batch.append(tuple([make(value) for make, value in zip(makers, event.values, strict=True)]))
                if len(batch) >= _INSERT_BATCH:
                    cursor.executemany(insert_sql, batch)
                    total += len(batch)
                    batch = []
            elif isinstance(event, TableStart):
                model = plan.models[event.table]
                fields = list(model._meta.concrete_fields)
                makers = [_value_maker(f, connection, plan) for f in fields]
                columns = ", ".join(quote(f.column) for f in fields)
                marks = ", ".join(["%s"] * len(fields))
                insert_sql = f"INSERT INTO {quote(event.table)} ({columns}) VALUES ({marks})"  # noqa: S608 — model names  # nosec B608
            elif isinstance(event, TableEnd):
                if batch:
                    cursor.executemany(insert_sql, batch)
                    total += len(batch)
                    batch = []
            elif isinstance(event, StoredFile) and event.name not in plan.files_present:
                saved = storage.save(event.name, ContentFile(event.data))
                written.append(saved)
                if saved != event.name:
                    raise BackupError("the document storage renamed a restored file: its directory is not empty")
    return total


def _append_restore_row(plan: _Plan, using: str) -> None:
    """The restore itself goes on the record, chained to the restored head."""
    event = AuditEvent(
        at=timezone.now(),
        action="backup.restored",
        object_type="backup",
        object_id=plan.archive_id,
        detail={"rows": sum(plan.manifest["tables"].values()), "files": len(plan.manifest["files"])},
    )
    event.prev_hash = plan.manifest["audit"]["head_hash"] or GENESIS_HASH
    event.hash = compute_hash(event.prev_hash, event)
    event.save(using=using, force_insert=True)
