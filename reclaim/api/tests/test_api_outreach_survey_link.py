"""Event feedback link through the API (issue 11 B): open it (the link is made once), close it (it keeps its
address and the public page says it is closed); readers may not change it, another agency gets 404."""

from __future__ import annotations

import pytest
from django.test import Client

from reclaim.outreach.models import OutreachEvent

pytestmark = pytest.mark.django_db
BASE = "/api/v1/outreach/events"


def _put(client, url, body):
    return client.put(url, body, content_type="application/json")


@pytest.fixture
def event_id(client_as):
    created = client_as("outreach_coordinator").post(
        BASE, {"title": "School talk", "starts_at": "2026-03-02T09:00:00Z"}, content_type="application/json"
    )
    assert created.status_code == 201
    return created.json()["id"]


def test_open_then_close_the_feedback_link(client_as, event_id):
    client = client_as("outreach_coordinator")
    url = f"{BASE}/{event_id}/survey-link"
    # given no link yet
    assert client.get(f"{BASE}/{event_id}").json()["survey_url"] is None
    # when it is opened
    opened = _put(client, url, {"open": True})
    # then the link to share comes back, and the public page takes answers
    assert opened.status_code == 200
    link = opened.json()["survey_url"]
    assert opened.json()["survey_open"] is True and link.startswith("http://testserver/")
    assert Client().get(link).status_code == 200
    # when it is closed, the address stays the same
    closed = _put(client, url, {"open": False})
    assert (closed.json()["survey_open"], closed.json()["survey_url"]) == (False, link)
    assert OutreachEvent.objects.get().survey_open is False
    # and opening again keeps the same address
    assert _put(client, url, {"open": True}).json()["survey_url"] == link


@pytest.mark.parametrize("body", [{}, {"open": "maybe"}, {"open": None}])
def test_bad_input_is_422_and_changes_nothing(client_as, event_id, body):
    response = _put(client_as("outreach_coordinator"), f"{BASE}/{event_id}/survey-link", body)
    assert response.status_code == 422
    assert not OutreachEvent.objects.get().survey_token


def test_readers_may_not_open_it_and_other_agencies_see_nothing(client_as, event_id):
    url = f"{BASE}/{event_id}/survey-link"
    assert _put(client_as("program_director"), url, {"open": True}).status_code == 403
    assert _put(client_as("other_agency_admin"), url, {"open": True}).status_code == 404
    assert OutreachEvent.objects.get().survey_open is False
