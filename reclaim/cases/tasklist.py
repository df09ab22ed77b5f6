"""The user's one task list: what each module asks of them, merged and sorted by due date.

Like panels.py: the task page lives in cases, and the domains built on cases (plans, scheduling, services,
assessments, ...) register a source here from their AppConfig.ready(). A source takes the user and today's
date and returns TaskItems; it must cost a constant number of queries and return only what the user may
see. Titles are shown to the user who owns the task, never logged or put in URLs.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from collections.abc import Callable

    from reclaim.accounts.models import User


WEEK = datetime.timedelta(days=7)
When = Literal["overdue", "today", "week", "later", "undated"]  # the task page's groups, in its order


@dataclass(frozen=True)
class TaskItem:
    source: str  # a short code of the module, e.g. "plan_step", "follow_up", "appointment"
    kind: str  # the label shown to the user, e.g. "Plan step"
    title: str  # what needs doing; may mention the case number, never a survivor's name unless owned
    url: str  # where the user does it
    due: datetime.date | None = None
    case_number: str = ""
    urgent: bool = False
    # Set by a source whose own rule differs from "due before today" (a reassessment has 14 days' grace).
    overdue: bool | None = None

    def is_overdue(self, today: datetime.date) -> bool:
        if self.overdue is not None:
            return self.overdue
        return self.due is not None and self.due < today

    def when(self, today: datetime.date) -> When:
        """The group the task page shows it in: overdue, today (due now, or past its date within a grace its
        source allows), week (the next seven days), later, or undated."""
        if self.is_overdue(today):
            return "overdue"
        if self.due is None:
            return "undated"
        if self.due <= today:
            return "today"
        if self.due <= today + WEEK:
            return "week"
        return "later"


_sources: list[Callable[[User, datetime.date], list[TaskItem]]] = []


def register_task_source(source: Callable[[User, datetime.date], list[TaskItem]]) -> None:
    """Add a source once (ready() may run more than once in tests)."""
    if source not in _sources:
        _sources.append(source)


def tasks_for(user: User, today: datetime.date) -> list[TaskItem]:
    """Every source's items: urgent first, then by due date (undated last)."""
    items = [item for source in _sources for item in source(user, today)]
    return sorted(items, key=lambda item: (not item.urgent, item.due or datetime.date.max, item.kind))
