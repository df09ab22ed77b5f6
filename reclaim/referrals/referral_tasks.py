"""What referrals put on task lists (reclaim/cases/tasklist.py): incoming referrals to acknowledge for the
receiving agency's staff (due by the deadline), escalations for the sender's supervisors, and outcomes that
came back for the workers of the sending case. Titles carry codes and labels, never the packet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.accounts.selectors import capabilities
from reclaim.cases.tasklist import TaskCount, TaskItem, local_day_start
from reclaim.referrals import selectors
from reclaim.referrals.models import ReferralStatus

if TYPE_CHECKING:
    import datetime

    from reclaim.accounts.models import User


TASK_LIMIT = 100  # referrals of each kind on the task list at most


def incoming_referral_tasks(user: User, today: datetime.date) -> list[TaskItem]:
    if not selectors.can_receive(user):
        return []
    return [
        TaskItem(
            source="referral_incoming",
            kind=_("Referral"),
            title=_("Acknowledge a referral from %(agency)s") % {"agency": referral.agency.name},
            url=reverse("referrals:incoming_detail", args=[referral.pk]),
            due=timezone.localdate(referral.acknowledge_by) if referral.acknowledge_by else None,
            urgent=referral.urgency == "urgent",
        )
        for referral in selectors.to_acknowledge(user)[:TASK_LIMIT]
    ]


def escalated_referral_tasks(user: User, today: datetime.date) -> list[TaskItem]:
    if not capabilities(user).approves_closure:
        return []
    return [
        TaskItem(
            source="referral_escalated",
            kind=_("Referral"),
            title=_("Not acknowledged in time: follow up with the recipient"),
            url=reverse("referrals:case_referral", args=[referral.case_id, referral.pk]),
            due=timezone.localdate(referral.acknowledge_by) if referral.acknowledge_by else None,
            case_number=referral.case.number,
        )
        for referral in selectors.escalated_for_supervisor(user)[:TASK_LIMIT]
    ]


def referral_outcome_tasks(user: User, today: datetime.date) -> list[TaskItem]:
    if not capabilities(user).works_cases:
        return []
    return [
        TaskItem(
            source="referral_outcome",
            kind=_("Referral"),
            title=_("A referral came back: %(status)s") % {"status": ReferralStatus(referral.status).label},
            url=reverse("referrals:case_referral", args=[referral.case_id, referral.pk]),
            due=timezone.localdate(referral.closed_at) if referral.closed_at else None,
            case_number=referral.case.number,
        )
        for referral in selectors.outcomes_to_read(user)[:TASK_LIMIT]
    ]


def incoming_referral_count(user: User, today: datetime.date) -> list[TaskCount]:
    if not selectors.can_receive(user):
        return []
    late = Q(acknowledge_by__lt=local_day_start(today))
    return [TaskCount(selectors.to_acknowledge(user), overdue=late, limit=TASK_LIMIT)]


def escalated_referral_count(user: User, today: datetime.date) -> list[TaskCount]:
    if not capabilities(user).approves_closure:
        return []
    late = Q(acknowledge_by__lt=local_day_start(today))
    return [TaskCount(selectors.escalated_for_supervisor(user), overdue=late, limit=TASK_LIMIT)]


def referral_outcome_count(user: User, today: datetime.date) -> list[TaskCount]:
    if not capabilities(user).works_cases:
        return []
    late = Q(closed_at__lt=local_day_start(today))
    return [TaskCount(selectors.outcomes_to_read(user), overdue=late, limit=TASK_LIMIT)]
