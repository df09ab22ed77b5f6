"""Task-list source of the portal: consents the person took back in the portal, for the case's lead worker
and assigned workers, until one of them acknowledges it on the case's "Their page" tab."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from reclaim.accounts.selectors import capabilities
from reclaim.cases.tasklist import TaskCount, TaskItem, utc_day_start
from reclaim.connect.home_selectors import open_notices_for_user

if TYPE_CHECKING:
    import datetime

    from reclaim.accounts.models import User


def consent_taken_back_tasks(user: User, today: datetime.date) -> list[TaskItem]:
    if not capabilities(user).works_cases:
        return []
    return [
        TaskItem(
            source="portal_consent_revoked",
            kind=_("Portal"),
            title=_("Consent taken back in the portal: %(purpose)s. Check what this changes.")
            % {"purpose": notice.consent.get_purpose_display()},
            url=reverse("connect:my_page", args=[notice.case_id]) + f"#notice-{notice.pk}",
            due=notice.raised_at.date(),
            case_number=notice.case.number,
        )
        for notice in open_notices_for_user(user)
    ]


def consent_taken_back_count(user: User, today: datetime.date) -> list[TaskCount]:
    if not capabilities(user).works_cases:
        return []
    return [TaskCount(open_notices_for_user(user), overdue=Q(raised_at__lt=utc_day_start(today)))]


def register() -> None:
    """Called from ConnectConfig.ready()."""
    from reclaim.cases.tasklist import register_task_source

    register_task_source(consent_taken_back_tasks, count=consent_taken_back_count)
