from __future__ import annotations

import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction

from reclaim.core.audit import (
    AuditEntry,
    ChainReport,
    append_audit_rows,
    compute_hash,
    verify_chain,
    write_audit,
    write_audit_many,
)
from reclaim.core.context import client_ip_var, request_id_var
from reclaim.core.models import AuditEvent


@pytest.mark.django_db
def test_rows_chain_to_each_other():
    # given
    first = write_audit(AuditEntry("test.one"))
    second = write_audit(AuditEntry("test.two", detail={"n": 2}))
    # then
    assert second.prev_hash == first.hash
    assert verify_chain().first_broken_id is None


@pytest.mark.django_db
def test_every_recorded_field_is_in_the_hash_the_database_stores():
    # given a row with a client address, a request id and a nested detail (each one written alone: on
    # PostgreSQL the database computes a single row's hash)
    ip, request = client_ip_var.set("2001:db8::7"), request_id_var.set("req-42")
    try:
        event = write_audit(
            AuditEntry("test.full", object_type="case", object_id="7", purpose="é ✓", detail={"n": [1, {"k": "v"}]})
        )
    finally:
        client_ip_var.reset(ip)
        request_id_var.reset(request)
    stored = AuditEvent.objects.get(pk=event.pk)
    # then the stored hash is the one Python computes over what was stored, and the chain verifies
    assert stored.ip == "2001:db8::7"
    assert stored.request_id == "req-42"
    assert stored.hash == event.hash == compute_hash(stored.prev_hash, stored)
    assert verify_chain().first_broken_id is None


@pytest.mark.django_db
def test_audit_verify_passes_on_an_intact_chain(capsys):
    write_audit_many([AuditEntry("test.bulk", object_id=str(i)) for i in range(50)])
    call_command("audit_verify")
    assert "intact" in capsys.readouterr().out


@pytest.mark.django_db
@pytest.mark.parametrize("statement", ["UPDATE core_auditevent SET action = 'x'", "DELETE FROM core_auditevent"])
def test_database_refuses_to_change_audit_rows(statement):
    write_audit(AuditEntry("test.protected"))
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEvent.objects.filter(action="test.protected").exists()


def _without_triggers(statement: str, params: list[object]) -> None:
    """Play an attacker with raw database access: lift the triggers, edit, put them back."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_append_only")
            cursor.execute(statement, params)
            cursor.execute("ALTER TABLE core_auditevent ENABLE TRIGGER core_auditevent_append_only")
        else:
            cursor.execute("DROP TRIGGER core_auditevent_no_update")
            cursor.execute(statement, params)
            cursor.execute(
                "CREATE TRIGGER core_auditevent_no_update BEFORE UPDATE ON core_auditevent "
                "BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"
            )


@pytest.mark.django_db
@pytest.mark.parametrize("column", ["action", "object_id", "purpose"])
def test_audit_verify_names_the_first_edited_row(column):
    # given a chain of ten rows
    rows = write_audit_many([AuditEntry("test.row", object_id=str(i)) for i in range(10)])
    target = rows[4]
    # when one row is edited by hand
    _without_triggers(f"UPDATE core_auditevent SET {column} = %s WHERE id = %s", ["forged", target.id])  # noqa: S608
    # then the verifier fails and names that row
    with pytest.raises(CommandError, match=f"row {target.id}"):
        call_command("audit_verify")


@pytest.mark.django_db
def test_audit_verify_finds_a_recomputed_hash_by_its_broken_link():
    rows = write_audit_many([AuditEntry("test.row", object_id=str(i)) for i in range(5)])
    _without_triggers("UPDATE core_auditevent SET hash = %s WHERE id = %s", ["f" * 64, rows[2].id])
    report = verify_chain()
    assert report.first_broken_id == rows[2].id


@pytest.mark.django_db
def test_append_audit_rows_continues_the_same_chain():
    write_audit(AuditEntry("test.before"))
    assert append_audit_rows([AuditEntry("test.bulk", object_id=str(i), detail={"n": i}) for i in range(30)]) == 30
    write_audit(AuditEntry("test.after"))
    report = verify_chain()
    assert report.first_broken_id is None
    assert report.checked == AuditEvent.objects.count()
    assert list(AuditEvent.objects.filter(action="test.bulk").order_by("id").values_list("object_id", flat=True)) == [
        str(i) for i in range(30)
    ]


def _write_and_hold(written: list[AuditEvent], holding: threading.Event, release: threading.Event) -> None:
    """Another web process: its own connection appends a row and keeps its transaction (and the chain's lock)
    open until told to commit."""
    try:
        with transaction.atomic():
            written.append(write_audit(AuditEntry("test.held")))
            holding.set()
            release.wait(10)
    finally:
        connections.close_all()


@pytest.mark.usefixtures("flushable_db")
@pytest.mark.parametrize("rows", [1, 3], ids=["one row", "several rows"])
def test_a_writer_that_waited_for_the_lock_chains_onto_the_row_committed_meanwhile(rows):
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite's in-memory test database shares one cache between threads, where a second writer fails at "
            "once instead of waiting; on a database file a transaction takes the write lock (BEGIN IMMEDIATE) "
            "before it reads the newest hash"
        )
    # given another writer holding the lock with its row written but not yet committed
    write_audit(AuditEntry("test.before"))
    written: list[AuditEvent] = []
    holding, release = threading.Event(), threading.Event()
    other = threading.Thread(target=_write_and_hold, args=(written, holding, release))
    other.start()
    assert holding.wait(10)
    # when this writer appends while the other still holds the lock (it commits half a second later)
    threading.Timer(0.5, release.set).start()
    try:
        mine = write_audit_many([AuditEntry("test.after", object_id=str(n)) for n in range(rows)])
    finally:
        release.set()
        other.join(10)
    # then it waited and chained onto the other's row: one chain, no fork
    assert mine[0].prev_hash == written[0].hash
    assert verify_chain().first_broken_id is None


@pytest.mark.django_db
def test_verify_chain_after_a_row_checks_only_the_rows_appended_since():
    # given a chain whose second row was forged, then a mark, then three more rows
    rows = write_audit_many([AuditEntry("test.row", object_id=str(i)) for i in range(3)])
    _without_triggers("UPDATE core_auditevent SET purpose = %s WHERE id = %s", ["forged", rows[1].id])
    later = write_audit_many([AuditEntry("test.later", object_id=str(i)) for i in range(3)])
    # then the whole chain is broken at the forged row, and what came after the mark is intact
    assert verify_chain().first_broken_id == rows[1].id
    assert verify_chain(after=rows[2].id) == ChainReport(checked=3, first_broken_id=None)
    # when a row after the mark is forged too, the check from the mark finds it
    _without_triggers("UPDATE core_auditevent SET purpose = %s WHERE id = %s", ["forged", later[1].id])
    assert verify_chain(after=rows[2].id).first_broken_id == later[1].id
