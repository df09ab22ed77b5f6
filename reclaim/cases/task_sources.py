"""What cases put on a worker's task list (reclaim/cases/tasklist.py): urgent needs still open, follow-up
contacts due or missed, and approvals waiting for a supervisor. Registered in CasesConfig.ready(); the
follow-ups as a bounded source (tasklist.register_task_source)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Case as DbCase
from django.db.models import F, Q, QuerySet, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.accounts.selectors import capabilities
from reclaim.cases import selectors
from reclaim.cases.models import FollowUpStatus
from reclaim.cases.panels import Deferred, Panel
from reclaim.cases.tasklist import Tally, TaskCount, TaskItem, task_count_parts, utc_day_start

if TYPE_CHECKING:
    import datetime

    from reclaim.accounts.models import User


def urgent_need_tasks(user: User, today: datetime.date) -> list[TaskItem]:
    """One item per case with urgent needs open, due three days after the oldest was opened (one query)."""
    if not capabilities(user).works_cases:
        return []
    items = []
    for entry in selectors.urgent_needs_for_user(user):
        due = (entry.oldest_opened_at + selectors.URGENT_NEED_DUE).date()
        needs = ", ".join(str(need.get_need_display()) for need in entry.needs)
        items.append(
            TaskItem(
                source="urgent_need",
                kind=_("Urgent need"),
                title=needs,
                url=reverse("cases:needs", args=[entry.case_id]),
                due=due,
                case_number=entry.number,
                urgent=True,
            )
        )
    return items


def _follow_ups_to_do(user: User, today: datetime.date) -> QuerySet[Any]:
    """The contacts to make (FollowUp rows), each with `task_due`: the day its window closed for a missed
    contact, else its due day (the task's due date, to order and count by), in that order then by id."""
    missed = Q(status=FollowUpStatus.MISSED)
    return (
        selectors.follow_ups_to_do(user, today)
        .annotate(task_due=DbCase(When(missed, then=F("closes_on")), default=F("due_on")))
        .order_by("task_due", "pk")
    )


def follow_up_tasks(user: User, today: datetime.date, *, limit: int | None = None) -> list[TaskItem]:
    """Contacts to make: a missed one is due when its window closed, the others on their due day. The first
    `limit` by that date when given (a bounded source: the date is worked out in the query to order by it)."""
    if not capabilities(user).works_cases:
        return []
    return [
        TaskItem(
            source="follow_up",
            kind=_("Follow-up contact"),
            title=_("Contact missed: try again or record why")
            if follow_up.status == FollowUpStatus.MISSED
            else _("Follow-up contact due"),
            url=reverse("cases:follow_up", args=[follow_up.case_id]),
            due=follow_up.task_due,
            case_number=follow_up.case.number,
        )
        for follow_up in _follow_ups_to_do(user, today)[:limit]
    ]


def approval_tasks(user: User, today: datetime.date) -> list[TaskItem]:
    return [
        TaskItem(
            source="approval",
            kind=_("Approval"),
            title=_("Decide: %(what)s") % {"what": approval.get_kind_display()},
            url=reverse("cases:detail", args=[approval.case_id]),
            due=approval.created_at.date(),
            case_number=approval.case.number,
        )
        for approval in selectors.approvals_waiting_for(user).only(
            "kind", "created_at", "agency_id", "case_id", "case__number", "requested_by_id"
        )
    ]


def urgent_need_count(user: User, today: datetime.date) -> list[Tally]:
    """urgent_need_tasks' items counted from the same cases (the home page lists them too: one read for both),
    without building them."""
    if not capabilities(user).works_cases:
        return []
    entries = selectors.urgent_needs_for_user(user)
    overdue = sum((entry.oldest_opened_at + selectors.URGENT_NEED_DUE).date() < today for entry in entries)
    return [Tally(len(entries), overdue)]


def tasks_panel(user: User) -> Panel | None:
    """The number of tasks waiting, overdue ones counted apart, with a link to the list: counted in the
    database, read with the other panels' numbers (tasklist.task_count_parts; each source's rows once)."""
    parts, total, overdue = task_count_parts(user, timezone.localdate())
    return Panel(
        "cases/tasks_panel.html",
        {"total": Deferred(parts, plus=total), "overdue": Deferred(parts, plus=overdue, subset=True)},
        hide_when_zero="" if capabilities(user).works_cases else "total",
    )


def follow_up_count(user: User, today: datetime.date) -> list[TaskCount]:
    if not capabilities(user).works_cases:
        return []
    return [TaskCount(_follow_ups_to_do(user, today), overdue=Q(task_due__lt=today))]


def approval_count(user: User, today: datetime.date) -> list[TaskCount]:
    return [TaskCount(selectors.approvals_waiting_for(user), overdue=Q(created_at__lt=utc_day_start(today)))]
