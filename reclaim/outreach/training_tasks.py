"""Required training on the staff member's own task list (registered in OutreachConfig.ready()): a required course of
their role that they have no certificate of, whose certificate expired, or whose certificate expires within 30
days. Costs one query, or two when their role has required courses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _

from reclaim.accounts.selectors import active_membership
from reclaim.cases.tasklist import Tally, TaskItem
from reclaim.outreach.training_selectors import Standing, required_training_due

if TYPE_CHECKING:
    import datetime

    from reclaim.accounts.models import User


def required_training_tasks(user: User, today: datetime.date) -> list[TaskItem]:
    membership = active_membership(user)
    if membership is None:
        return []
    url = reverse("outreach:training_mine")
    items = []
    for row in required_training_due(user, membership.agency_id, membership.role, today):
        if row.standing == Standing.MISSING:
            title = _("Complete the required course “%(course)s”.") % {"course": row.course.title}
            due, overdue = None, True
        elif row.standing == Standing.EXPIRED:
            title = _("Your certificate of “%(course)s” has expired: take the course again.") % {
                "course": row.course.title
            }
            due, overdue = row.certificate.expires_on if row.certificate else None, True
        else:
            title = _("Your certificate of “%(course)s” expires soon: plan to take the course again.") % {
                "course": row.course.title
            }
            due, overdue = row.certificate.expires_on if row.certificate else None, False
        items.append(
            TaskItem(
                source="required_training", kind=_("Required training"), title=title, url=url, due=due, overdue=overdue
            )
        )
    return items


def required_training_count(user: User, today: datetime.date) -> list[Tally]:
    """required_training_tasks' items counted from the same standings: a missing or expired certificate is
    overdue, one expiring soon is not."""
    membership = active_membership(user)
    if membership is None:
        return []
    rows = required_training_due(user, membership.agency_id, membership.role, today)
    return [Tally(len(rows), sum(row.standing in (Standing.MISSING, Standing.EXPIRED) for row in rows))]
