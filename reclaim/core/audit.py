"""The audit log: append-only rows, each carrying the SHA-256 of the one before it.

Writers serialise on a lock (PostgreSQL advisory lock; SQLite's IMMEDIATE transactions), so
the chain has no forks. `verify_chain` walks it and names the first row that does not match.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.utils import timezone

from reclaim.core.bulk import insert_rows
from reclaim.core.context import client_ip_var, request_id_var
from reclaim.core.models import AuditEvent

if TYPE_CHECKING:
    from collections.abc import Iterable
    from uuid import UUID

GENESIS_HASH = "0" * 64
_ADVISORY_LOCK_ID = 0x52454341  # "RECA": the audit chain's PostgreSQL advisory lock


@dataclass(frozen=True)
class AuditEntry:
    """What an action, the access gate or a login hook wants recorded (ids and codes only)."""

    action: str
    actor_id: UUID | None = None
    agency_id: UUID | None = None
    object_type: str = ""
    object_id: str = ""
    purpose: str = ""
    detail: dict[str, Any] = field(default_factory=dict)
    at: datetime | None = None


def _canonical(row: dict[str, Any]) -> bytes:
    return json.dumps(row, sort_keys=True, separators=(",", ":"), default=str).encode("utf-8")


def _content(event: AuditEvent) -> bytes:
    """What a row's hash covers besides the hash before it."""
    return _canonical(
        {
            "at": event.at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor_id": str(event.actor_id) if event.actor_id else None,
            "agency_id": str(event.agency_id) if event.agency_id else None,
            "action": event.action,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "purpose": event.purpose,
            "request_id": event.request_id,
            "ip": event.ip,
            "detail": event.detail,
        }
    )


def compute_hash(prev_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + b"|" + _content(event)).hexdigest()


def _lock_chain() -> None:
    """Serialise chain writers until the transaction ends. On PostgreSQL the lock is its own statement: under
    READ COMMITTED a statement reads the snapshot taken when it started, so a read of the newest hash in the
    statement that waited for the lock would miss the row its holder committed meanwhile, and fork the chain.
    SQLite: transactions start IMMEDIATE, so the write lock is already held before anything is read."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_ID])


def _lock_chain_and_read_last_hash() -> str:
    _lock_chain()
    last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
    return last or GENESIS_HASH


# One row appended on PostgreSQL in the statement after the lock: the newest hash is read, and the new row's
# hash computed (`compute_hash`, in SQL), by the INSERT itself. The audit row of every read of a case costs two
# round trips, as when the hash was read with the lock.
_FIELDS = [f for f in AuditEvent._meta.concrete_fields if f.attname not in {"id", "prev_hash", "hash"}]
_APPEND_ONE = (
    "WITH prev AS (SELECT COALESCE((SELECT hash FROM core_auditevent ORDER BY id DESC LIMIT 1), %s) AS hash) "  # noqa: S608 — the model's own columns; every value is a parameter  # nosec B608
    f"INSERT INTO core_auditevent ({', '.join(f.column for f in _FIELDS)}, prev_hash, hash) VALUES "
    f"({', '.join('%s' for _ in _FIELDS)}, (SELECT hash FROM prev), "
    "encode(sha256(convert_to((SELECT hash FROM prev) || '|', 'UTF8') || %s), 'hex')) "
    "RETURNING id, prev_hash, hash"
)


def _append_one_postgresql(event: AuditEvent) -> AuditEvent:
    _lock_chain()
    values = [f.get_db_prep_save(getattr(event, f.attname), connection) for f in _FIELDS]
    with connection.cursor() as cursor:
        cursor.execute(_APPEND_ONE, [GENESIS_HASH, *values, _content(event)])
        event.id, event.prev_hash, event.hash = cursor.fetchone()
    event._state.adding = False
    event._state.db = connection.alias
    return event


def _build(entry: AuditEntry, now: datetime) -> AuditEvent:
    return AuditEvent(
        at=entry.at or now,
        actor_id=entry.actor_id,
        agency_id=entry.agency_id,
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        purpose=entry.purpose[:200],
        request_id=request_id_var.get(),
        ip=client_ip_var.get(),
        detail=entry.detail,
    )


def write_audit(entry: AuditEntry) -> AuditEvent:
    """Append one row to the chain, inside the caller's transaction when there is one."""
    return write_audit_many([entry])[0]


def write_audit_many(entries: Iterable[AuditEntry]) -> list[AuditEvent]:
    """Append rows in order with one lock and one bulk insert (bulk actions); the rows come back with their ids."""
    now = timezone.now()
    events = [_build(entry, now) for entry in entries]
    if not events:
        return []
    with transaction.atomic():
        if len(events) == 1 and connection.vendor == "postgresql":
            return [_append_one_postgresql(events[0])]
        _chain(events, _lock_chain_and_read_last_hash())
        return AuditEvent.objects.bulk_create(events, batch_size=2000)


def append_audit_rows(entries: Iterable[AuditEntry]) -> int:
    """`write_audit_many` for rows by the hundred thousand (the demo data set): the same chain, written by
    `insert_rows` without reading the new ids back. Returns how many rows were appended."""
    now = timezone.now()
    events = [_build(entry, now) for entry in entries]
    if not events:
        return 0
    with transaction.atomic():
        _chain(events, _lock_chain_and_read_last_hash())
        names = [f.attname for f in AuditEvent._meta.concrete_fields if not f.primary_key]  # the id is the database's
        return insert_rows(AuditEvent, ({name: getattr(e, name) for name in names} for e in events))


def _chain(events: list[AuditEvent], prev: str) -> None:
    for event in events:
        event.prev_hash = prev
        event.hash = compute_hash(prev, event)
        prev = event.hash


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_broken_id: int | None
    reason: str = ""


def verify_chain(*, using: str = DEFAULT_DB_ALIAS, after: int | None = None) -> ChainReport:
    """Recompute every hash in id order; report the first row whose link or content does not match. With `after`
    (a row's id), only the rows appended after that row, chained onto its stored hash: what one run wrote."""
    rows = AuditEvent.objects.using(using).order_by("id")
    prev = GENESIS_HASH
    if after is not None:
        prev = rows.filter(id=after).values_list("hash", flat=True).get()
        rows = rows.filter(id__gt=after)
    checked = 0
    for event in rows.iterator(chunk_size=5000):
        if event.prev_hash != prev:
            return ChainReport(checked, event.id, "its previous-hash link does not match the row before it")
        if compute_hash(prev, event) != event.hash:
            return ChainReport(checked, event.id, "its content does not match its hash")
        prev = event.hash
        checked += 1
    return ChainReport(checked, None)
