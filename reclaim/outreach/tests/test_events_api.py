"""Events API (issue 10): create, read, edit with the version (409), attendance, paper feedback forms and results;
422 with field errors on bad input, nothing saved; filters; another agency 404; read-only roles 403."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from reclaim.api.api import api
from reclaim.outreach.models import Campaign, EventSurveyResponse, OutreachEvent

pytestmark = pytest.mark.django_db
BASE = "/api/v1/outreach/events"


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def put(client, url, body):
    return client.put(url, body, content_type="application/json")


def test_plan_read_edit_and_conflict(personas, agency, client_as):
    client = client_as("outreach_coordinator")
    campaign = Campaign.objects.create(agency=agency, name="Safe jobs")
    body = {
        "title": "Training for health workers",
        "starts_at": "2026-03-02T09:00:00Z",
        "ends_at": "2026-03-02T12:00:00Z",
        "audience": "health_workers",
        "place": "Clinic hall",
        "place_is_confidential": True,
        "campaign_id": str(campaign.pk),
        "facilitator_ids": [str(personas["outreach_coordinator"].pk)],
    }
    created = post(client, BASE, body)
    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["title"], data["place"], data["campaign_id"], data["version"]) == (
        "Training for health workers",
        "Clinic hall",
        str(campaign.pk),
        1,
    )
    url = f"{BASE}/{data['id']}"
    # a program director reads it, without the confidential place
    read = client_as("program_director").get(url).json()
    assert (read["place"], read["place_is_confidential"]) == (None, True)
    # edited with the version read
    edited = put(client, url, {**body, "title": "Training for nurses", "version": 1})
    assert edited.status_code == 200
    assert edited.json()["version"] == 2
    # a stale version is 409, nothing changed
    stale = put(client, url, {**body, "title": "Stale", "version": 1})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    assert OutreachEvent.objects.get().title == "Training for nurses"
    # read-only roles cannot write; another agency does not find it
    assert put(client_as("analyst"), url, {**body, "version": 2}).status_code == 403
    assert client_as("other_agency_admin").get(url).status_code == 404
    assert post(client_as("program_director"), BASE, body).status_code == 403


def test_bad_input_is_422_naming_the_field_and_saves_nothing(personas, agency, other_agency, client_as):
    client = client_as("outreach_coordinator")
    other_campaign = Campaign.objects.create(agency=other_agency, name="Theirs")
    cases = [
        ({"starts_at": "2026-03-02T09:00:00Z"}, "title"),
        ({"title": "X", "starts_at": "not a date"}, "starts_at"),
        ({"title": "X", "starts_at": "2026-03-02T09:00:00Z", "ends_at": "2026-03-02T08:00:00Z"}, "ends_at"),
        ({"title": "X", "starts_at": "2026-03-02T09:00:00Z", "format": "carrier_pigeon"}, "format"),
        ({"title": "X", "starts_at": "2026-03-02T09:00:00Z", "campaign_id": str(other_campaign.pk)}, "campaign_id"),
        (
            {
                "title": "X",
                "starts_at": "2026-03-02T09:00:00Z",
                "facilitator_ids": [str(personas["other_agency_user"].pk)],
            },
            "facilitator_ids",
        ),
        ({"title": " ", "starts_at": "2026-03-02T09:00:00Z"}, "title"),
    ]
    for body, field in cases:
        response = post(client, BASE, body)
        assert response.status_code == 422, (body, response.content)
        assert field in response.json()["fields"], (body, response.json())
    assert OutreachEvent.objects.count() == 0


def test_attendance_survey_forms_and_results(personas, agency, client_as):
    client = client_as("outreach_coordinator")
    starts = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    event = post(client, BASE, {"title": "Workshop", "starts_at": starts}).json()
    url = f"{BASE}/{event['id']}"
    # attendance: groups over the total are 422, nothing saved
    bad = put(client, f"{url}/attendance", {"version": 1, "audience_size": 3, "by_group": {"youth": 5}})
    assert bad.status_code == 422
    assert "audience_size" in bad.json()["fields"]
    assert put(client, f"{url}/attendance", {"version": 1, "by_group": {"nobody": 5}}).status_code == 422
    assert put(client, f"{url}/attendance", {"version": 1, "audience_size": -1}).status_code == 422
    assert OutreachEvent.objects.get().audience_size is None
    good = put(client, f"{url}/attendance", {"version": 1, "audience_size": 30, "by_group": {"youth": 12}})
    assert good.status_code == 200
    assert (good.json()["audience_size"], good.json()["attendance_by_group"]) == (30, {"youth": 12})
    assert put(client, f"{url}/attendance", {"version": 1, "audience_size": 31}).status_code == 409
    # paper forms: wrong answers are 422 naming the item, nothing saved
    bad = post(client, f"{url}/survey-responses", {"phase": "pre", "answers": [1, 0, 3, 0, 1]})
    assert bad.status_code == 422
    assert "item_3" in bad.json()["fields"]
    assert post(client, f"{url}/survey-responses", {"phase": "pre", "answers": [1]}).status_code == 422
    assert post(client, f"{url}/survey-responses", {"phase": "during", "answers": [1] * 5}).status_code == 422
    assert EventSurveyResponse.objects.count() == 0
    first = post(client, f"{url}/survey-responses", {"phase": "pre", "answers": [1, 1, 1, 1, 1]})
    assert first.status_code == 201
    assert first.json()["total"] == 3
    post(client, f"{url}/survey-responses", {"phase": "post", "answers": [1, 0, 1, 0, None]})
    results = client_as("analyst").get(f"{url}/survey-results").json()
    assert (results["pre_count"], results["post_count"], results["pre_mean"], results["post_mean"]) == (
        1,
        1,
        "3.0",
        "4.0",
    )
    assert results["change"] == "1.0"
    assert [item["post_percent"] for item in results["items"]] == ["100.0", "100.0", "100.0", "100.0", "0.0"]
    # read-only roles may not enter forms
    assert (
        post(client_as("analyst"), f"{url}/survey-responses", {"phase": "pre", "answers": [1] * 5}).status_code == 403
    )


def test_list_filters_by_campaign_and_period(personas, agency, other_agency, client_as):
    client = client_as("agency_admin")
    campaign = Campaign.objects.create(agency=agency, name="Safe jobs")
    post(client, BASE, {"title": "March", "starts_at": "2026-03-02T09:00:00Z", "campaign_id": str(campaign.pk)})
    post(client, BASE, {"title": "April", "starts_at": "2026-04-02T09:00:00Z"})
    post(client_as("other_agency_admin"), BASE, {"title": "Elsewhere", "starts_at": "2026-03-05T09:00:00Z"})
    titles = lambda query: [e["title"] for e in client.get(BASE, query).json()["items"]]
    assert titles({}) == ["April", "March"]
    assert titles({"campaign_id": str(campaign.pk)}) == ["March"]
    assert titles({"from": "2026-03-15", "to": "2026-04-30"}) == ["April"]
    assert client.get(BASE, {"from": "2026-04-30", "to": "2026-03-15"}).status_code == 422


def test_the_schema_documents_422_on_every_write():
    paths = api.get_openapi_schema()["paths"]
    assert 422 in paths["/api/v1/outreach/events"]["post"]["responses"]
    assert 422 in paths["/api/v1/outreach/events/{event_id}"]["put"]["responses"]
    assert 409 in paths["/api/v1/outreach/events/{event_id}/attendance"]["put"]["responses"]
    assert 422 in paths["/api/v1/outreach/events/{event_id}/survey-responses"]["post"]["responses"]
