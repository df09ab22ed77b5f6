"""The test databases are built from the models, not by running the migrations, and proven equal to a migrated one.

Running the ~120 migrations renders Django's migration state about 25,000 times (every operation re-renders all
the models related to the one it touches, and everything here is related to Agency and User): 60-90 s per test
process and per database. Instead each test process creates its tables from the current models (Django's
`TEST: MIGRATE: False`) and then replays, in migration order, the operations that are not schema: the data loads
(vocabularies, instruments, the service taxonomy, the legal sets) and the SQL Reclaim adds (the audit table's
append-only triggers). That takes a few seconds.

Two checks keep this honest: `makemigrations --check` (in `make test`) fails when the models and the migrations
differ, and tests/test_migrations_match_test_schema.py migrates a fresh database the production way and compares
its schema (columns, indexes, constraints, triggers) and its rows with the test database.
`RECLAIM_TEST_MIGRATIONS=1` makes the test databases with the migrations again.
"""

from __future__ import annotations

import os
import re
from typing import Any

RUN_MIGRATIONS = os.environ.get("RECLAIM_TEST_MIGRATIONS") == "1"


def sqlite_file_marks() -> list[Any]:
    """The marks of a test that works on copies of the run's `migrated_sqlite_file` (as a module's `pytestmark`, or
    through `on_migrated_sqlite_file`): it does not run in the PostgreSQL pass, where a SQLite file would test
    nothing new. (The file is made once per run whichever test process asks first: conftest.py.)"""
    import pytest

    return [
        pytest.mark.skipif(
            os.environ.get("DATABASE_URL", "").startswith("postgres"),
            reason="works on a migrated SQLite file of its own: the SQLite run of the suite covers it",
        ),
    ]


def on_migrated_sqlite_file(test: Any) -> Any:
    for mark in sqlite_file_marks():
        test = mark(test)
    return test


def data_operations() -> list[tuple[tuple[str, str], Any]]:
    """Every RunPython and RunSQL of Reclaim's own migrations, in the order `migrate` applies them."""
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations.special import RunPython, RunSQL
    from django.test.utils import override_settings

    # pytest-django has pointed MIGRATION_MODULES at nothing: look at the real modules for this.
    with override_settings(MIGRATION_MODULES={}):
        loader = MigrationLoader(None, ignore_no_migrations=True)
    plan: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for leaf in sorted(loader.graph.leaf_nodes()):
        for key in loader.graph.forwards_plan(leaf):
            if key not in seen:
                seen.add(key)
                plan.append(key)
    operations = []
    for key in plan:
        migration = loader.graph.nodes[key]
        if not type(migration).__module__.startswith("reclaim."):
            continue  # Django's and the libraries' migrations load nothing a fresh database needs
        operations += [(key, op) for op in migration.operations if isinstance(op, (RunPython, RunSQL))]
    return operations


def replay_data_operations(connection: Any) -> None:
    """Run the migrations' data loads and SQL against tables made from the models (current models stand in for
    the historical ones: the comparison test proves the outcome is the same)."""
    from django.apps import apps
    from django.db.migrations.operations.special import RunPython

    with connection.schema_editor(atomic=True) as editor:
        for _key, operation in data_operations():
            if isinstance(operation, RunPython):
                operation.code(apps, editor)  # type: ignore[arg-type]  # the live registry stands in for the historical one
            else:
                operation._run_sql(editor, operation.sql)


def install_fresh(env: dict[str, str]) -> None:
    """Build the database `env` points at the way an installation does (`make migrate`, docs/operations.md): the
    migrations, then the cache table, each in a child process."""
    import subprocess
    import sys

    for command in (["migrate", "-v0", "--noinput"], ["createcachetable"]):
        subprocess.run([sys.executable, "manage.py", *command], env=env, check=True, capture_output=True)


def copy_of_migrated_postgres(request: Any) -> str:
    """The URL of a new database on the test server holding what the run's migrated one holds
    (`CREATE DATABASE ... TEMPLATE`), dropped when the test ends. The migrated database is shared by the test
    processes, and PostgreSQL refuses a template someone is connected to: so nobody connects to it, everyone
    copies it, one at a time (the fixture's lock)."""
    import fcntl
    import uuid

    import psycopg

    template = request.getfixturevalue("migrated_postgres_url")
    base, template_name = template.rsplit("/", 1)
    name = f"copy_{uuid.uuid4().hex[:12]}"
    with open(request.getfixturevalue("migrated_postgres_lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"')

    def _drop() -> None:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    request.addfinalizer(_drop)
    return f"{base}/{name}"


# --- Fingerprints: what must be equal between a migrated database and a test database ----------------------

SKIPPED_TABLES = {"django_migrations"}
# Django names indexes and constraints it creates by itself with a hash of table and columns; the same model
# gives the same name either way, so names are compared as they are.


def fingerprint(cursor: Any, vendor: str) -> dict[str, Any]:
    if vendor == "sqlite":
        return _sqlite_fingerprint(cursor)
    return _postgres_fingerprint(cursor)


def _sqlite_fingerprint(cursor: Any) -> dict[str, Any]:
    cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    tables = {name: sql for name, sql in cursor.fetchall() if name not in SKIPPED_TABLES}
    result: dict[str, Any] = {}
    for table, sql in sorted(tables.items()):
        cursor.execute(f'PRAGMA table_info("{table}")')
        columns = sorted((name, kind, bool(notnull), default, pk) for _cid, name, kind, notnull, default, pk in cursor)
        cursor.execute(f'PRAGMA index_list("{table}")')
        indexes = []
        for _seq, name, unique, origin, partial in cursor.fetchall():
            cursor.execute(f'PRAGMA index_info("{name}")')
            index_columns = tuple(row[2] for row in cursor.fetchall())
            # SQLite numbers its own indexes (for UNIQUE columns) by column position, which migrations change.
            label = "(automatic)" if name.startswith("sqlite_autoindex_") else name
            indexes.append((label, bool(unique), origin, bool(partial), index_columns))
        cursor.execute(f'PRAGMA foreign_key_list("{table}")')
        foreign_keys = sorted((row[3], row[2], row[4]) for row in cursor.fetchall())
        checks = sorted(_sqlite_checks(sql))
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 — names from the catalogue
        rows = cursor.fetchone()[0]
        result[table] = {
            "columns": columns,
            "indexes": sorted(indexes),
            "foreign_keys": foreign_keys,
            "checks": checks,
            "rows": rows,
        }
    cursor.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
    result["(triggers)"] = sorted(cursor.fetchall())
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
    )
    result["(index definitions)"] = sorted(cursor.fetchall())
    return result


_CHECK = re.compile(r"CHECK \(")


def _sqlite_checks(sql: str) -> list[str]:
    """The CHECK clauses of a CREATE TABLE, each with its balanced parentheses."""
    checks = []
    for match in _CHECK.finditer(sql):
        depth, start = 0, match.end() - 1
        for position in range(start, len(sql)):
            if sql[position] == "(":
                depth += 1
            elif sql[position] == ")":
                depth -= 1
                if depth == 0:
                    checks.append(sql[start : position + 1])
                    break
    return checks


def _postgres_fingerprint(cursor: Any) -> dict[str, Any]:
    cursor.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
    )
    tables = sorted(name for (name,) in cursor.fetchall() if name not in SKIPPED_TABLES)
    cursor.execute(
        "SELECT table_name, column_name, data_type, is_nullable, column_default, character_maximum_length "
        "FROM information_schema.columns WHERE table_schema = 'public'"
    )
    columns: dict[str, list[tuple[Any, ...]]] = {}
    for table, *rest in cursor.fetchall():
        columns.setdefault(table, []).append(tuple(rest))
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE connamespace = 'public'::regnamespace"
    )
    constraints: dict[str, list[tuple[Any, ...]]] = {}
    for table, *rest in cursor.fetchall():
        constraints.setdefault(table.strip('"'), []).append(tuple(rest))
    for table_constraints in constraints.values():
        table_constraints[:] = [_unnamed_unique(*constraint) for constraint in table_constraints]
    cursor.execute("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'")
    indexes: dict[str, list[tuple[Any, ...]]] = {}
    for table, name, definition in cursor.fetchall():
        if name.endswith(("_uniq", "_key")):  # the index of a UNIQUE constraint: named as above
            indexes.setdefault(table, []).append(("(unique)", definition.replace(f" {name} ON ", " (unique) ON ")))
        else:
            indexes.setdefault(table, []).append((name, definition))
    result: dict[str, Any] = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 — names from the catalogue
        result[table] = {
            "columns": sorted(columns.get(table, [])),
            "constraints": sorted(constraints.get(table, [])),
            "indexes": sorted(indexes.get(table, [])),
            "rows": cursor.fetchone()[0],
        }
    cursor.execute(
        "SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal"
    )
    result["(triggers)"] = sorted(cursor.fetchall())
    cursor.execute("SELECT proname, pg_get_functiondef(oid) FROM pg_proc WHERE pronamespace = 'public'::regnamespace")
    result["(functions)"] = sorted(cursor.fetchall())
    return result


def _unnamed_unique(name: str, kind: str, definition: str) -> tuple[str, str, str]:
    """A UNIQUE column gets `<table>_<column>_key` when CREATE TABLE makes it and `..._<hash>_uniq` when a
    migration adds it later: the same constraint, so its name is left out."""
    return ("(unique)" if kind == "u" else name, kind, definition)


# Differences that come from Django's own migrations, not from Reclaim's, with the reason each is harmless.
KNOWN_DIFFERENCES = {
    # On PostgreSQL, django.contrib.auth's migrations give the group-permissions link table a `bigint` key and
    # its models an `integer` one. Reclaim does not use groups: the table stays empty.
    "auth_group_permissions.columns",
}


def differences(migrated: dict[str, Any], built: dict[str, Any]) -> list[str]:
    """Readable lines for every table or property that differs (empty when the two are the same)."""
    lines = []
    for table in sorted(set(migrated) | set(built)):
        if table not in built:
            lines.append(f"{table}: only in the migrated database")
        elif table not in migrated:
            lines.append(f"{table}: only in the test database")
        elif isinstance(migrated[table], dict):
            for key in migrated[table]:
                if f"{table}.{key}" not in KNOWN_DIFFERENCES:
                    lines += _difference(f"{table}.{key}", migrated[table][key], built[table].get(key))
        else:
            lines += _difference(table, migrated[table], built[table])
    return lines


def _difference(label: str, migrated: Any, built: Any) -> list[str]:
    if migrated == built:
        return []
    if isinstance(migrated, list) and isinstance(built, list):
        only_migrated = [item for item in migrated if item not in built]
        only_built = [item for item in built if item not in migrated]
        return [f"{label}: only migrated {only_migrated}; only in the test database {only_built}"]
    return [f"{label}: migrated {migrated!r}; test database {built!r}"]
