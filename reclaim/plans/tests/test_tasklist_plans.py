"""Task-list sources: the user's open steps (owner = user) and plan reviews due within 14 days or overdue on
their assigned cases; one query each, whatever the number of items."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reclaim.cases.actions import do_open_case
from reclaim.cases.tasklist import tasks_for
from reclaim.plans.actions import TaskData, do_add_task, do_complete_task, do_create_plan, do_record_review
from reclaim.plans.models import Task
from reclaim.plans.tasklist import open_plan_tasks, plan_reviews_due

pytestmark = pytest.mark.django_db


def test_open_steps_of_the_owner_only(personas, case, plan):
    today = timezone.localdate()
    cm = personas["case_manager"]
    do_add_task(actor=cm, case=case, data=TaskData(title="Book interpreter", owner=personas["clinician"]))
    loose = do_add_task(actor=cm, case=case, data=TaskData(title="File the form", owner=cm, due_on=today))
    done = do_add_task(actor=cm, case=case, data=TaskData(title="Already done", owner=cm))
    do_complete_task(actor=cm, task=done, expected_version=done.version)
    items = open_plan_tasks(cm, today)
    assert sorted(i.title for i in items) == ["Call the housing office", "File the form"]
    item = next(i for i in items if i.title == "File the form")
    assert item.url == reverse("plans:plan", args=[case.pk]) + f"#task-{loose.pk}"
    assert item.case_number == case.number
    assert item.due == today
    assert item.kind == "Case task"
    # and it reaches the merged task list
    assert "File the form" in [i.title for i in tasks_for(cm, today)]
    assert open_plan_tasks(personas["volunteer"], today) == []


def test_open_steps_cost_one_query(personas, case, plan, django_assert_num_queries):
    cm = personas["case_manager"]
    for n in range(5):
        do_add_task(actor=cm, case=case, data=TaskData(title=f"Step {n}", owner=cm))
    today = timezone.localdate()
    open_plan_tasks(cm, today)  # warms the membership cache on the user
    with django_assert_num_queries(1):
        assert len(open_plan_tasks(cm, today)) == 6
    assert Task.objects.filter(owner=cm).count() == 6


def test_reviews_due_soon_or_overdue_for_assigned_workers(personas, survivor_a, case, plan):
    today = timezone.localdate()
    cm = personas["case_manager"]
    # the fixture plan is due in 90 days: not yet on the list
    assert plan_reviews_due(cm, today) == []
    # a second case whose plan was reviewed 80 days ago is due in 10 days
    second = do_open_case(actor=cm, survivor=survivor_a, team=survivor_a.team)
    other = do_create_plan(actor=cm, case=second)
    do_record_review(
        actor=cm, plan=other, expected_version=other.version, reviewed_on=today - datetime.timedelta(days=80)
    )
    items = plan_reviews_due(cm, today)
    assert [i.case_number for i in items] == [second.number]
    assert items[0].due == today + datetime.timedelta(days=10)
    assert items[0].url == reverse("plans:review", args=[second.pk])
    # the supervisor is not assigned to it, so it is not theirs; 90 days later the fixture plan is overdue
    assert plan_reviews_due(personas["supervisor"], today) == []
    later = today + datetime.timedelta(days=95)
    assert {i.case_number for i in plan_reviews_due(cm, later)} == {case.number, second.number}


def test_the_first_steps_and_reviews_are_the_earliest_due_undated_last(personas, survivor_a, case, plan):
    # given steps due on several days (two the same day) and undated ones, and reviews due on several days
    today = timezone.localdate()
    cm = personas["case_manager"]
    for n, days in enumerate([None, 5, None, 2, 2, 9, None, 1]):
        due = today + datetime.timedelta(days=days) if days is not None else None
        do_add_task(actor=cm, case=case, data=TaskData(title=f"Step {n}", owner=cm, due_on=due))
    for days_ago in (85, 78, 85, 80):
        other = do_create_plan(actor=cm, case=do_open_case(actor=cm, survivor=survivor_a, team=survivor_a.team))
        do_record_review(
            actor=cm, plan=other, expected_version=other.version, reviewed_on=today - datetime.timedelta(days=days_ago)
        )
    for source in (open_plan_tasks, plan_reviews_due):
        whole = source(cm, today)
        in_order = sorted(whole, key=lambda item: item.due or datetime.date.max)
        # when a page asks a source for its first few
        for limit in range(1, len(whole) + 1):
            # then they are the earliest due, undated last, and the same ones and order each time
            assert source(cm, today, limit=limit) == in_order[:limit], (source.__name__, limit)
        assert whole == in_order  # the whole list is in that order too (SQLite sorts NULL first by itself)
