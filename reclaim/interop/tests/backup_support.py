"""Second databases for the backup tests: an empty instance to restore into, a separate one to back up from.

Each is a copy of this test process's database as the suite made it (the tables plus what the migrations load:
content types, permissions, vocabularies, the service taxonomy...), which tests/test_migrations_match_test_schema.py
proves equal to a migrated database. SQLite copies through its backup API into a file; PostgreSQL makes the copy
with CREATE DATABASE ... TEMPLATE (which needs no other session on the template: ours is closed first).
"""

from __future__ import annotations

import sqlite3
import uuid
from typing import TYPE_CHECKING, Any

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.utils import load_backend

if TYPE_CHECKING:
    from pathlib import Path


def _admin_url(settings: dict[str, Any]) -> str:
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/postgres"


def clone_database(alias: str, tmp_path: Path) -> dict[str, Any]:
    """Copy the default database now into a new one reachable as `alias`; returns its settings."""
    settings = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        path = tmp_path / f"{alias}.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)
            copy.execute("PRAGMA journal_mode=WAL")  # as an installation's file is: readers and a writer at once
        copy.close()
        settings["NAME"] = str(path)
    else:
        import psycopg

        name = f"{settings['NAME']}_{alias}_{uuid.uuid4().hex[:8]}"
        connection.close()
        with psycopg.connect(_admin_url(settings), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{settings["NAME"]}"')
        settings["NAME"] = name
    # A wrapper of our own rather than an entry in DATABASES: Django's test case lets connections it was not told
    # about through ("dynamically created"), and the alias is gone with the wrapper.
    connections[alias] = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, alias)
    return settings


def drop_database(alias: str) -> None:
    settings = connections[alias].settings_dict
    connections[alias].close()
    del connections[alias]
    if settings["ENGINE"].endswith("postgresql"):
        import psycopg

        with psycopg.connect(_admin_url(settings), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}" WITH (FORCE)')


def table_rows(alias: str = DEFAULT_DB_ALIAS) -> dict[str, list[tuple[Any, ...]]]:
    """Every backed-up table's rows as the database holds them, in primary-key order. Ids of content types and
    permissions (which differ between instances) are given as their names."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from reclaim.interop.backup import backup_models

    db = connections[alias]
    names = {
        ContentType: {
            pk: (app, model)
            for pk, app, model in ContentType.objects.using(alias).values_list("pk", "app_label", "model")
        },
        Permission: {
            pk: (app, codename)
            for pk, app, codename in Permission.objects.using(alias).values_list(
                "pk", "content_type__app_label", "codename"
            )
        },
    }
    found = {}
    with db.cursor() as cursor:
        for model in backup_models():
            fields = model._meta.concrete_fields
            quote = db.ops.quote_name
            columns = ", ".join(quote(f.column) for f in fields)
            cursor.execute(
                f"SELECT {columns} FROM {quote(model._meta.db_table)} ORDER BY {quote(model._meta.pk.column)}"  # noqa: S608
            )
            by_name = [names.get(f.related_model) if f.is_relation else None for f in fields]
            found[model._meta.db_table] = [
                tuple(
                    lookup[value] if lookup and value is not None else value
                    for lookup, value in zip(by_name, row, strict=True)
                )
                for row in cursor.fetchall()
            ]
    return found


def stored_files(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()}
