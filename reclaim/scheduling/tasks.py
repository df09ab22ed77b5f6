"""Scheduling tasks run by the worker on the scheduler's clock (RECLAIM_PERIODIC_JOBS)."""

from __future__ import annotations

import logging

from django_tasks import task

from reclaim.scheduling.actions import send_due_reminders as send_reminders_now

logger = logging.getLogger(__name__)


@task()
def send_due_reminders() -> int:
    """Send appointment reminders that are due; each is sent once, however often this runs."""
    sent = send_reminders_now()
    logger.info("appointment reminders sent: %s", sent)
    return sent
