from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import login_client
from reclaim.core.models import AuditEvent
from reclaim.scheduling import selectors
from reclaim.scheduling.models import Appointment, AppointmentStatus
from reclaim.scheduling.tests.conftest import soon

pytestmark = pytest.mark.django_db


def _form(personas, starts, minutes=60, **extra):
    ends = starts + timedelta(minutes=minutes)
    return {
        "on": starts.date().isoformat(),
        "starts": starts.strftime("%H:%M"),
        "ends": ends.strftime("%H:%M"),
        "attendees": [str(personas["case_manager"].pk)],
        "mode": "in_person",
        **extra,
    }


def test_tab_books_an_appointment(case, personas):
    client = login_client(personas["case_manager"])
    url = reverse("scheduling:case_appointments", args=[case.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["tab"] == "appointments"
    assert b'aria-current="page">Appointments' in page.content
    response = client.post(url, _form(personas, soon(), purpose="Visa appointment"))
    assert response.status_code == 302
    appointment = Appointment.objects.get(case=case)
    assert appointment.purpose == "Visa appointment"
    details = client.get(reverse("scheduling:appointment_edit", args=[case.pk, appointment.pk]))
    assert "Visa appointment" in details.content.decode()


def test_bad_input_shows_the_error_and_saves_nothing(case, personas):
    client = login_client(personas["case_manager"])
    url = reverse("scheduling:case_appointments", args=[case.pk])
    past = (timezone.localtime() - timedelta(days=2)).replace(hour=10, minute=0)  # never across midnight
    response = client.post(url, _form(personas, past))
    assert response.status_code == 200
    assert "This time has passed" in response.content.decode()
    response = client.post(url, {**_form(personas, soon()), "ends": "13:00"})
    assert "The end must be after the start" in response.content.decode()
    response = client.post(url, {**_form(personas, soon()), "attendees": []})
    assert "Choose at least one staff member" in response.content.decode()
    assert Appointment.objects.count() == 0


def test_conflict_is_warned_and_can_be_booked_anyway(case, personas, book):
    first = book(case)
    client = login_client(personas["case_manager"])
    url = reverse("scheduling:case_appointments", args=[case.pk])
    response = client.post(url, _form(personas, timezone.localtime(first.starts_at) + timedelta(minutes=30)))
    assert response.status_code == 200
    assert "This time overlaps other appointments" in response.content.decode()
    assert Appointment.objects.count() == 1
    response = client.post(
        url, _form(personas, timezone.localtime(first.starts_at) + timedelta(minutes=30), allow_conflict="on")
    )
    assert response.status_code == 302
    assert Appointment.objects.count() == 2


def test_edit_move_cancel_and_outcome_pages(case, personas, book):
    appointment = book(case)
    client = login_client(personas["case_manager"])
    edit = reverse("scheduling:appointment_edit", args=[case.pk, appointment.pk])
    assert client.get(edit).status_code == 200
    later = timezone.localtime(appointment.starts_at) + timedelta(days=1)
    response = client.post(edit, _form(personas, later, version=1))
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.RESCHEDULED
    moved = appointment.rescheduled_to
    # a stale version shows the conflict and saves nothing
    stale = client.post(edit, _form(personas, later, version=1))
    assert stale.status_code == 200
    # future: outcome refused on the page
    outcome = reverse("scheduling:appointment_outcome", args=[case.pk, moved.pk])
    response = client.post(outcome, {"outcome": "kept", "version": moved.version})
    assert "has not started yet" in response.content.decode()
    cancel = reverse("scheduling:appointment_cancel", args=[case.pk, moved.pk])
    assert client.post(cancel, {"by": "agency", "version": moved.version}).status_code == 302
    moved.refresh_from_db()
    assert moved.status == AppointmentStatus.CANCELLED_BY_AGENCY


def test_appointment_of_another_case_is_404_through_this_case_url(case, other_case, personas, book):
    appointment = book(case)
    client = login_client(personas["other_agency_user"])
    assert client.get(reverse("scheduling:case_appointments", args=[case.pk])).status_code == 404
    assert client.get(reverse("scheduling:appointment_edit", args=[case.pk, appointment.pk])).status_code == 404
    own = login_client(personas["case_manager"])
    assert own.get(reverse("scheduling:appointment_edit", args=[other_case.pk, appointment.pk])).status_code == 404


def test_reading_an_appointment_is_audited(case, personas, book):
    appointment = book(case)
    response = login_client(personas["supervisor"]).get(
        reverse("scheduling:appointment_edit", args=[case.pk, appointment.pk])
    )
    assert response.status_code == 200
    assert AuditEvent.objects.filter(
        action="appointment.read", actor_id=personas["supervisor"].pk, object_id=str(appointment.pk)
    ).exists()


def test_case_tab_query_count_is_constant(case, personas, book, assert_max_queries):
    client = login_client(personas["case_manager"])
    url = reverse("scheduling:case_appointments", args=[case.pk])
    book(case)
    client.get(url)
    with assert_max_queries(40) as few:
        client.get(url)
    for offset in range(1, 11):
        book(case, starts_at=soon() + timedelta(hours=offset * 2), attendee_ids=[personas["clinician"].pk])
    with assert_max_queries(40) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


def _day_url(day, staff=None):
    url = reverse("scheduling:calendar_day") + f"?date={day.isoformat()}"
    return url + (f"&staff={staff.pk}" if staff else "")


def test_day_calendar_query_count_is_the_same_for_2_and_12_appointments(case, personas, book, assert_max_queries):
    client = login_client(personas["case_manager"])
    start = soon(hour=7)
    for offset in range(2):
        book(case, starts_at=start + timedelta(minutes=offset * 70))
    client.get(_day_url(start.date()))
    with assert_max_queries(30) as two:
        response = client.get(_day_url(start.date()))
    assert len(response.context["rows"]) == 2
    for offset in range(2, 12):
        book(case, starts_at=start + timedelta(minutes=offset * 70))
    with assert_max_queries(30) as twelve:
        response = client.get(_day_url(start.date()))
    assert len(response.context["rows"]) == 12
    assert len(twelve.captured_queries) == len(two.captured_queries)
    assert case.number in response.content.decode()


def test_day_calendar_pages_through_a_full_day_in_order(case, personas, book, monkeypatch, assert_max_queries):
    # given a day of seven appointments and three to a page
    monkeypatch.setattr(selectors, "DAY_PAGE_SIZE", 3)
    client = login_client(personas["case_manager"])
    start = soon(hour=7)
    booked = [book(case, starts_at=start + timedelta(minutes=offset * 70)) for offset in range(7)]
    url = _day_url(start.date())
    client.get(url)
    # when the first page is read
    with assert_max_queries(30) as first_read:
        first = client.get(url)
    # then it lists the three earliest, says how many the day has, and links to the next page only
    assert [row.appointment.pk for row in first.context["rows"]] == [a.pk for a in booked[:3]]
    body = first.content.decode()
    assert "Appointments 1 to 3 of 7 this day." in body
    assert f'href="?date={start.date().isoformat()}&page=2" rel="next">Later appointments</a>' in body
    assert 'rel="prev"' not in body
    # and the last page holds the last one, linking back
    last = client.get(url + "&page=3")
    assert [row.appointment.pk for row in last.context["rows"]] == [booked[6].pk]
    assert "Appointments 7 to 7 of 7 this day." in last.content.decode()
    assert 'rel="next"' not in last.content.decode()
    # and a page past the end is the last page, a bad number the first
    assert client.get(url + "&page=40").context["page"].number == 3
    assert client.get(url + "&page=abc").context["page"].number == 1
    # and a page costs the same queries as the whole day did (the count comes with the page)
    with assert_max_queries(30) as second_read:
        client.get(url + "&page=2")
    assert len(second_read.captured_queries) == len(first_read.captured_queries)


def test_day_calendar_of_a_team_member_keeps_the_member_across_pages(case, personas, book, monkeypatch):
    # given the clinician's day of four appointments, two to a page, seen by the supervisor
    monkeypatch.setattr(selectors, "DAY_PAGE_SIZE", 2)
    start = soon(hour=7)
    for offset in range(4):
        book(case, starts_at=start + timedelta(minutes=offset * 70), attendee_ids=[personas["clinician"].pk])
    client = login_client(personas["supervisor"])
    response = client.get(_day_url(start.date(), personas["clinician"]))
    assert response.status_code == 200
    # then the next page's link names the member's calendar, not the supervisor's own
    expected = f"?date={start.date().isoformat()}&amp;staff={personas['clinician'].pk}&page=2"
    assert expected in response.content.decode()
    second = client.get(_day_url(start.date(), personas["clinician"]) + "&page=2")
    assert len(second.context["rows"]) == 2
    assert second.context["staff"] == personas["clinician"]


def test_week_calendar_groups_by_day(case, personas, book):
    first = book(case)
    book(case, starts_at=first.starts_at + timedelta(days=1))
    response = login_client(personas["case_manager"]).get(
        reverse("scheduling:calendar_week") + f"?date={timezone.localdate(first.starts_at).isoformat()}"
    )
    assert response.status_code == 200
    assert sum(len(rows) for _day, rows, _more in response.context["days"]) == 2


def test_a_full_day_in_the_week_shows_its_earliest_appointments_and_links_to_the_rest(
    case, personas, book, monkeypatch
):
    # given a day with three appointments and a week view that lists two a day
    from reclaim.scheduling import selectors

    monkeypatch.setattr(selectors, "WEEK_DAY_LIMIT", 2)
    first = book(case)
    later = [book(case, starts_at=first.starts_at + timedelta(minutes=70 * n)) for n in (1, 2)]
    day = timezone.localdate(first.starts_at)
    other = timedelta(days=-1 if day.weekday() == 6 else 1)  # another day of the same week
    next_day = book(case, starts_at=first.starts_at + other)
    # when the case manager opens the week
    response = login_client(personas["case_manager"]).get(
        reverse("scheduling:calendar_week") + f"?date={day.isoformat()}"
    )
    # then the full day lists its two earliest and says one more is on the day view; the next day lists its one
    days = {date: (rows, more) for date, rows, more in response.context["days"]}
    assert [row.appointment.pk for row in days[day][0]] == [first.pk, later[0].pk]
    assert days[day][1] == 1
    assert [row.appointment.pk for row in days[timezone.localdate(next_day.starts_at)][0]] == [next_day.pk]
    assert "1 more appointment this day: open the day" in response.content.decode()


def test_supervisor_sees_a_team_members_calendar_and_case_links_only_when_readable(case, personas, book, survivor_a):
    from reclaim.cases.actions import do_open_case
    from reclaim.cases.models import Case, CaseAssignment

    # given the clinician's appointment on the team case, and one on a case outside the supervisor's team
    on_team = book(case, attendee_ids=[personas["clinician"].pk])
    elsewhere = do_open_case(actor=personas["clinician"], survivor=survivor_a, team=None)
    Case.objects.filter(pk=elsewhere.pk).update(team=None)
    CaseAssignment.objects.filter(case=elsewhere, user=personas["supervisor"]).delete()
    book(elsewhere, actor="clinician", starts_at=on_team.starts_at + timedelta(hours=2))
    client = login_client(personas["supervisor"])
    # when the supervisor opens the clinician's day
    response = client.get(_day_url(timezone.localdate(on_team.starts_at), personas["clinician"]))
    # then both appear, only the readable one with its case number and link; the look is audited
    assert response.status_code == 200
    readable = [row.readable for row in response.context["rows"]]
    assert readable == [True, False]
    html = response.content.decode()
    assert case.number in html
    assert elsewhere.number not in html
    assert AuditEvent.objects.filter(action="calendar.read", object_id=str(personas["clinician"].pk)).exists()


def test_case_manager_cannot_open_a_colleagues_calendar(personas):
    client = login_client(personas["case_manager"])
    assert client.get(_day_url(timezone.localdate(), personas["clinician"])).status_code == 404


def test_other_agency_supervisor_cannot_open_a_calendar_here(personas):
    client = login_client(personas["other_agency_user"])
    assert client.get(_day_url(timezone.localdate(), personas["case_manager"])).status_code == 404


def test_volunteer_gets_403_on_the_calendar(personas):
    client = login_client(personas["volunteer"])
    assert client.get(reverse("scheduling:calendar_day")).status_code == 403
    assert client.get(reverse("scheduling:calendar_week")).status_code == 403


def test_an_appointment_from_the_evening_before_shows_on_the_day_it_runs_into(case, personas, book):
    # given a 12-hour night appointment (the longest allowed) that starts at 20:00 and runs into the next day,
    # and a moved one that would overlap too
    tz = timezone.get_current_timezone()
    evening = timezone.localtime(soon(), tz).replace(hour=20, minute=0, second=0, microsecond=0) + timedelta(days=1)
    night = book(case, starts_at=evening, minutes=12 * 60)
    moved = book(case, starts_at=evening + timedelta(hours=1), allow_conflict=True)
    Appointment.objects.filter(pk=moved.pk).update(status=AppointmentStatus.RESCHEDULED)
    next_day = timezone.localdate(evening + timedelta(hours=12))
    # then the next day's calendar lists it, and the moved one on neither day
    client = login_client(personas["case_manager"])
    for name in ("scheduling:calendar_day", "scheduling:calendar_week"):
        response = client.get(reverse(name) + f"?date={next_day.isoformat()}")
        html = response.content.decode()
        assert reverse("scheduling:appointment_edit", args=[case.pk, night.pk]) in html, name
        assert reverse("scheduling:appointment_edit", args=[case.pk, moved.pk]) not in html, name
