"""Campaigns API: create, list, read, update (409 on a stale version), the results log, the results with the
identification count released only through small-cell suppression; and a case's campaign_id."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import login_client
from reclaim.cases.actions import do_open_case
from reclaim.outreach.models import Campaign, CampaignTally
from reclaim.outreach.tests.campaigns_support import attribute_cases, make_campaign, set_k, tally

pytestmark = pytest.mark.django_db

BASE = "/api/v1/outreach/campaigns"


def _json(client, method, url, body=None):
    response = getattr(client, method)(url, body, content_type="application/json")
    return response.status_code, response.json()


def test_create_list_get_update(personas):
    coordinator = login_client(personas["outreach_coordinator"])
    status, body = _json(
        coordinator,
        "post",
        BASE,
        {"name": "Hotline week", "status": "running", "channels": ["psa", "social_media"], "budget": "500.00"},
    )
    assert status == 201 and body["channels"] == ["social_media", "psa"] and body["version"] == 1
    campaign_id = body["id"]
    make_campaign(personas, name="Later", status="planned")
    status, listed = _json(coordinator, "get", f"{BASE}?status=running")
    assert status == 200 and [c["name"] for c in listed["items"]] == ["Hotline week"]
    assert _json(coordinator, "get", f"{BASE}/{campaign_id}")[1]["budget"] == "500.00"
    status, updated = _json(coordinator, "put", f"{BASE}/{campaign_id}", {"name": "Hotline weeks", "version": 1})
    assert status == 200 and updated["version"] == 2 and updated["status"] == "planned"
    status, conflict = _json(coordinator, "put", f"{BASE}/{campaign_id}", {"name": "Mine", "version": 1})
    assert status == 409 and conflict["current_version"] == 2
    assert Campaign.objects.get(pk=campaign_id).name == "Hotline weeks"


def test_bad_input_is_422_and_nothing_saved(personas):
    make_campaign(personas, name="Taken")
    coordinator = login_client(personas["outreach_coordinator"])
    for body in (
        {"name": "X", "channels": ["television"]},
        {"name": "X", "starts_on": "2026-05-01", "ends_on": "2026-01-01"},
        {"name": "taken"},
        {"name": "X", "budget": "-5"},
        {"name": "X", "grant_id": "7d8c0bd6-9a8a-4f7e-bd33-5b0c9d1d1f00"},
    ):
        status, error = _json(coordinator, "post", BASE, body)
        assert status == 422, body
        assert error["code"] == "invalid" and error["fields"], body
    assert Campaign.objects.count() == 1
    campaign = Campaign.objects.get()
    status, error = _json(
        coordinator, "post", f"{BASE}/{campaign.pk}/tallies", {"on": "2026-01-05", "channel": "print"}
    )
    assert status == 422 and "reached_in_person" in error["fields"]
    status, _error = _json(
        coordinator, "post", f"{BASE}/{campaign.pk}/tallies", {"on": "2026-01-05", "channel": "x", "reached_online": 3}
    )
    assert status == 422
    assert not CampaignTally.objects.exists()


def test_tallies_and_results_with_suppression(personas, agency, survivor_a):
    set_k(agency, 5)
    campaign = make_campaign(personas)
    coordinator = login_client(personas["outreach_coordinator"])
    status, row = _json(
        coordinator,
        "post",
        f"{BASE}/{campaign.pk}/tallies",
        {"on": "2026-02-01", "channel": "print", "reached_in_person": 25, "hotline_contacts": 2, "cost": "50.00"},
    )
    assert status == 201 and row["reached_in_person"] == 25
    tally(personas, campaign, on=date(2026, 3, 1), reached_online=75)
    status, rows = _json(coordinator, "get", f"{BASE}/{campaign.pk}/tallies")
    assert status == 200 and [r["on"] for r in rows["items"]] == ["2026-03-01", "2026-02-01"]
    attribute_cases(personas, survivor_a, campaign, 3)
    analyst = login_client(personas["analyst"])
    status, results = _json(analyst, "get", f"{BASE}/{campaign.pk}/results")
    assert status == 200
    assert results["identifications"] == {"text": "fewer than 5", "suppressed": True, "value": None, "k": 5}
    assert (results["reached_in_person"], results["reached_online"], results["hotline_contacts"]) == (25, 75, 2)
    assert results["cost"] == "50.00" and results["cost_per_person_reached"] == "0.50"
    assert "3" not in str(results["identifications"])
    attribute_cases(personas, survivor_a, campaign, 3)
    identifications = _json(analyst, "get", f"{BASE}/{campaign.pk}/results")[1]["identifications"]
    assert identifications == {"text": "6", "suppressed": False, "value": 6, "k": 5}


def test_permissions(personas):
    campaign = make_campaign(personas)
    analyst = login_client(personas["analyst"])
    assert analyst.get(f"{BASE}/{campaign.pk}").status_code == 200
    assert _json(analyst, "post", BASE, {"name": "No"})[0] == 403
    assert _json(analyst, "put", f"{BASE}/{campaign.pk}", {"name": "No", "version": 1})[0] == 403
    tally_body = {"on": "2026-01-05", "channel": "print", "reached_in_person": 1}
    assert _json(analyst, "post", f"{BASE}/{campaign.pk}/tallies", tally_body)[0] == 403
    assert login_client(personas["case_manager"]).get(BASE).status_code == 403
    other = login_client(personas["other_agency_admin"])
    assert other.get(f"{BASE}/{campaign.pk}").status_code == 404
    assert other.get(f"{BASE}/{campaign.pk}/results").status_code == 404
    assert other.get(BASE).json()["items"] == []
    campaign.refresh_from_db()
    assert campaign.version == 1


def test_a_case_takes_a_campaign_id(personas, survivor_a, other_agency):
    campaign = make_campaign(personas)
    foreign = Campaign.objects.create(agency=other_agency, name="Elsewhere")
    worker = login_client(personas["case_manager"])
    status, case = _json(
        worker, "post", "/api/v1/cases", {"survivor_id": str(survivor_a.pk), "campaign_id": str(campaign.pk)}
    )
    assert status == 201 and case["campaign_id"] == str(campaign.pk)
    other = do_open_case(actor=personas["case_manager"], survivor=survivor_a)
    url = f"/api/v1/cases/{other.pk}"
    status, error = _json(worker, "patch", url, {"version": other.version, "campaign_id": str(foreign.pk)})
    assert status == 400 and error["code"] == "cases.foreign_campaign"
    status, patched = _json(worker, "patch", url, {"version": other.version, "campaign_id": str(campaign.pk)})
    assert status == 200 and patched["campaign_id"] == str(campaign.pk)
    status, cleared = _json(worker, "patch", url, {"version": patched["version"], "campaign_id": None})
    assert status == 200 and cleared["campaign_id"] is None
