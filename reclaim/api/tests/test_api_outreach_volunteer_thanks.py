"""Issue 11 API completeness: a volunteer's thank-you notes (list, add) with the volunteer page's gate: volunteer
coordinators of the agency only; 422 naming the field on bad input with nothing saved; another agency 404."""

from __future__ import annotations

from datetime import date

import pytest

from reclaim.outreach.models import VolunteerThanks
from reclaim.outreach.tests.volunteers_support import active_volunteer
from reclaim.outreach.volunteers_actions import do_thank_volunteer

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


@pytest.fixture
def volunteer(personas, agency):
    return active_volunteer(personas["outreach_coordinator"], agency)


def test_add_and_list(personas, volunteer, client_as):
    # given a coordinator and an earlier note
    url = f"/api/v1/outreach/volunteers/{volunteer.pk}/thanks"
    do_thank_volunteer(actor=personas["agency_admin"], volunteer=volunteer, note="Thanks", written_on=date(2026, 1, 2))
    client = client_as("outreach_coordinator")
    # when a note is recorded without a date, and another with one
    today = post(client, url, {"note": "  Thank you for the winter drives.  "})
    dated = post(client, url, {"note": "Thank you for the fair.", "written_on": "2026-02-01"})
    # then both are kept, trimmed and dated (today by default), and listed latest first
    assert today.status_code == 201, today.content
    assert dated.status_code == 201, dated.content
    assert today.json()["note"] == "Thank you for the winter drives."
    assert today.json()["written_by_id"] == str(personas["outreach_coordinator"].pk)
    listed = client.get(url).json()
    assert [t["written_on"] for t in listed["items"]][1:] == ["2026-02-01", "2026-01-02"]
    assert listed["items"][0]["id"] == today.json()["id"]
    # paged like every list
    first = client.get(f"{url}?limit=2").json()
    rest = client.get(f"{url}?limit=2&cursor={first['next_cursor']}").json()
    assert [t["id"] for t in first["items"] + rest["items"]] == [t["id"] for t in listed["items"]]


def test_bad_input_is_422_and_saves_nothing(volunteer, client_as):
    url = f"/api/v1/outreach/volunteers/{volunteer.pk}/thanks"
    client = client_as("outreach_coordinator")
    for body, field in [
        ({}, "note"),
        ({"note": "   "}, "note"),
        ({"note": "Thanks", "written_on": "soon"}, "written_on"),
    ]:
        response = post(client, url, body)
        assert response.status_code == 422, (body, response.content)
        assert field in response.json()["fields"], (field, response.json())
    assert not VolunteerThanks.objects.exists()


def test_other_agency_404_and_other_roles_403(volunteer, client_as):
    url = f"/api/v1/outreach/volunteers/{volunteer.pk}/thanks"
    for persona, expected in [("other_agency_admin", 404), ("analyst", 403), ("volunteer", 403)]:
        assert client_as(persona).get(url).status_code == expected
        assert post(client_as(persona), url, {"note": "Thanks"}).status_code == expected
    assert not VolunteerThanks.objects.exists()
