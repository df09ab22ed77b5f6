"""Follow-up API: list, record (with version and 409), stop at the person's request."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import login_client
from reclaim.cases.tests.follow_up_helpers import at, exit_to_follow_up


@pytest.fixture
def case(personas, survivor_a):
    return exit_to_follow_up(personas, survivor_a)


def _patch(client, url, body):
    return client.patch(url, body, content_type="application/json")


def test_list_and_record_a_contact(case, personas):
    client = login_client(personas["case_manager"])
    # when the schedule is read
    listed = client.get(f"/api/v1/cases/{case.pk}/follow-ups")
    assert listed.status_code == 200
    rows = listed.json()["items"]
    assert [r["offset_months"] for r in rows] == [1, 3, 6, 12, 18, 24]
    assert rows[0]["due_on"] == "2026-02-28"
    assert rows[0]["window_closes_on"] == "2026-03-14"
    first = rows[0]
    url = f"/api/v1/cases/{case.pk}/follow-ups/{first['id']}"
    # when a contact is recorded
    with at(date(2026, 3, 1)):
        recorded = _patch(
            client,
            url,
            {
                "version": first["version"],
                "outcome": "reached_needs_support",
                "channel": "text",
                "indicators": ["isolation"],
                "notes": "Wants help with rent",
            },
        )
    # then it comes back completed, with the new version
    assert recorded.status_code == 200
    body = recorded.json()
    assert (body["status"], body["outcome"], body["indicators"], body["version"]) == (
        "completed",
        "reached_needs_support",
        ["isolation"],
        2,
    )
    assert body["contacted_on"] == "2026-03-01"
    # and a stale version is a conflict
    stale = _patch(client, url, {"version": 1, "outcome": "not_reached"})
    assert stale.status_code == 409
    assert stale.json()["code"] == "edit_conflict"


@pytest.mark.parametrize(
    "body",
    [
        {"version": 1},
        {"version": 1, "outcome": "great"},
        {"version": 1, "outcome": "not_reached", "indicators": ["curfew"]},
        {"version": 1, "outcome": "not_reached", "channel": "pigeon"},
    ],
)
def test_bad_input_is_422_and_saves_nothing(case, personas, body):
    first = case.follow_ups.order_by("sequence").first()
    response = _patch(login_client(personas["case_manager"]), f"/api/v1/cases/{case.pk}/follow-ups/{first.pk}", body)
    assert response.status_code == 422
    first.refresh_from_db()
    assert first.status == "scheduled"


def test_future_contact_date_is_422_with_the_field(case, personas):
    first = case.follow_ups.order_by("sequence").first()
    with at(date(2026, 3, 1)):
        response = _patch(
            login_client(personas["case_manager"]),
            f"/api/v1/cases/{case.pk}/follow-ups/{first.pk}",
            {"version": 1, "outcome": "not_reached", "contacted_on": "2026-06-01"},
        )
    assert response.status_code == 422
    assert response.json()["code"] == "cases.follow_up_invalid"
    assert "contacted_on" in response.json()["fields"]


def test_stop_at_the_persons_request(case, personas):
    client = login_client(personas["case_manager"])
    url = f"/api/v1/cases/{case.pk}/follow-ups/stop"
    stopped = client.post(url)
    assert stopped.status_code == 200
    assert stopped.json() == {"stopped": 6}
    again = client.post(url)
    assert again.status_code == 400
    assert again.json()["code"] == "cases.follow_up_nothing_to_stop"


def test_other_agency_gets_404(case, personas):
    client = login_client(personas["other_agency_user"])
    first = case.follow_ups.order_by("sequence").first()
    assert client.get(f"/api/v1/cases/{case.pk}/follow-ups").status_code == 404
    assert (
        _patch(
            client, f"/api/v1/cases/{case.pk}/follow-ups/{first.pk}", {"version": 1, "outcome": "declined"}
        ).status_code
        == 404
    )
    assert client.post(f"/api/v1/cases/{case.pk}/follow-ups/stop").status_code == 404
    first.refresh_from_db()
    assert first.status == "scheduled"
