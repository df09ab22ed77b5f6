"""`funding:set_active` through the API: PATCH /grants/{id} with `is_active` takes a grant out of use and brings it
back, through the same gate and action (do_set_grant_active) as the grant page's button."""

from __future__ import annotations

from reclaim.funding.models import Grant


def _patch(client, url, body):
    return client.patch(url, body, content_type="application/json")


def test_deactivate_then_bring_back(personas, client_as):
    director = client_as("program_director")
    grant = director.post("/api/v1/grants", {"name": "ESL fund"}, content_type="application/json").json()
    url = f"/api/v1/grants/{grant['id']}"
    # when it is taken out of use, casework roles no longer see it offered
    off = _patch(director, url, {"version": grant["version"], "is_active": False})
    assert off.status_code == 200
    assert (off.json()["is_active"], off.json()["version"]) == (False, grant["version"] + 1)
    assert client_as("case_manager").get("/api/v1/grants").json()["items"] == []
    # when it is brought back by the agency admin, with the version read
    on = _patch(client_as("agency_admin"), url, {"version": off.json()["version"], "is_active": True})
    assert on.status_code == 200
    assert on.json()["is_active"] is True
    assert [g["id"] for g in client_as("case_manager").get("/api/v1/grants").json()["items"]] == [grant["id"]]


def test_stale_version_roles_and_other_agencies(personas, client_as):
    grant = client_as("agency_admin").post("/api/v1/grants", {"name": "Fund"}, content_type="application/json").json()
    url = f"/api/v1/grants/{grant['id']}"
    assert _patch(client_as("agency_admin"), url, {"version": 99, "is_active": False}).status_code == 409
    assert _patch(client_as("case_manager"), url, {"version": grant["version"], "is_active": False}).status_code == 403
    assert _patch(client_as("analyst"), url, {"version": grant["version"], "is_active": False}).status_code == 403
    assert (
        _patch(client_as("other_agency_admin"), url, {"version": grant["version"], "is_active": False}).status_code
        == 404
    )
    assert (
        _patch(client_as("agency_admin"), url, {"version": grant["version"], "is_active": "maybe"}).status_code == 422
    )
    assert Grant.objects.get().is_active is True
