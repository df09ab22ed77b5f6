"""Loading millions of new rows (the demo's reference data set): the database's per-row foreign-key checks off
while they go in, then every reference checked at once, one query per foreign key; and on PostgreSQL, autovacuum
held back until the load is done.

Per row, the checks are the larger part of the database's work in a bulk load. PostgreSQL runs a query per new
row and foreign key (Django's constraints are deferred triggers, fired at commit): at 20,000 survivors they took
29 of the server's 59 s of CPU in `seed_demo`. SQLite looks each reference up in the parent's index while it
holds the only write lock, so the other seeding process waits. Checked afterwards, every reference of the 100,000
survivor set (447 foreign keys) takes 4 s on PostgreSQL and 7 s on SQLite (BENCHMARKS.md).

The rows still get the same guarantee: `dangling_references` finds any row that points at nothing, and the
caller fails when there is one. Only code that writes rows it made itself should use this (the demo's volume
stages), never a path that takes input from people or files.

Autovacuum vacuums and analyses a table each time it has grown by a fifth: during the 100,000-survivor seed each
large table was vacuumed five to seven times and analysed seven or eight, 55 s of the server's 219 s of CPU. Held
back, the tables are analysed once at the end (7 s) and vacuumed by autovacuum afterwards.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

if TYPE_CHECKING:
    from collections.abc import Iterator


@contextmanager
def references_unchecked(using: str = DEFAULT_DB_ALIAS) -> Iterator[bool]:
    """Per-row foreign-key checks off on this connection for the block, where the database allows it; yields
    whether they are off (then the caller owes a `dangling_references` check once the load is done).

    - SQLite: `PRAGMA foreign_keys`, which only changes outside a transaction: inside one (a test's), the checks
      stay on.
    - PostgreSQL: `session_replication_role = replica`, as `pg_restore --disable-triggers` loads. It needs a
      superuser or a role granted SET on the parameter (PostgreSQL 15+); any other role keeps the checks. It also
      holds back the ordinary triggers, the audit table's append-only one among them: the block writes rows of
      its own making and never changes the audit trail.

    The setting in force before is put back."""
    connection = connections[using]
    if connection.in_atomic_block:
        yield False
        return
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            before = cursor.execute("PRAGMA foreign_keys").fetchone()[0]
            cursor.execute("PRAGMA foreign_keys = OFF")
        try:
            yield True
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA foreign_keys = {int(before)}")
        return
    if connection.vendor != "postgresql":
        yield False
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        before = cursor.fetchone()[0]
        try:
            cursor.execute("SET session_replication_role = replica")
            allowed = True
        except DatabaseError:  # not allowed for this role: load with the checks on
            allowed = False
    if not allowed:
        yield False
        return
    try:
        yield True
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('session_replication_role', %s, false)", [before])


def dangling_references(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Every foreign key (with a database constraint) that has rows pointing at no row, one line each: the table
    and column, how many rows, and the table they should point into. Empty when every reference holds."""
    connection = connections[using]
    quote = connection.ops.quote_name
    found: list[str] = []
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if not meta.managed or meta.proxy:
                continue
            for field in meta.concrete_fields:
                if not (field.many_to_one or field.one_to_one) or not field.db_constraint:  # type: ignore[attr-defined]
                    continue
                parent = field.related_model._meta  # type: ignore[union-attr]
                column, target = quote(field.column), quote(field.target_field.column)  # type: ignore[attr-defined]
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(meta.db_table)} c WHERE c.{column} IS NOT NULL AND NOT EXISTS "  # noqa: S608 — quoted model names, no values  # nosec B608
                    f"(SELECT 1 FROM {quote(parent.db_table)} p WHERE p.{target} = c.{column})"
                )
                if count := cursor.fetchone()[0]:
                    found.append(f"{meta.db_table}.{field.column}: {count} row(s) point at no row of {parent.db_table}")
    return found


@contextmanager
def autovacuum_held(using: str = DEFAULT_DB_ALIAS) -> Iterator[bool]:
    """PostgreSQL: autovacuum off on the project's tables for the block, then back to the server's settings and
    every table analysed, so the planner knows the new rows. Yields whether it was held: it needs the tables'
    owner (the role that migrated them), elsewhere and inside a transaction nothing changes. A load killed inside
    the block leaves autovacuum off on those tables until the next load puts it back (`seed_demo` again)."""
    connection = connections[using]
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield False
        return
    quote = connection.ops.quote_name
    existing = set(connection.introspection.table_names())
    tables = sorted(
        {quote(m._meta.db_table) for m in apps.get_models(include_auto_created=True) if m._meta.managed}
        & {quote(name) for name in existing}
    )
    with connection.cursor() as cursor:
        try:
            for table in tables:
                cursor.execute(
                    f"ALTER TABLE {table} SET (autovacuum_enabled = false, toast.autovacuum_enabled = false)"
                )
            owned = True
        except DatabaseError:  # not the tables' owner: load with autovacuum as it is
            _reset_autovacuum(cursor, tables)
            owned = False
    if not owned:
        yield False
        return
    try:
        yield True
    finally:
        with connection.cursor() as cursor:
            _reset_autovacuum(cursor, tables)
            cursor.execute(f"ANALYZE {', '.join(tables)}")


def _reset_autovacuum(cursor: Any, tables: list[str]) -> None:
    for table in tables:
        try:
            cursor.execute(f"ALTER TABLE {table} RESET (autovacuum_enabled, toast.autovacuum_enabled)")
        except DatabaseError:  # a table this role does not own was never changed
            continue
