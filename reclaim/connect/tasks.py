"""Portal tasks run by the worker on the scheduler's clock (RECLAIM_PERIODIC_JOBS)."""

from __future__ import annotations

import logging

from django_tasks import task

from reclaim.connect.checkin_actions import record_missed_check_ins
from reclaim.connect.message_actions import purge_expired_messages

logger = logging.getLogger(__name__)


@task()
def record_missed_portal_check_ins() -> int:
    """Put each missed scheduled check-in on its case's timeline once (no e-mail, no names)."""
    recorded = record_missed_check_ins()
    logger.info("missed portal check-ins recorded: %s", recorded)
    return recorded


@task()
def purge_expired_portal_messages() -> int:
    """Delete portal messages older than each agency's retention, with their files (counts only logged)."""
    purged = purge_expired_messages()
    logger.info("portal messages purged: %s", purged)
    return purged
