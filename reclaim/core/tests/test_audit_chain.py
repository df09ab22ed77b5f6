from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from reclaim.core.audit import AuditEntry, append_audit_rows, verify_chain, write_audit, write_audit_many
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
