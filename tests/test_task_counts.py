"""The home page's task counts (tasklist.task_counts, counted in the database) agree with the task
list (tasklist.tasks_for, built item by item) for every persona, on the query-count world: the matrix's objects
plus rows of every kind, today and three weeks later, when much of it is overdue."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.utils import timezone

from reclaim.accounts.models import User
from reclaim.cases.tasklist import task_counts, tasks_for
from tests.query_counts_support import grow
from tests.test_permission_matrix import objects as matrix_objects  # noqa: F401 — the fixture used below


def _both(user: User) -> tuple[tuple[int, int], tuple[int, int]]:
    user = User.objects.get(pk=user.pk)  # a fresh object: nothing cached from another read
    today = timezone.localdate()
    items = tasks_for(user, today)
    listed = (len(items), sum(item.is_overdue(today) for item in items))
    return listed, task_counts(User.objects.get(pk=user.pk), today)


def test_task_counts_agree_with_the_task_list(personas, matrix_objects):  # noqa: F811 — pytest fixture
    # given rows of every kind on agency A's cases, agency-wide, in groups, the portal and outreach
    grow(matrix_objects, rows=2, cases=2)
    for when in (timedelta(0), timedelta(days=21)):
        with time_machine.travel(timezone.now() + when, tick=False):
            # when each persona's tasks are listed and counted
            results = {name: _both(user) for name, user in personas.items() if isinstance(user, User)}
        # then the counts are the list's, and the world gave some persona tasks (overdue ones three weeks on)
        assert {name: counted for name, (_listed, counted) in results.items()} == {
            name: listed for name, (listed, _counted) in results.items()
        }
        assert max(listed[0] for listed, _counted in results.values()) > 0
        if when:
            assert max(listed[1] for listed, _counted in results.values()) > 0
