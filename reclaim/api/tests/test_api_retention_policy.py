"""GET/PUT /retention-policy and GET /retention-policy/purge-preview: the retention page and its dry run."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from reclaim.cases.actions import do_open_case
from reclaim.retention.actions import do_place_legal_hold
from reclaim.retention.models import RetentionPolicy
from reclaim.retention.tests.support import audit_mark, audit_since, closed_case

URL = "/api/v1/retention-policy"
PREVIEW = "/api/v1/retention-policy/purge-preview"


def _put(client, body):
    return client.put(URL, body, content_type="application/json")


def test_read_the_defaults_then_save_and_read_back(personas, client_as):
    client = client_as("agency_admin")
    # given nothing saved: the defaults with version 0
    assert client.get(URL).json() == {"case_months": 84, "document_months": 84, "version": 0}
    mark = audit_mark()
    # when the admin saves longer periods with that version
    saved = _put(client, {"version": 0, "case_months": 120, "document_months": 60})
    # then they come back with version 1, an audit row says so, and another agency keeps its defaults
    assert saved.status_code == 200, saved.content
    assert saved.json() == {"case_months": 120, "document_months": 60, "version": 1}
    assert client.get(URL).json()["version"] == 1
    assert [row.action for row in audit_since(mark)] == ["retention.policy_changed"]
    assert client_as("other_agency_admin").get(URL).json()["version"] == 0


def test_stale_version_is_409_and_keeps_the_first_save(personas, client_as):
    client = client_as("agency_admin")
    assert _put(client, {"version": 0, "case_months": 96, "document_months": 96}).status_code == 200
    # when a second save sends the version read before the first
    stale = _put(client, {"version": 0, "case_months": 48, "document_months": 48})
    # then it is refused, naming the current version and the fields to compare (names, not values)
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 1
    assert stale.json()["fields_to_compare"] == ["case_months", "document_months"]
    assert RetentionPolicy.objects.get().case_months == 96


def test_bad_periods_are_422_naming_the_field_and_nothing_is_saved(personas, client_as):
    client = client_as("agency_admin")
    refused: list[tuple[dict[str, Any], str]] = [
        ({"case_months": 12, "document_months": 36}, "case_months"),  # under the three-year floor
        ({"case_months": 601, "document_months": 36}, "case_months"),  # over the ceiling
        ({"case_months": 48, "document_months": 35}, "document_months"),
        ({"case_months": 48, "document_months": 60}, "document_months"),  # documents kept longer than cases
        ({"case_months": "seven years", "document_months": 60}, "case_months"),
        ({"case_months": 10**30, "document_months": 60}, "case_months"),
        ({"document_months": 60}, "case_months"),
        ({"case_months": 48, "document_months": 48, "version": "x"}, "version"),
    ]
    for values, field in refused:
        response = _put(client, {"version": 0, **values})
        assert response.status_code == 422, (values, response.content)
        assert field in response.json()["fields"], response.json()
    # and a body that is not JSON is a 400
    assert client.put(URL, "{", content_type="application/json").status_code == 400
    assert not RetentionPolicy.objects.exists()


def test_only_agency_admins_read_or_set_the_policy_and_the_preview(personas, client_as):
    body = {"version": 0, "case_months": 48, "document_months": 48}
    for persona in ("program_director", "supervisor", "legal_advocate", "analyst"):
        client = client_as(persona)
        assert client.get(URL).status_code == 403
        assert client.get(PREVIEW).status_code == 403
        assert _put(client, body).status_code == 403
    assert not RetentionPolicy.objects.exists()


def test_preview_counts_what_the_next_purge_would_remove_and_what_a_hold_keeps(
    agency, personas, client_as, survivor_a, survivor_b
):
    # given two cases closed ten years ago, one of them held, and one closed last year
    expired = closed_case(personas, survivor_a, years_ago=10)
    held = closed_case(personas, survivor_a, years_ago=10)
    do_place_legal_hold(actor=personas["legal_advocate"], case=held, reason="Court order 12")
    closed_case(personas, survivor_a, years_ago=1)
    do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    # when the admin asks for the preview
    response = client_as("agency_admin").get(PREVIEW)
    # then it counts them (the person keeps other cases, so does not go) and names nobody
    assert response.status_code == 200
    body = response.json()
    assert (body["cases"], body["survivors"], body["documents"], body["held"]) == (1, 0, 0, 1)
    assert body["message_days"] > 0
    cutoff = datetime.datetime.fromisoformat(body["case_cutoff"])
    assert cutoff < timezone.now() - datetime.timedelta(days=365 * 6)
    assert expired.number not in response.content.decode()
    assert "Marisol" not in response.content.decode()
    assert "Court order" not in response.content.decode()
    # and another agency's preview counts nothing of agency A
    other = client_as("other_agency_admin").get(PREVIEW).json()
    assert (other["cases"], other["held"]) == (0, 0)
