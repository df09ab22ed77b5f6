"""GET/PUT /plan-policy: the agency's plan-review settings (the settings page), with its rights and rules."""

from __future__ import annotations

from typing import Any

from reclaim.plans.models import PlanPolicy

URL = "/api/v1/plan-policy"


def _put(client, body):
    return client.put(URL, body, content_type="application/json")


def test_read_the_defaults_then_save_and_read_back(personas, client_as):
    client = client_as("agency_admin")
    before = client.get(URL)
    assert before.status_code == 200
    assert before.json() == {"review_every_days": 90, "requires_sign_off": False, "version": 0}
    saved = _put(client, {"version": 0, "review_every_days": 30, "requires_sign_off": True})
    assert saved.status_code == 200, saved.content
    assert saved.json() == {"review_every_days": 30, "requires_sign_off": True, "version": 1}
    assert client_as("program_director").get(URL).json()["review_every_days"] == 30
    # another agency keeps its own
    assert client_as("other_agency_admin").get(URL).json()["version"] == 0


def test_stale_version_is_409_and_changes_nothing(personas, client_as):
    client = client_as("program_director")
    assert _put(client, {"version": 0, "review_every_days": 30, "requires_sign_off": False}).status_code == 200
    stale = _put(client, {"version": 0, "review_every_days": 60, "requires_sign_off": True})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 1
    assert PlanPolicy.objects.get().review_every_days == 30


def test_bad_values_are_422_naming_the_field_and_nothing_is_saved(personas, client_as):
    client = client_as("agency_admin")
    refused: list[tuple[dict[str, Any], str]] = [
        ({"review_every_days": 6, "requires_sign_off": False}, "review_every_days"),
        ({"review_every_days": 366, "requires_sign_off": False}, "review_every_days"),
        ({"review_every_days": "often", "requires_sign_off": False}, "review_every_days"),
        ({"review_every_days": 30}, "requires_sign_off"),
    ]
    for values, field in refused:
        response = _put(client, {"version": 0, **values})
        assert response.status_code == 422, (values, response.content)
        assert field in response.json()["fields"], response.json()
    assert not PlanPolicy.objects.exists()


def test_case_workers_and_analysts_get_403(personas, client_as):
    for persona in ("supervisor", "case_manager", "analyst"):
        assert client_as(persona).get(URL).status_code == 403
        assert (
            _put(client_as(persona), {"version": 0, "review_every_days": 30, "requires_sign_off": True}).status_code
            == 403
        )
    assert not PlanPolicy.objects.exists()
