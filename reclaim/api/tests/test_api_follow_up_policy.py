"""GET/PUT /follow-up-policy: the agency's follow-up schedule (the settings page), with its rights and rules."""

from __future__ import annotations

from typing import Any

from reclaim.cases.models import FollowUpPolicy

URL = "/api/v1/follow-up-policy"


def _put(client, body):
    return client.put(URL, body, content_type="application/json")


def test_read_the_defaults_then_save_and_read_back(personas, client_as):
    client = client_as("program_director")
    # when nothing was saved, the defaults come with version 0
    before = client.get(URL)
    assert before.status_code == 200
    assert before.json() == {"offsets_months": [1, 3, 6, 12, 18, 24], "window_days": 14, "version": 0}
    # when a longer schedule is saved with that version
    saved = _put(client, {"version": 0, "offsets_months": [1, 6, 12, 24, 36], "window_days": 10})
    # then it comes back, version 1, and the agency admin reads the same
    assert saved.status_code == 200, saved.content
    assert saved.json() == {"offsets_months": [1, 6, 12, 24, 36], "window_days": 10, "version": 1}
    assert client_as("agency_admin").get(URL).json()["version"] == 1
    # and another agency still has its defaults
    assert client_as("other_agency_admin").get(URL).json()["version"] == 0


def test_stale_version_is_409(personas, client_as):
    client = client_as("agency_admin")
    assert _put(client, {"version": 0, "offsets_months": [1, 24], "window_days": 7}).status_code == 200
    stale = _put(client, {"version": 0, "offsets_months": [1, 24, 30], "window_days": 7})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 1
    assert FollowUpPolicy.objects.get().offsets_months == [1, 24]


def test_bad_schedules_are_refused_naming_the_field_and_nothing_is_saved(personas, client_as):
    client = client_as("agency_admin")
    refused: list[tuple[dict[str, Any], int, str]] = [
        ({"offsets_months": [1, 3, 12], "window_days": 14}, 422, "offsets_months"),  # shorter than 24 months
        ({"offsets_months": [6, 3, 24], "window_days": 14}, 422, "offsets_months"),  # not increasing
        ({"offsets_months": [], "window_days": 14}, 422, "offsets_months"),
        ({"offsets_months": [1, 24], "window_days": 0}, 422, "window_days"),
        ({"offsets_months": [1, 24], "window_days": 46}, 422, "window_days"),
        ({"offsets_months": ["soon"], "window_days": 14}, 422, "offsets_months.0"),
        ({"offsets_months": [1, 24]}, 422, "window_days"),
    ]
    for values, status, field in refused:
        response = _put(client, {"version": 0, **values})
        assert response.status_code == status, (values, response.content)
        assert field in response.json()["fields"], response.json()
    assert not FollowUpPolicy.objects.exists()


def test_who_may_read_and_set_it(personas, client_as):
    body = {"version": 0, "offsets_months": [1, 24], "window_days": 14}
    # supervisors approve closures only for their teams; the schedule is agency-wide
    for persona in ("supervisor", "case_manager", "analyst"):
        assert client_as(persona).get(URL).status_code == 403
        assert _put(client_as(persona), body).status_code == 403
    assert not FollowUpPolicy.objects.exists()
