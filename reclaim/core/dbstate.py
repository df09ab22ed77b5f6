"""Whether the database is ready for commands that write demo or benchmark data: a clear message, not a traceback
from the first missing table, when `manage.py migrate` has not been run (or not since an upgrade)."""

from __future__ import annotations

import sys

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


def unapplied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """The migrations `manage.py migrate` would apply, as app_label.name, in order."""
    executor = MigrationExecutor(connections[using])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def not_migrated_message(using: str = DEFAULT_DB_ALIAS) -> str:
    """Empty when every migration is applied; otherwise what is missing and what to run."""
    pending = unapplied_migrations(using)
    if not pending:
        return ""
    name = connections[using].settings_dict["NAME"]
    return (
        f"The database ({name}) is not migrated: {len(pending)} migration(s) to apply, starting with {pending[0]}. "
        "Run `.venv/bin/python manage.py migrate` first."
    )


def exit_unless_migrated(using: str = DEFAULT_DB_ALIAS) -> None:
    """For scripts: print the message to standard error and exit with status 2 when the database is not migrated."""
    message = not_migrated_message(using)
    if message:
        sys.stderr.write(message + "\n")
        raise SystemExit(2)
