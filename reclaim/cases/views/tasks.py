"""The signed-in user's one task list: every module's to-dos, grouped by when they are due."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.http import request_user
from reclaim.cases.tasklist import TaskItem, TaskPages

if TYPE_CHECKING:
    import datetime

    from django.http import HttpRequest, HttpResponse
    from django.utils.functional import Promise


@dataclass
class TaskGroup:
    key: str
    label: str | Promise
    items: list[TaskItem] = field(default_factory=list)


def group_tasks(items: list[TaskItem], today: datetime.date) -> list[TaskGroup]:
    """Overdue, due now (today, or past its date but within a grace its source allows), the next seven days,
    later, and undated: in that order, empty groups dropped."""
    groups = {
        "overdue": TaskGroup("overdue", _("Overdue")),
        "today": TaskGroup("today", _("Due now")),
        "week": TaskGroup("week", _("Next seven days")),
        "later": TaskGroup("later", _("Later")),
        "undated": TaskGroup("undated", _("No due date")),
    }
    for item in items:
        groups[item.when(today)].items.append(item)
    return [group for group in groups.values() if group.items]


# Tasks on one page of the list. A worker on thousands of cases may have tens of thousands (every reassessment
# due, every plan step): building them all took seconds. The counts above the list are of every task, counted in
# the database or from the sources read for the page; the page builds only the tasks up to its end (TaskPages).
PAGE_SIZE = 100


def my_tasks(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    today = timezone.localdate()
    tasks = TaskPages(user, today)
    total, overdue = tasks.counts()
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/tasks.html",
        {
            "groups": group_tasks(list(page.object_list), today),
            "page": page,
            "total": total,
            "overdue": overdue,
            "today": today,
        },
    )
