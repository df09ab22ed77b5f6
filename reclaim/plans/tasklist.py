"""Task-list sources of plans (registered in PlansConfig.ready()): the user's open plan steps and case
tasks, and plan reviews due within 14 days or overdue on the cases assigned to them. One query each."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from reclaim.accounts.selectors import capabilities
from reclaim.cases.tasklist import TaskCount, TaskItem
from reclaim.plans import selectors

if TYPE_CHECKING:
    import datetime

    from reclaim.accounts.models import User


def open_plan_tasks(user: User, today: datetime.date, *, limit: int | None = None) -> list[TaskItem]:
    """Tasks owned by the user, the first `limit` by due date when given; the title is theirs to read (it is
    shown only to its owner)."""
    return [
        TaskItem(
            source="plan_step",
            kind=str(_("Plan step") if task.goal_id else _("Case task")),
            title=task.title or "",
            url=reverse("plans:plan", args=[task.case_id]) + f"#task-{task.pk}",
            due=task.due_on,
            case_number=task.case.number if task.case else "",
        )
        for task in selectors.open_tasks_owned_by(user)[:limit]
    ]


def plan_reviews_due(user: User, today: datetime.date, *, limit: int | None = None) -> list[TaskItem]:
    """Reviews due on the user's cases, the first `limit` by due date when given."""
    return [
        TaskItem(
            source="plan_review",
            kind=str(_("Plan review")),
            title=str(_("Review the plan of case %(number)s") % {"number": plan.case.number}),
            url=reverse("plans:review", args=[plan.case_id]),
            due=plan.next_review_on,
            case_number=plan.case.number,
        )
        for plan in selectors.reviews_due_for(user, today)[:limit]
    ]


def reviews_to_sign_off(user: User, today: datetime.date) -> list[TaskItem]:
    """For supervisors and directors: reviews recorded by someone else, waiting for their sign-off."""
    if not capabilities(user).approves_closure:
        return []
    return [
        TaskItem(
            source="plan_sign_off",
            kind=str(_("Plan review to sign off")),
            title=str(_("Sign off the plan review of case %(number)s") % {"number": version.case.number}),
            url=reverse("plans:version", args=[version.case_id, version.pk]),
            due=version.reviewed_on,
            case_number=version.case.number,
        )
        for version in selectors.reviews_awaiting_sign_off(user)
    ]


def open_plan_count(user: User, today: datetime.date) -> list[TaskCount]:
    return [TaskCount(selectors.open_tasks_owned_by(user), overdue=Q(due_on__lt=today))]


def plan_review_count(user: User, today: datetime.date) -> list[TaskCount]:
    return [TaskCount(selectors.reviews_due_for(user, today), overdue=Q(next_review_on__lt=today))]


def sign_off_count(user: User, today: datetime.date) -> list[TaskCount]:
    if not capabilities(user).approves_closure:
        return []
    return [TaskCount(selectors.reviews_awaiting_sign_off(user), overdue=Q(reviewed_on__lt=today))]
