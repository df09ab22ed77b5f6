"""The user's one task list (/tasks/): what cases and assessments ask of a worker, grouped by due date."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from conftest import login_client
from reclaim.cases.actions import do_open_case, do_request_approval
from reclaim.cases.models import FollowUp, FollowUpStatus
from reclaim.cases.tasklist import TaskItem, tasks_for
from reclaim.cases.tests.follow_up_helpers import at, exit_to_follow_up
from reclaim.cases.views.tasks import group_tasks

# The session, the user with their membership and teams, then one or two queries per task source (17 sources today, with the
# portal's check-ins and consents taken back, outreach events' follow-ups and required training), however many
# tasks there are.
TASK_PAGE_QUERIES = 23


def _sources(items: list[TaskItem]) -> list[str]:
    return [item.source for item in items]


def test_grouping_puts_overdue_first_and_undated_last():
    today = datetime.date(2026, 3, 10)

    def item(due: datetime.date | None) -> TaskItem:
        return TaskItem(source="x", kind="k", title="t", url="/", due=due)

    items = [
        item(None),
        item(today + datetime.timedelta(days=30)),
        item(today),
        item(today - datetime.timedelta(days=1)),
    ]
    items.append(item(today + datetime.timedelta(days=7)))
    groups = group_tasks(items, today)
    assert [group.key for group in groups] == ["overdue", "today", "week", "later", "undated"]
    assert groups[0].items[0].is_overdue(today)


def test_a_source_may_give_its_own_overdue_rule():
    today = datetime.date(2026, 3, 10)
    in_grace = TaskItem(source="x", kind="k", title="t", url="/", due=today - datetime.timedelta(days=3), overdue=False)
    late = TaskItem(source="x", kind="k", title="t", url="/", due=today - datetime.timedelta(days=20), overdue=True)
    groups = {group.key: group.items for group in group_tasks([in_grace, late], today)}
    assert groups == {"overdue": [late], "today": [in_grace]}


def test_urgent_needs_and_approvals_land_on_the_right_lists(personas, survivor_a):
    manager, supervisor = personas["case_manager"], personas["supervisor"]
    case = do_open_case(actor=manager, survivor=survivor_a, team=survivor_a.team, urgent_needs=["medical_care"])
    # the case manager's list has the urgent need, urgent, with the case number and a link to the checklist
    items = tasks_for(manager, timezone.localdate())
    assert _sources(items) == ["urgent_need"]
    assert items[0].urgent and items[0].case_number == case.number
    assert items[0].url == reverse("cases:needs", args=[case.pk])
    # a closure request waits on the supervisor's list, not the case manager's
    do_request_approval(actor=manager, case=case, kind="close", close_reason="declined_further_services")
    assert "approval" in _sources(tasks_for(supervisor, timezone.localdate()))
    assert "approval" not in _sources(tasks_for(manager, timezone.localdate()))
    # nobody outside the case sees any of it
    assert tasks_for(personas["volunteer"], timezone.localdate()) == []
    assert tasks_for(personas["other_agency_user"], timezone.localdate()) == []


def test_a_missed_follow_up_contact_is_an_overdue_task(personas, survivor_a):
    case = exit_to_follow_up(personas, survivor_a)
    first = FollowUp.objects.filter(case=case).order_by("sequence").first()
    assert first is not None
    FollowUp.objects.filter(pk=first.pk).update(status=FollowUpStatus.MISSED)
    later = first.closes_on + datetime.timedelta(days=3)
    with at(later):
        items = [item for item in tasks_for(personas["case_manager"], later) if item.source == "follow_up"]
    assert len(items) == 1
    assert items[0].due == first.closes_on and items[0].is_overdue(later)


def test_the_page_shows_the_tasks_in_constant_queries(personas, survivor_a, assert_max_queries):
    manager = personas["case_manager"]
    client = login_client(manager)
    do_open_case(actor=manager, survivor=survivor_a, team=survivor_a.team, urgent_needs=["safety"])
    with assert_max_queries(TASK_PAGE_QUERIES):
        response = client.get(reverse("tasks"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Urgent need" in html and "Safety" in html
    assert "Marisol" not in html  # case numbers only
    for _ in range(4):
        do_open_case(actor=manager, survivor=survivor_a, team=survivor_a.team, urgent_needs=["medical_care"])
    with assert_max_queries(TASK_PAGE_QUERIES):
        response = client.get(reverse("tasks"))
    assert response.content.decode().count("Urgent need") >= 5


def test_the_home_page_counts_the_tasks(personas, survivor_a):
    manager = personas["case_manager"]
    do_open_case(actor=manager, survivor=survivor_a, team=survivor_a.team, urgent_needs=["safety"])
    html = login_client(manager).get(reverse("home")).content.decode()
    assert "1 task is waiting for you" in html
    assert reverse("tasks") in html


def test_a_volunteer_has_an_empty_list(personas):
    response = login_client(personas["volunteer"]).get(reverse("tasks"))
    assert response.status_code == 200
    assert "Nothing is waiting for you." in response.content.decode()


def test_a_long_list_is_shown_a_page_at_a_time_with_every_task_counted(personas, survivor_a, monkeypatch):
    from reclaim.cases.views import tasks as task_views

    # given seven cases with an urgent need each, and pages of three tasks
    manager = personas["case_manager"]
    opened = [
        do_open_case(actor=manager, survivor=survivor_a, team=survivor_a.team, urgent_needs=["safety"])
        for _ in range(7)
    ]
    monkeypatch.setattr(task_views, "PAGE_SIZE", 3)
    client = login_client(manager)
    # then the first page lists three of the seven and says so, the last one, and the counts are of all of them
    first = client.get(reverse("tasks")).content.decode()
    assert "7 tasks" in first
    assert "Showing 1 to 3" in first and "Page 1 of 3" in first and 'rel="next"' in first
    last = client.get(reverse("tasks") + "?page=3").content.decode()
    assert "Showing 7 to 7" in last and 'rel="prev"' in last and 'rel="next"' not in last
    shown = [case.number for case in opened if case.number in first or case.number in last]
    assert len(shown) == 4
    # a page past the end shows the last page, not an error
    assert "Page 3 of 3" in client.get(reverse("tasks") + "?page=99").content.decode()


def test_follow_up_contacts_are_listed_by_the_day_they_are_due_also_a_page_at_a_time(personas, survivor_a, agency):
    # given three cases in follow-up: the first one's first contact was missed (its window closed on 14 March),
    # the second's first contact was due on 10 March and the third's is due on 20 March
    from reclaim.cases.actions import mark_missed_follow_ups
    from reclaim.cases.task_sources import follow_up_tasks
    from reclaim.people.actions import do_create_survivor

    manager = personas["case_manager"]
    others = [
        do_create_survivor(actor=None, agency=agency, reference=f"A-00001{n}", given_name="Ana", team=survivor_a.team)
        for n in (2, 3)
    ]
    missed = exit_to_follow_up(personas, survivor_a, on=datetime.date(2026, 1, 31))
    exit_to_follow_up(personas, others[0], on=datetime.date(2026, 2, 10))
    exit_to_follow_up(personas, others[1], on=datetime.date(2026, 2, 20))
    mark_missed_follow_ups(today=datetime.date(2026, 3, 15))
    today = datetime.date(2026, 3, 15)
    with at(today):
        whole = follow_up_tasks(manager, today)
        # then a missed contact is due when its window closed, the others on their day, in that order
        assert [(item.due, item.title) for item in whole] == [
            (datetime.date(2026, 3, 10), "Follow-up contact due"),
            (missed.follow_ups.get(sequence=1).closes_on, "Contact missed: try again or record why"),
            (datetime.date(2026, 3, 20), "Follow-up contact due"),
        ]
        assert whole == sorted(whole, key=lambda item: item.due or datetime.date.max)
        # and the first ones of the list are the same when only they are asked for (ordered in the database)
        for limit in range(4):
            assert follow_up_tasks(manager, today, limit=limit) == whole[:limit]
        # and the counts (in the database, by the same due day) are the list's: the missed contact is overdue
        from reclaim.cases.tasklist import task_counts

        listed = tasks_for(manager, today)
        assert sum(item.source == "follow_up" and item.is_overdue(today) for item in listed) == 2
        assert task_counts(manager, today) == (len(listed), sum(item.is_overdue(today) for item in listed))
