"""What group programs add to the menu and to the user's task list."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reclaim.cases.tasklist import TaskCount, TaskItem, local_day_start
from reclaim.services.group_access import can_see_groups
from reclaim.services.group_selectors import sessions_needing_attendance

if TYPE_CHECKING:
    import datetime

    from reclaim.accounts.models import User


def groups_nav(user: User) -> list[tuple[str, Any]]:
    """ "Groups" for casework roles and anyone who facilitates a group (one query for the others)."""
    if not can_see_groups(user):
        return []
    return [(reverse("services:group_list"), gettext_lazy("Groups"))]


TASK_LIMIT = 50  # sessions on the task list at most


def sessions_without_attendance(user: User, today: datetime.date) -> list[TaskItem]:
    """Sessions of groups the user facilitates, held in the last 14 days, with no attendance taken (one query)."""
    return [
        TaskItem(
            source="group_attendance",
            kind=_("Group attendance"),
            title=_("Take attendance: %(group)s, %(when)s")
            % {
                "group": session.program.name,
                "when": formats.date_format(timezone.localtime(session.starts_at), "SHORT_DATETIME_FORMAT"),
            },
            url=reverse("services:group_attendance", args=[session.program_id, session.pk]),
            due=timezone.localdate(session.starts_at),
        )
        for session in sessions_needing_attendance(user, today)[:TASK_LIMIT]
    ]


def sessions_count(user: User, today: datetime.date) -> list[TaskCount]:
    """Counts what sessions_without_attendance lists (overdue: held before today, local time)."""
    return [
        TaskCount(
            sessions_needing_attendance(user, today),
            overdue=Q(starts_at__lt=local_day_start(today)),
            limit=TASK_LIMIT,
        )
    ]
