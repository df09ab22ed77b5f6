"""The consent source of the task list: consents of the user's own cases that expire within 30 days."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from reclaim.accounts.selectors import capabilities
from reclaim.cases.tasklist import TaskCount, TaskItem
from reclaim.consent.selectors import expiring_consent_rows, expiring_consents

if TYPE_CHECKING:
    import datetime

    from reclaim.accounts.models import User


def expiring_consent_tasks(user: User, today: datetime.date) -> list[TaskItem]:
    if not capabilities(user).works_cases:
        return []
    return [
        TaskItem(
            source="consent_expiring",
            kind=_("Consent"),
            title=_("Consent ends soon: %(purpose)s. Ask whether they want to renew it.")
            % {"purpose": consent.get_purpose_display()},
            url=reverse("consent:add", args=[case.pk]) + "?" + urlencode({"renew": consent.pk}),
            due=consent.expires_on,
            case_number=case.number,
        )
        for consent, case in expiring_consents(user, today)
    ]


def expiring_consent_count(user: User, today: datetime.date) -> list[TaskCount]:
    if not capabilities(user).works_cases:
        return []
    return [TaskCount(expiring_consent_rows(user, today), overdue=Q(expires_on__lt=today))]
