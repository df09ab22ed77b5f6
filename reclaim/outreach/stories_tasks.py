"""The daily job of survivors' stories (RECLAIM_PERIODIC_JOBS): stories whose media consent expired are marked
withdrawn and their campaign uses end. The library already hides them from the first day the consent is not live."""

from __future__ import annotations

import logging

from django_tasks import task

from reclaim.outreach.stories_actions import withdraw_stories_on_ended_consents

logger = logging.getLogger(__name__)


@task()
def withdraw_stories_with_ended_consent() -> int:
    withdrawn = withdraw_stories_on_ended_consents()
    logger.info("stories withdrawn after their media consent ended: %s", withdrawn)  # a count, never a title
    return withdrawn
