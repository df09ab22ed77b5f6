"""Per-row foreign-key checks off for a bulk load, on the databases that allow it, and the one check of every
reference that stands in for them; autovacuum held back on PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from reclaim.cases.models import CaseEvent
from reclaim.core.bulk import insert_rows
from reclaim.core.bulkload import autovacuum_held, dangling_references, references_unchecked

DANGLING = [
    "cases_caseevent.agency_id: 1 row(s) point at no row of accounts_agency",
    "cases_caseevent.case_id: 1 row(s) point at no row of cases_case",
]


def _orphan_event() -> uuid.UUID:
    """An event of an agency and a case that do not exist."""
    key = uuid.uuid4()
    insert_rows(
        CaseEvent, [{"id": key, "agency_id": uuid.uuid4(), "case_id": uuid.uuid4(), "type": "x", "at": timezone.now()}]
    )
    return key


def _checks_on() -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            return bool(cursor.execute("PRAGMA foreign_keys").fetchone()[0])
        cursor.execute("SHOW session_replication_role")
        return cursor.fetchone()[0] == "origin"


@pytest.mark.django_db
def test_dangling_references_names_each_key_that_points_at_nothing():
    assert dangling_references() == []
    # a row the database has not checked yet (the constraints are deferred to the commit, which never comes)
    key = _orphan_event()
    assert dangling_references() == DANGLING
    CaseEvent.objects.filter(pk=key).delete()
    assert dangling_references() == []


@pytest.mark.django_db
def test_inside_a_transaction_the_checks_stay_on():
    with references_unchecked() as unchecked:
        assert unchecked is False
        assert _checks_on()


@pytest.mark.django_db(transaction=True)
def test_the_checks_are_off_for_the_block_then_back_as_they_were():
    # inside the block a row pointing at nothing commits, and the check after the load finds it
    with references_unchecked() as unchecked:
        assert unchecked is True
        assert not _checks_on()
        key = _orphan_event()
    assert dangling_references() == DANGLING
    CaseEvent.objects.filter(pk=key).delete()
    # after it the database refuses one again
    assert _checks_on()
    with pytest.raises(IntegrityError), transaction.atomic():
        _orphan_event()
    assert dangling_references() == []


def _autovacuum_options() -> list[str] | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE oid = 'cases_caseevent'::regclass")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_autovacuum_is_held_on_postgresql_for_the_block_then_put_back():
    with autovacuum_held() as held:
        assert held is (connection.vendor == "postgresql")
        if held:
            assert _autovacuum_options() == ["autovacuum_enabled=false"]
    if connection.vendor == "postgresql":
        assert _autovacuum_options() is None
        with connection.cursor() as cursor:  # analysed at the end
            cursor.execute("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'cases_caseevent'")
            assert cursor.fetchone()[0] is not None


@pytest.mark.django_db
def test_inside_a_transaction_autovacuum_is_left_alone():
    with autovacuum_held() as held:
        assert held is False


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="roles and their privileges are PostgreSQL's")
def test_a_role_that_may_not_set_the_replication_role_keeps_the_checks_and_autovacuum():
    role = f"reclaim_plain_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN NOSUPERUSER")
        cursor.execute(f"SET ROLE {role}")
    try:
        with references_unchecked() as unchecked:
            assert unchecked is False
            assert _checks_on()
        with autovacuum_held() as held:  # not the tables' owner
            assert held is False
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
            cursor.execute(f"DROP ROLE {role}")
