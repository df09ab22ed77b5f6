"""The home page's task counts (tasklist.task_counts, counted in the database) agree with the task
list (tasklist.tasks_for, built item by item) for every persona, on the query-count world: the matrix's objects
plus rows of every kind, today and three weeks later, when much of it is overdue."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from reclaim.accounts.models import User
from reclaim.cases import tasklist
from reclaim.cases.tasklist import TaskPages, task_counts, tasks_for
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


def test_a_page_of_the_list_is_that_slice_of_the_whole_list(personas, matrix_objects):  # noqa: F811 — fixture
    # given rows of every kind, many due the same day (ties the page boundary must not reorder)
    grow(matrix_objects, rows=3, cases=3)
    for when in (timedelta(0), timedelta(days=21)):
        with time_machine.travel(timezone.now() + when, tick=False):
            for name, user in personas.items():
                if not isinstance(user, User):
                    continue
                today = timezone.localdate()
                whole = tasks_for(User.objects.get(pk=user.pk), today)
                pages = TaskPages(User.objects.get(pk=user.pk), today)
                # when the list is read only as far as each page's end, the pages are the whole list's slices
                for size in (1, 3, 8):  # size 1 puts a page boundary after every item
                    for start in range(0, len(whole) + size, size):
                        assert pages[start : start + size] == whole[start : start + size], (name, size, start)
                # and a group's first tasks, read only as far as needed, are the whole list's
                for group in ("overdue", "today", "week", "later", "undated"):
                    in_group = [item for item in whole if item.when(today) == group]
                    for count in (1, 2, 5):
                        kept = pages.first_where(lambda item, g=group, t=today: item.when(t) == g, count)
                        assert kept == in_group[:count], (name, group, count)
                # and the counts are the whole list's
                assert pages.counts() == (len(whole), sum(item.is_overdue(today) for item in whole)), name
                assert len(pages) == len(whole)


def test_a_bounded_source_builds_no_more_than_the_page_needs(personas, matrix_objects):  # noqa: F811 — fixture
    # given a case manager with more reassessments and plan tasks due than one page of two
    grow(matrix_objects, rows=3, cases=3)
    manager = User.objects.get(pk=personas["case_manager"].pk)
    today = timezone.localdate()
    bounded = [source for source in tasklist._sources if source in tasklist._bounded]
    assert {source.__name__ for source in bounded} >= {"reassessment_tasks", "open_plan_tasks"}
    for source in bounded:
        whole = source(manager, today)
        # when the source is asked for its first two
        first = source(manager, today, limit=2)
        # then it gives those two, in the list's order
        assert first == sorted(whole, key=tasklist._order)[:2], source.__name__
    assert max(len(source(manager, today)) for source in bounded) > 2


def test_a_bounded_source_must_be_counted():
    with pytest.raises(ValueError, match="needs a counter"):
        tasklist.register_task_source(lambda user, today, limit=None: [], bounded=True)
