"""Assessment tasks run by the worker on the scheduler's clock (RECLAIM_PERIODIC_JOBS)."""

from __future__ import annotations

import logging

from django_tasks import task

from reclaim.assessments.schedule_actions import record_overdue_reminders

logger = logging.getLogger(__name__)


@task()
def remind_overdue_assessments() -> int:
    """Record each newly overdue reassessment once on its case's timeline (no email, no names)."""
    recorded = record_overdue_reminders()
    logger.info("overdue reassessments recorded: %s", recorded)
    return recorded
