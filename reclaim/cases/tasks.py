"""Case tasks run by the worker on the scheduler's clock (RECLAIM_PERIODIC_JOBS)."""

from __future__ import annotations

import logging

from django_tasks import task

from reclaim.cases.actions import mark_missed_follow_ups

logger = logging.getLogger(__name__)


@task()
def mark_missed_follow_up_contacts() -> int:
    """Mark follow-up contacts whose window has closed as missed: a task for the case's workers, no alert."""
    marked = mark_missed_follow_ups()
    logger.info("follow-up contacts marked missed: %s", marked)
    return marked
