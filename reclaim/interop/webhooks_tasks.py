"""Webhook tasks run by the worker: one delivery (enqueued after the commit that made it) and the periodic
job that sends the deliveries whose retry is due (RECLAIM_PERIODIC_JOBS)."""

from __future__ import annotations

import logging

from django_tasks import task

from reclaim.interop.webhooks_actions import attempt_delivery, send_due_deliveries

logger = logging.getLogger(__name__)


@task()
def deliver_webhook(delivery_id: str) -> str:
    return attempt_delivery(delivery_id)


@task()
def send_due_webhooks() -> int:
    attempted = send_due_deliveries()
    logger.info("webhook deliveries attempted: %s", attempted)
    return attempted
