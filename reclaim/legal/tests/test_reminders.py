"""Deadline reminders (reclaim/legal/reminders.py) with a frozen clock: the stage rule, who is reminded (the
advocate and the case manager; overdue ones also the supervisors who can read the case), and where they show
(the task list and the home page)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import login_client
from reclaim.cases.actions import do_open_case
from reclaim.cases.models import CaseAssignment
from reclaim.cases.tasklist import tasks_for
from reclaim.legal.actions import (
    MatterDetails,
    do_add_deadline,
    do_advance_step,
    do_close_matter,
    do_complete_deadline,
    do_open_matter,
)
from reclaim.legal.reminders import reminder_on, reminders_for_user
from reclaim.legal.task_sources import deadline_tasks
from reclaim.legal.tests.conftest import shipped

DUE = datetime.date(2030, 6, 15)
SECRET_TITLE = "Bring the passport Mr Ortega kept"


def at(day: datetime.date) -> time_machine.travel:
    """Freeze the clock at noon (local time) of `day`."""
    return time_machine.travel(timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0))), tick=False)


def before(days: int) -> datetime.date:
    return DUE - datetime.timedelta(days=days)


@pytest.mark.parametrize(
    ("today", "stage", "wording"),
    [
        (before(91), "none", ""),
        (before(90), 90, "Due in 90 days"),
        (before(60), 90, "Due in 60 days"),
        (before(30), 30, "Due in 30 days"),
        (before(8), 30, "Due in 8 days"),
        (before(7), 7, "Due in 7 days"),
        (before(1), 7, "Due in 1 day"),
        (DUE, 0, "Due today"),
        (DUE + datetime.timedelta(days=1), None, "Overdue by 1 day"),
        (DUE + datetime.timedelta(days=12), None, "Overdue by 12 days"),
    ],
)
def test_the_stage_rule(today, stage, wording):
    reminder = reminder_on(DUE, [90, 30, 7], today)
    if stage == "none":
        assert reminder is None
        return
    assert reminder is not None
    assert reminder.stage == stage
    assert reminder.wording == wording
    assert reminder.overdue is (today > DUE)
    assert reminder.days_left == (DUE - today).days


def test_without_offsets_a_deadline_still_shows_on_its_day_and_after():
    assert reminder_on(DUE, [], before(1)) is None
    on_the_day = reminder_on(DUE, [], DUE)
    assert on_the_day is not None and on_the_day.wording == "Due today"
    late = reminder_on(DUE, [], DUE + datetime.timedelta(days=2))
    assert late is not None and late.overdue
    assert reminder_on(DUE, [90], DUE + datetime.timedelta(days=2), is_open=False) is None


@pytest.fixture
def filing(personas, t_visa):
    """A filing deadline due on DUE, with the agency's default offsets (90, 30, 7)."""
    with at(t_visa.opened_on):
        return do_add_deadline(
            actor=personas["legal_advocate"], matter=t_visa, kind="filing", title=SECRET_TITLE, due_on=DUE
        )


def _legal_items(user, today):
    return [item for item in tasks_for(user, today) if item.source == "legal_deadline"]


def test_new_deadlines_copy_the_agency_offsets(filing):
    assert filing.reminder_offsets == [90, 30, 7]


@pytest.mark.parametrize(
    ("days_before", "wording"), [(90, "Due in 90 days"), (30, "Due in 30 days"), (7, "Due in 7 days"), (0, "Due today")]
)
def test_the_advocate_and_the_case_manager_are_reminded_at_each_stage(personas, case, filing, days_before, wording):
    day = before(days_before)
    with at(day):
        for worker in ("legal_advocate", "case_manager"):
            items = _legal_items(personas[worker], day)
            assert len(items) == 1, worker
            item = items[0]
            assert item.case_number == case.number
            assert item.due == DUE
            assert "T visa" in item.title and "Filing deadline" in item.title and wording in item.title
            assert SECRET_TITLE not in item.title  # the deadline's own text stays on the matter page
            assert not item.is_overdue(day)
        # the clinician works the case but is neither its advocate nor its lead worker
        assert _legal_items(personas["clinician"], day) == []
        # a supervisor is not reminded of deadlines that are still ahead
        assert _legal_items(personas["supervisor"], day) == []


def test_nothing_the_day_before_the_first_reminder(personas, filing):
    day = before(91)
    with at(day):
        for worker in ("legal_advocate", "case_manager", "supervisor", "program_director"):
            assert _legal_items(personas[worker], day) == []


def test_an_overdue_deadline_reaches_the_supervisors_too(personas, filing):
    day = DUE + datetime.timedelta(days=3)
    with at(day):
        for worker in ("legal_advocate", "case_manager", "supervisor", "program_director"):
            items = _legal_items(personas[worker], day)
            assert len(items) == 1, worker
            assert items[0].is_overdue(day) and items[0].urgent
            assert "Overdue by 3 days" in items[0].title
        for outsider in ("clinician", "volunteer", "agency_admin", "analyst", "other_agency_user"):
            assert _legal_items(personas[outsider], day) == [], outsider


def test_a_met_deadline_disappears(personas, filing):
    day = DUE + datetime.timedelta(days=1)
    with at(day):
        assert _legal_items(personas["supervisor"], day)
        do_complete_deadline(actor=personas["legal_advocate"], deadline=filing, on=day, expected_version=filing.version)
        for worker in ("legal_advocate", "case_manager", "supervisor"):
            assert _legal_items(personas[worker], day) == []


def test_an_expiry_still_reminds_after_its_matter_closed(personas, t_visa, filing):
    with at(t_visa.opened_on):
        expiry = do_add_deadline(
            actor=personas["legal_advocate"], matter=t_visa, kind="expiry", title="Status ends", due_on=DUE
        )
        do_close_matter(
            actor=personas["legal_advocate"],
            matter=t_visa,
            outcome="withdrawn",
            on=t_visa.opened_on,
            expected_version=t_visa.version,
        )
    day = before(30)
    with at(day):
        items = _legal_items(personas["case_manager"], day)
    # the filing deadline closed with the matter; the expiry did not
    assert [item.title for item in items] == ["T visa: Expiry. Due in 30 days"]
    assert expiry.pk


def test_another_agency_never_sees_them(personas, filing, other_case):
    with at(DUE):
        other = do_open_matter(
            actor=personas["other_agency_user"], case=other_case, matter_type=shipped("t_visa"), opened_on=DUE
        )
        do_add_deadline(actor=personas["other_agency_user"], matter=other, kind="hearing", title="x", due_on=DUE)
    day = DUE + datetime.timedelta(days=5)
    with at(day):
        assert len(_legal_items(personas["other_agency_user"], day)) == 1  # their own, overdue
        for worker in ("legal_advocate", "case_manager", "supervisor", "program_director"):
            assert len(_legal_items(personas[worker], day)) == 1, worker  # ours only


def test_the_source_costs_one_query_however_many_deadlines(personas, t_visa, survivor_a):
    advocate = personas["legal_advocate"]
    with at(t_visa.opened_on):
        do_add_deadline(actor=advocate, matter=t_visa, kind="filing", title="a", due_on=DUE)
    deadline_tasks(advocate, DUE)  # the membership is loaded once per request
    with CaptureQueriesContext(connection) as one:
        assert len(deadline_tasks(advocate, DUE)) == 1
    with at(t_visa.opened_on):
        for n in range(4):
            case = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
            CaseAssignment.objects.create(agency_id=case.agency_id, case=case, user=advocate)
            matter = do_open_matter(
                actor=advocate,
                case=case,
                matter_type=shipped("u_visa"),
                opened_on=t_visa.opened_on,
                details=MatterDetails(advocate=advocate),
            )
            do_add_deadline(actor=advocate, matter=matter, kind="hearing", title=f"h{n}", due_on=DUE)
    with CaptureQueriesContext(connection) as many:
        assert len(deadline_tasks(advocate, DUE)) == 5
    assert len(many.captured_queries) == len(one.captured_queries) == 1


def test_the_task_page_and_the_home_page_show_them(personas, case, filing):
    day = before(20)
    with at(day):
        client = login_client(personas["case_manager"])
        tasks = client.get(reverse("tasks"))
        home = client.get(reverse("home"))
        clinician_home = login_client(personas["clinician"]).get(reverse("home"))
    html = tasks.content.decode()
    assert "T visa: Filing deadline. Due in 20 days" in html and case.number in html
    assert SECRET_TITLE not in html and "Marisol" not in html
    home_html = home.content.decode()
    assert "Legal deadlines" in home_html
    assert "1 legal deadline falls in the next 30 days." in home_html
    assert "legal-deadlines-heading" not in clinician_home.content.decode()


def test_the_home_panel_counts_overdue_apart(personas, filing):
    with at(DUE + datetime.timedelta(days=2)):
        html = login_client(personas["supervisor"]).get(reverse("home")).content.decode()
    assert "1 legal deadline has passed and is not marked done." in html


def test_reminders_for_user_is_empty_for_roles_without_cases(personas, filing):
    assert reminders_for_user(personas["analyst"], DUE) == []
    assert reminders_for_user(personas["agency_admin"], DUE + datetime.timedelta(days=9)) == []


def test_a_deadline_a_step_brought_is_named_in_the_words_of_its_set(personas, t_visa):
    advocate = personas["legal_advocate"]
    on = timezone.localdate()
    do_advance_step(actor=advocate, matter=t_visa, to_step="application_filed", on=on, expected_version=1)
    [item] = deadline_tasks(advocate, on)
    assert item.title == "T visa: Receipt notice expected. Due in 30 days"
