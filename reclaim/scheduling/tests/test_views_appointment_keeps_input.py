"""An appointment the server refuses comes back with what was typed, marked as unsaved input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from conftest import login_client
from reclaim.scheduling.models import Appointment
from reclaim.scheduling.tests.conftest import soon

pytestmark = pytest.mark.django_db


def test_an_appointment_ending_before_it_starts_keeps_what_was_typed(case, personas):
    client = login_client(personas["case_manager"])
    starts = soon()
    # when the end is before the start
    response = client.post(
        reverse("scheduling:case_appointments", args=[case.pk]),
        {
            "on": starts.date().isoformat(),
            "starts": starts.strftime("%H:%M"),
            "ends": (starts - timedelta(hours=1)).strftime("%H:%M"),
            "attendees": [str(personas["case_manager"].pk)],
            "mode": "in_person",
            "purpose": "Visa interview preparation",
            "place": "Room 2",
            "interpreter_needed": "on",
            "interpreter_language": "Tigrinya",
        },
    )
    # then the error shows and every answer is still there
    html = response.content.decode()
    assert response.status_code == 200
    assert "The end must be after the start" in html
    assert "Visa interview preparation" in html
    assert 'value="Room 2"' in html
    assert 'value="Tigrinya"' in html
    assert f'value="{starts.date().isoformat()}"' in html
    assert 'data-warn-unsaved="kept"' in html
    assert not Appointment.objects.exists()
