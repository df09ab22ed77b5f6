"""Issue 11 D: emergency access through the API. Opening a grant needs a reason and the password re-entered, as on
the page; an API token is always refused. Agency admins review the grants to their agency."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import login_client
from reclaim.accounts.actions import do_create_api_token
from reclaim.accounts.models import AgencyAlert, BreakGlassGrant

pytestmark = pytest.mark.django_db

REASON = "Restoring a corrupted record at the agency's request"


def test_open_list_close_and_review(personas, agency, client_as):
    operator = login_client(personas["platform_operator"])
    # when the operator opens access for an hour with a reason
    opened = operator.post(
        "/api/v1/break-glass/grants", {"agency_id": str(agency.pk), "reason": REASON, "hours": 1}, "application/json"
    )
    # then the grant is live and the agency is alerted
    assert opened.status_code == 201, opened.content
    grant = opened.json()
    assert grant["live"] is True and grant["agency_id"] == str(agency.pk)
    assert AgencyAlert.objects.filter(grant_id=grant["id"], acknowledged_at__isnull=True).exists()
    assert [row["id"] for row in operator.get("/api/v1/break-glass/grants").json()["items"]] == [grant["id"]]
    # closing it ends it
    closed = operator.post(f"/api/v1/break-glass/grants/{grant['id']}/end")
    assert closed.status_code == 200 and closed.json()["live"] is False
    # the agency's admin sees it with the operator's name and marks it reviewed; the alert closes
    admin = client_as("agency_admin")
    listed = admin.get("/api/v1/break-glass/review").json()["items"]
    assert [(row["id"], row["operator_name"], row["reason"]) for row in listed] == [
        (grant["id"], personas["platform_operator"].display_name, REASON)
    ]
    reviewed = admin.post(f"/api/v1/break-glass/review/{grant['id']}")
    assert reviewed.status_code == 200
    assert reviewed.json()["reviewed_by_name"] == personas["agency_admin"].display_name
    assert not AgencyAlert.objects.filter(grant_id=grant["id"], acknowledged_at__isnull=True).exists()
    # agency B's admin sees none of it
    assert client_as("other_agency_admin").get("/api/v1/break-glass/review").json()["items"] == []
    assert client_as("other_agency_admin").post(f"/api/v1/break-glass/review/{grant['id']}").status_code == 404


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"reason": "because", "hours": 1}, 422, "reason"),  # a reason, but not one of 20 characters
        ({"reason": " " * 30, "hours": 1}, 422, "reason"),
        ({"hours": 1}, 422, "reason"),
        ({"reason": REASON, "hours": 0}, 422, "hours"),
        ({"reason": REASON, "hours": 10_000}, 422, "hours"),
    ],
)
def test_refused_without_a_reason_or_a_sane_duration(personas, agency, body, status, field):
    response = login_client(personas["platform_operator"]).post(
        "/api/v1/break-glass/grants", {"agency_id": str(agency.pk), **body}, "application/json"
    )
    assert response.status_code == status
    assert field in response.json()["fields"]
    assert not BreakGlassGrant.objects.exists()


def test_step_up_and_roles(personas, agency):
    body = {"agency_id": str(agency.pk), "reason": REASON, "hours": 1}
    # a session whose password was not entered again is refused
    stale = login_client(personas["platform_operator"], reauthenticated_at=3600)
    refused = stale.post("/api/v1/break-glass/grants", body, "application/json")
    assert (refused.status_code, refused.json()["code"]) == (403, "reauthentication_required")
    # an API token never opens emergency access
    _token, raw = do_create_api_token(actor=personas["platform_operator"], membership=None, name="ops")
    bearer = Client(headers={"Authorization": f"Bearer {raw}"})
    by_token = bearer.post("/api/v1/break-glass/grants", body, "application/json")
    assert (by_token.status_code, by_token.json()["code"]) == (403, "reauthentication_required")
    # staff of an agency are not operators; an unknown agency is 404
    assert (
        login_client(personas["agency_admin"]).post("/api/v1/break-glass/grants", body, "application/json").status_code
        == 403
    )
    unknown = {**body, "agency_id": "00000000-0000-0000-0000-000000000000"}
    assert (
        login_client(personas["platform_operator"])
        .post("/api/v1/break-glass/grants", unknown, "application/json")
        .status_code
        == 404
    )
    assert not BreakGlassGrant.objects.exists()
