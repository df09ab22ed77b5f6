"""The agency-wide deadline calendar (/legal/deadlines/) and the legal settings page (/legal/settings/)."""

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
from reclaim.core.models import AuditEvent
from reclaim.legal import deadline_calendar as deadline_calendar_module
from reclaim.legal.actions import do_add_deadline, do_complete_deadline, do_open_matter
from reclaim.legal.models import LegalDeadline, LegalPolicy
from reclaim.legal.tests.conftest import shipped

TODAY = datetime.date(2030, 3, 12)
SECRET_TITLE = "Hearing about Mr Ortega's threats"


def at(day: datetime.date) -> time_machine.travel:
    return time_machine.travel(timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0))), tick=False)


@pytest.fixture
def deadlines(personas, t_visa):
    """An overdue filing deadline (March 2), a hearing on March 20 and an expiry in May, on the T-visa matter."""
    advocate = personas["legal_advocate"]
    with at(t_visa.opened_on):
        return {
            "filing": do_add_deadline(
                actor=advocate, matter=t_visa, kind="filing", title="File", due_on=datetime.date(2030, 3, 2)
            ),
            "hearing": do_add_deadline(
                actor=advocate, matter=t_visa, kind="hearing", title=SECRET_TITLE, due_on=datetime.date(2030, 3, 20)
            ),
            "expiry": do_add_deadline(
                actor=advocate, matter=t_visa, kind="expiry", title="Ends", due_on=datetime.date(2030, 5, 1)
            ),
        }


def _get(user, **params):
    with at(TODAY):
        return login_client(user).get(reverse("legal:deadlines"), params)


def test_the_month_grid_and_the_list(personas, case, deadlines):
    response = _get(personas["case_manager"])
    assert response.status_code == 200
    html = response.content.decode()
    assert "Legal deadlines in March 2030" in html
    # the grid puts each of this month's deadlines on its day; May's expiry is not in March
    days = {day.on: day.deadlines for week in response.context["weeks"] for day in week if day.on}
    assert [d.kind for d in days[datetime.date(2030, 3, 2)]] == ["filing"]
    assert [d.kind for d in days[datetime.date(2030, 3, 20)]] == ["hearing"]
    assert all(d.kind != "expiry" for ds in days.values() for d in ds)
    # the list has all three, soonest first, with days left or overdue in words
    assert [d.kind for d, _s in response.context["rows"]] == ["filing", "hearing", "expiry"]
    assert "Overdue by 10 days" in html and "Due in 8 days" in html
    assert case.number in html and reverse("cases:detail", args=[case.pk]) in html
    assert SECRET_TITLE not in html and "Marisol" not in html


def test_months_move_back_and_forth(personas, deadlines):
    html = _get(personas["case_manager"], month="2030-05").content.decode()
    assert "Legal deadlines in May 2030" in html
    assert "?month=2030-04" in html and "?month=2030-06" in html
    assert "Expiry" in html
    # a month that is not one falls back to this month
    for not_a_month in ("May", "2030-13", "9999-12", "0-1"):
        assert "Legal deadlines in March 2030" in _get(personas["case_manager"], month=not_a_month).content.decode()


@pytest.mark.parametrize(
    ("params", "kinds"),
    [
        ({"overdue": "on"}, ["filing"]),
        ({"kind": "hearing"}, ["hearing"]),
        ({"due_before": "2030-04-01"}, ["filing", "hearing"]),
        ({"overdue": "on", "kind": "hearing"}, []),
    ],
)
def test_filters(personas, deadlines, params, kinds):
    response = _get(personas["supervisor"], **params)
    assert [d.kind for d, _s in response.context["rows"]] == kinds


def test_the_advocate_filter(personas, deadlines):
    advocate = personas["legal_advocate"]
    response = _get(personas["program_director"], advocate=str(advocate.pk))
    assert len(response.context["rows"]) == 3
    assert response.context["form"].fields["advocate"].choices[1] == (str(advocate.pk), advocate.display_name)
    other = personas["case_manager"]
    response = _get(personas["program_director"], advocate=str(other.pk))
    assert "advocate" in response.context["form"].errors  # not a choice: shown, and left out


def test_a_bad_filter_is_a_field_error_not_a_failure(personas, deadlines):
    response = _get(personas["case_manager"], due_before="soon")
    assert response.status_code == 200
    assert "due_before" in response.context["form"].errors
    assert len(response.context["rows"]) == 3


def test_met_deadlines_leave_the_calendar(personas, deadlines):
    filing = deadlines["filing"]
    with at(TODAY):
        do_complete_deadline(actor=personas["legal_advocate"], deadline=filing, on=TODAY, expected_version=1)
    response = _get(personas["case_manager"])
    assert [d.kind for d, _s in response.context["rows"]] == ["hearing", "expiry"]


def test_only_cases_the_user_may_read(personas, survivor_a, deadlines, other_case):
    with at(TODAY):
        other = do_open_matter(
            actor=personas["other_agency_user"], case=other_case, matter_type=shipped("t_visa"), opened_on=TODAY
        )
        do_add_deadline(actor=personas["other_agency_user"], matter=other, kind="hearing", title="x", due_on=TODAY)
        # a case of the same agency the clinician is not assigned to
        unassigned = do_open_case(actor=personas["supervisor"], survivor=survivor_a, team=None)
        matter = do_open_matter(
            actor=personas["supervisor"], case=unassigned, matter_type=shipped("u_visa"), opened_on=TODAY
        )
        do_add_deadline(actor=personas["supervisor"], matter=matter, kind="renewal", title="y", due_on=TODAY)
    assert len(_get(personas["other_agency_user"]).context["rows"]) == 1
    assert [d.kind for d, _s in _get(personas["clinician"]).context["rows"]] == ["filing", "hearing", "expiry"]
    assert len(_get(personas["program_director"]).context["rows"]) == 4  # agency-wide scope


def test_constant_queries_and_pagination(personas, t_visa):
    advocate = personas["legal_advocate"]
    with at(t_visa.opened_on):
        do_add_deadline(actor=advocate, matter=t_visa, kind="hearing", title="h", due_on=TODAY)
    with at(TODAY):
        client = login_client(advocate)
        client.get(reverse("legal:deadlines"))
        with CaptureQueriesContext(connection) as one:
            client.get(reverse("legal:deadlines"))
    with at(t_visa.opened_on):
        for n in range(55):
            do_add_deadline(
                actor=advocate,
                matter=t_visa,
                kind="filing",
                title=f"f{n}",
                due_on=TODAY + datetime.timedelta(days=n % 15),
            )
    with at(TODAY):
        with CaptureQueriesContext(connection) as many:
            response = client.get(reverse("legal:deadlines"), {"kind": "filing"})
        second = client.get(reverse("legal:deadlines"), {"kind": "filing", "page": 2})
    assert len(many.captured_queries) <= len(one.captured_queries) + 1  # the advocate filter's choices
    assert len(response.context["rows"]) == 50
    assert len(second.context["rows"]) == 5
    assert "kind=filing" in response.content.decode().split("page=2")[0].rsplit("href", 1)[-1]


def _add_on(advocate, matter, day: datetime.date, n: int) -> list[LegalDeadline]:
    with at(matter.opened_on):
        return [
            do_add_deadline(actor=advocate, matter=matter, kind="filing", title=f"d{i}", due_on=day) for i in range(n)
        ]


def test_a_full_day_lists_the_first_and_says_how_many_more(personas, t_visa, deadlines, monkeypatch):
    monkeypatch.setattr(deadline_calendar_module, "GRID_DAY_LIMIT", 3)
    full = datetime.date(2030, 3, 25)
    added = _add_on(personas["legal_advocate"], t_visa, full, 7)
    response = _get(personas["case_manager"], kind="filing")
    days = {day.on: day for week in response.context["weeks"] for day in week if day.on}
    # the earliest three in the list's order (due_on, then pk), and the four left out
    assert [d.pk for d in days[full].deadlines] == sorted(d.pk for d in added)[:3]
    assert days[full].more == 4
    # other days are not touched: the filing of March 2 is listed, and nothing more
    assert [d.kind for d in days[datetime.date(2030, 3, 2)].deadlines] == ["filing"]
    assert all(day.more == 0 for on, day in days.items() if on != full)
    html = response.content.decode()
    assert html.count("more this day") == 1
    assert "4 more this day" in html
    assert "?month=2030-03&amp;due_on=2030-03-25&amp;kind=filing#list-heading" in html
    # the link's list: that day's seven, all of them
    listed = _get(personas["case_manager"], month="2030-03", due_on="2030-03-25", kind="filing")
    assert sorted(d.pk for d, _s in listed.context["rows"]) == sorted(d.pk for d in added)


def test_the_grid_lists_five_a_day_by_default(personas, t_visa):
    _add_on(personas["legal_advocate"], t_visa, TODAY, 6)
    response = _get(personas["case_manager"])
    today = next(day for week in response.context["weeks"] for day in week if day.on == TODAY)
    assert len(today.deadlines) == deadline_calendar_module.GRID_DAY_LIMIT == 5
    assert today.more == 1
    assert "1 more this day" in response.content.decode()


def test_a_full_day_costs_no_more_queries(personas, t_visa, monkeypatch):
    monkeypatch.setattr(deadline_calendar_module, "GRID_DAY_LIMIT", 3)
    advocate = personas["legal_advocate"]
    _add_on(advocate, t_visa, datetime.date(2030, 3, 5), 1)
    _add_on(advocate, t_visa, datetime.date(2030, 3, 25), 1)
    with at(TODAY):
        client = login_client(advocate)
        client.get(reverse("legal:deadlines"))
        with CaptureQueriesContext(connection) as two:
            client.get(reverse("legal:deadlines"))
    _add_on(advocate, t_visa, datetime.date(2030, 3, 25), 11)
    with at(TODAY), CaptureQueriesContext(connection) as twelve:
        response = client.get(reverse("legal:deadlines"))
    assert len(twelve.captured_queries) == len(two.captured_queries)
    days = {day.on: day for week in response.context["weeks"] for day in week if day.on}
    assert (len(days[datetime.date(2030, 3, 25)].deadlines), days[datetime.date(2030, 3, 25)].more) == (3, 9)


def test_the_due_on_filter_lists_that_day(personas, t_visa, deadlines):
    _add_on(personas["legal_advocate"], t_visa, datetime.date(2030, 3, 21), 2)
    response = _get(personas["supervisor"], due_on="2030-03-20")
    assert [d.pk for d, _s in response.context["rows"]] == [deadlines["hearing"].pk]
    # the grid still shows the whole month
    assert sum(len(day.deadlines) for week in response.context["weeks"] for day in week) == 4
    assert _get(personas["supervisor"], due_on="2030-03-19").context["rows"] == []


def test_a_bad_due_on_is_a_field_error_not_a_failure(personas, deadlines):
    response = _get(personas["case_manager"], due_on="2030-02-30")
    assert response.status_code == 200
    assert "due_on" in response.context["form"].errors
    assert len(response.context["rows"]) == 3


def test_the_menu_entry(personas):
    with at(TODAY):
        assert "Legal deadlines" in login_client(personas["case_manager"]).get(reverse("home")).content.decode()
        analyst_home = login_client(personas["analyst"]).get(reverse("home")).content.decode()
    assert reverse("legal:deadlines") not in analyst_home


# Settings -----------------------------------------------------------------------------------------------------


def _post_policy(user, **data):
    values = {"version": 1, "reminder_offsets": "60, 14", "default_jurisdiction": "US", **data}
    return login_client(user).post(reverse("legal:policy"), values)


def test_the_settings_page_saves_offsets_that_new_deadlines_copy(personas, agency, t_visa):
    page = login_client(personas["agency_admin"]).get(reverse("legal:policy"))
    assert page.context["form"].initial["reminder_offsets"] == "90, 30, 7"
    response = _post_policy(personas["program_director"], reminder_offsets="14, 60, 60")
    assert response.status_code == 302
    policy = LegalPolicy.objects.get(agency=agency)
    assert policy.reminder_offsets == [60, 14] and policy.version == 2
    assert AuditEvent.objects.filter(action="legal.policy_changed", object_id=str(policy.pk)).exists()
    deadline = do_add_deadline(actor=personas["legal_advocate"], matter=t_visa, kind="due", title="x", due_on=TODAY)
    assert deadline.reminder_offsets == [60, 14]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"reminder_offsets": "60, soon"}, "reminder_offsets"),
        ({"reminder_offsets": "4000"}, "reminder_offsets"),
        ({"reminder_offsets": "-1"}, "reminder_offsets"),
        ({"reminder_offsets": ", ".join(str(n) for n in range(11))}, "reminder_offsets"),
        ({"default_jurisdiction": "XX"}, "default_jurisdiction"),
    ],
)
def test_bad_settings_are_a_field_error_and_nothing_is_saved(personas, agency, data, field):
    response = _post_policy(personas["agency_admin"], **data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not LegalPolicy.objects.filter(agency=agency).exists()


def test_a_stale_save_shows_their_values(personas, agency):
    assert _post_policy(personas["agency_admin"], reminder_offsets="45").status_code == 302
    response = _post_policy(personas["program_director"], reminder_offsets="10")
    assert response.status_code == 200
    assert response.context["conflict"] is not None
    html = response.content.decode()
    assert "Someone else changed these settings" in html and "45" in html
    assert LegalPolicy.objects.get(agency=agency).reminder_offsets == [45]


def test_only_admins_and_directors_change_settings(personas, agency):
    for persona in ("case_manager", "supervisor", "legal_advocate"):
        assert _post_policy(personas[persona]).status_code == 403
    assert not LegalPolicy.objects.filter(agency=agency).exists()


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [
        ("case_manager", ["Legal deadlines", "Rights information"], ["Legal outcomes", "Legal settings"]),
        ("program_director", ["Legal deadlines", "Rights information", "Legal outcomes", "Legal settings"], []),
        ("agency_admin", ["Rights information", "Legal settings"], ["Legal deadlines"]),
        ("volunteer", [], ["Legal deadlines", "Rights information", "Legal outcomes", "Legal settings"]),
    ],
)
def test_the_menu_offers_the_legal_pages_each_role_may_open(personas, persona, shown, hidden):
    nav = login_client(personas[persona]).get(reverse("tasks")).content.decode().split("<main", 1)[0]
    for label in shown:
        assert label in nav, label
    for label in hidden:
        assert label not in nav, label
