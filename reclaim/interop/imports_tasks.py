"""The worker's side of imports (imports_actions.run_import)."""

from __future__ import annotations

from django_tasks import task

from reclaim.interop.imports_actions import run_import


@task()
def run_import_task(run_id: str) -> str:
    run = run_import(run_id)
    return "" if run is None else run.status
