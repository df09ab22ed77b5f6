"""Referral tasks run by the worker on the scheduler's clock (RECLAIM_PERIODIC_JOBS)."""

from __future__ import annotations

import logging

from django_tasks import task

from reclaim.referrals.actions import mark_hidden_packets, mark_overdue_referrals

logger = logging.getLogger(__name__)


@task()
def check_referral_deadlines() -> int:
    """Escalate referrals not acknowledged in time (once each) and note packets that consent no longer covers."""
    escalated = mark_overdue_referrals()
    hidden = mark_hidden_packets()
    logger.info("referrals escalated: %s, packets hidden: %s", escalated, hidden)
    return escalated
