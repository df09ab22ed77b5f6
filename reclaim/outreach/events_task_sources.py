"""What events put on a staff member's task list (registered in OutreachConfig.ready()): the open follow-ups
they own, each linking to its event. One query; no case, so no case number."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from reclaim.accounts.selectors import active_membership
from reclaim.cases.tasklist import TaskCount, TaskItem
from reclaim.outreach.events_selectors import open_follow_ups_owned_by

if TYPE_CHECKING:
    import datetime

    from reclaim.accounts.models import User


def event_follow_up_tasks(user: User, today: datetime.date) -> list[TaskItem]:
    membership = active_membership(user)
    if membership is None:
        return []
    return [
        TaskItem(
            source="event_follow_up",
            kind=_("Event follow-up"),
            title=_("%(what)s (after “%(event)s”)") % {"what": row.what or "", "event": row.event.title},
            url=reverse("outreach:event_detail", args=[row.event_id]),
            due=row.due_on,
        )
        for row in open_follow_ups_owned_by(user, membership.agency_id)
    ]


def event_follow_up_count(user: User, today: datetime.date) -> list[TaskCount]:
    membership = active_membership(user)
    if membership is None:
        return []
    return [TaskCount(open_follow_ups_owned_by(user, membership.agency_id), overdue=Q(due_on__lt=today))]
