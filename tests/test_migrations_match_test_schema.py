"""The migrations, run the production way on a fresh database, build the same schema and rows as the test
databases, which are made from the models (tests/schema_support.py). A difference fails here with the table and
the property, so a migration that the models do not show (SQL, a data load) cannot slip past the suite."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from django.db import connection

from tests.schema_support import RUN_MIGRATIONS, differences, fingerprint

pytestmark = pytest.mark.skipif(RUN_MIGRATIONS, reason="RECLAIM_TEST_MIGRATIONS=1: the test databases are migrated")


def test_a_migrated_database_equals_the_test_database(
    emptied_for_restore,  # an earlier live test in this process may have emptied the tables: bring them back
    django_db_serialized_rollback,
    transactional_db,
    request: pytest.FixtureRequest,
):
    # given a fresh database migrated by the real command in a child process
    if connection.vendor == "sqlite":
        migrated_sqlite_file: Path = request.getfixturevalue("migrated_sqlite_file")
        with sqlite3.connect(f"file:{migrated_sqlite_file}?mode=ro", uri=True) as migrated_db:
            migrated = fingerprint(migrated_db.cursor(), "sqlite")
    else:
        import psycopg

        from tests.schema_support import copy_of_migrated_postgres

        with psycopg.connect(copy_of_migrated_postgres(request)) as migrated_db:
            migrated = fingerprint(migrated_db.cursor(), "postgresql")
    # when the test database of this process is read the same way
    with connection.cursor() as cursor:
        built = fingerprint(cursor.cursor, connection.vendor)
    # then tables, columns, indexes, constraints, triggers and row counts are the same
    assert len(migrated) > 100
    found = differences(migrated, built)
    assert found == [], "\n".join(found)
