from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from conftest import login_client
from reclaim.scheduling.models import Appointment, AppointmentStatus
from reclaim.scheduling.tests.conftest import soon

pytestmark = pytest.mark.django_db


def _body(personas, starts, **extra):
    return {
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=1)).isoformat(),
        "attendee_ids": [str(personas["case_manager"].pk)],
        **extra,
    }


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_book_list_and_my_calendar(case, personas):
    client = login_client(personas["case_manager"])
    url = f"/api/v1/cases/{case.pk}/appointments"
    starts = soon()
    response = _post(
        client, url, _body(personas, starts, purpose="Clinic", mode="video", video_link="https://v.example/x")
    )
    assert response.status_code == 201
    body = response.json()
    assert body["purpose"] == "Clinic"
    assert body["status"] == "booked"
    assert [row["id"] for row in client.get(url).json()["items"]] == [body["id"]]
    mine = client.get(f"/api/v1/appointments?from={starts.date().isoformat()}&to={starts.date().isoformat()}").json()[
        "items"
    ]
    assert [(row["id"], row["case_number"]) for row in mine] == [(body["id"], case.number)]


def test_conflict_is_409_unless_allowed(case, personas, book):
    first = book(case)
    client = login_client(personas["case_manager"])
    url = f"/api/v1/cases/{case.pk}/appointments"
    response = _post(client, url, _body(personas, first.starts_at + timedelta(minutes=15)))
    assert response.status_code == 409
    assert response.json()["code"] == "scheduling.conflict"
    assert response.json()["clashes"][0]["appointment_id"] == str(first.pk)
    assert Appointment.objects.count() == 1
    response = _post(client, url, _body(personas, first.starts_at + timedelta(minutes=15), allow_conflict=True))
    assert response.status_code == 201


@pytest.mark.parametrize(
    "change",
    [
        {"ends_at": "2020-01-01T00:00:00+00:00"},  # before the start
        {"starts_at": "2020-01-01T10:00:00+00:00", "ends_at": "2020-01-01T11:00:00+00:00"},  # in the past
        {"mode": "carrier pigeon"},
        {"attendee_ids": []},
        {"starts_at": "2030-01-01T10:00:00", "ends_at": "2030-01-01T11:00:00"},  # no time zone
    ],
)
def test_invalid_input_is_422_and_nothing_saved(case, personas, change):
    client = login_client(personas["case_manager"])
    response = _post(client, f"/api/v1/cases/{case.pk}/appointments", {**_body(personas, soon()), **change})
    assert response.status_code == 422
    assert response.json()["fields"]
    assert Appointment.objects.count() == 0


def test_patch_moves_and_a_stale_version_is_409(case, personas, book):
    appointment = book(case)
    client = login_client(personas["case_manager"])
    later = appointment.starts_at + timedelta(days=1)
    response = client.patch(
        f"/api/v1/appointments/{appointment.pk}",
        {"version": 1, "starts_at": later.isoformat(), "ends_at": (later + timedelta(hours=1)).isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["rescheduled_from_id"] == str(appointment.pk)
    stale = client.patch(
        f"/api/v1/appointments/{appointment.pk}", {"version": 1, "purpose": "x"}, content_type="application/json"
    )
    assert stale.status_code == 409
    assert stale.json()["code"] == "edit_conflict"


def test_outcome_refused_before_the_start_then_recorded(case, personas, book):
    appointment = book(case)
    client = login_client(personas["case_manager"])
    url = f"/api/v1/appointments/{appointment.pk}/outcome"
    response = _post(client, url, {"version": 1, "outcome": "kept"})
    assert response.status_code == 422
    assert response.json()["code"] == "scheduling.not_started"
    with time_machine.travel(appointment.ends_at + timedelta(minutes=1)):
        client = login_client(personas["case_manager"])  # a fresh session: the old one timed out meanwhile
        response = _post(client, url, {"version": 1, "outcome": "no_show", "note": "No answer by phone"})
    assert response.status_code == 200
    assert response.json()["status"] == "no_show"


def test_cancel(case, personas, book):
    appointment = book(case)
    client = login_client(personas["case_manager"])
    response = _post(client, f"/api/v1/appointments/{appointment.pk}/cancel", {"version": 1, "by": "survivor"})
    assert response.status_code == 200
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED_BY_SURVIVOR


def test_other_agency_gets_404_and_volunteer_403(case, personas, book):
    appointment = book(case)
    outsider = login_client(personas["other_agency_user"])
    assert outsider.get(f"/api/v1/cases/{case.pk}/appointments").status_code == 404
    assert (
        _post(outsider, f"/api/v1/appointments/{appointment.pk}/cancel", {"version": 1, "by": "agency"}).status_code
        == 404
    )
    assert outsider.get("/api/v1/appointments").json()["items"] == []
    volunteer = login_client(personas["volunteer"])
    assert volunteer.get("/api/v1/appointments").status_code == 403
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BOOKED


def test_range_is_capped(personas):
    client = login_client(personas["case_manager"])
    today = timezone.localdate()
    response = client.get(f"/api/v1/appointments?from={today}&to={today + timedelta(days=90)}")
    assert response.status_code == 422
