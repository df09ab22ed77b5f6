"""Housekeeping tasks run by the worker on the scheduler's clock."""

from __future__ import annotations

import logging
from importlib import import_module

from django.conf import settings
from django_tasks import task

from reclaim.core.audit import verify_chain

logger = logging.getLogger(__name__)


@task()
def verify_audit_chain() -> int:
    report = verify_chain()
    if report.first_broken_id is not None:
        logger.error("audit chain broken at row %s after %s verified rows", report.first_broken_id, report.checked)
        return -1
    logger.info("audit chain intact: %s rows", report.checked)
    return report.checked


@task()
def clear_expired_sessions() -> None:
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()
