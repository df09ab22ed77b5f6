"""The retention purge, run by the worker on the scheduler's clock (RECLAIM_PERIODIC_JOBS)."""

from __future__ import annotations

from django_tasks import task

from reclaim.retention.actions import purge_expired


@task()
def purge_expired_records() -> int:
    """Remove closed cases, documents and people past each agency's retention; idempotent. Returns cases removed."""
    return purge_expired().cases
