"""The service-log API: 201 / 422 / 409 / 404, filters and pagination, notes by level, grants."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from conftest import login_client
from reclaim.funding.models import Grant
from reclaim.services.actions import ServiceEntry, do_record_service
from reclaim.services.models import ServiceRecord

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def patch(client, url, body):
    return client.patch(url, body, content_type="application/json")


def test_record_then_read(personas, case):
    client = login_client(personas["case_manager"])
    today = timezone.localdate().isoformat()
    response = post(
        client,
        f"/api/v1/cases/{case.pk}/services",
        {"service_type": "education.esl", "delivered_on": today, "duration_minutes": 60, "notes": "Good class"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["category"], body["notes"], body["version"]) == ("education", "Good class", 1)
    listed = client.get(f"/api/v1/cases/{case.pk}/services").json()
    assert [item["id"] for item in listed["items"]] == [body["id"]]


@pytest.mark.parametrize(
    "body",
    [
        {"service_type": "no.such", "delivered_on": "2026-01-05"},
        {"service_type": "education.esl", "delivered_on": "2999-01-01"},
        {"service_type": "education.esl", "delivered_on": "2026-01-05", "duration_minutes": 0},
        {"service_type": "education.esl"},
        {"service_type": "education.esl", "delivered_on": "2026-01-05", "mode": "telepathy"},
    ],
)
def test_invalid_input_is_422_and_saves_nothing(personas, case, body):
    response = post(login_client(personas["case_manager"]), f"/api/v1/cases/{case.pk}/services", body)
    assert response.status_code == 422
    assert response.json()["fields"]
    assert not ServiceRecord.objects.exists()


def test_a_stale_correction_is_409(personas, case, record):
    client = login_client(personas["case_manager"])
    ok = patch(client, f"/api/v1/services/{record.pk}", {"version": 1, "duration_minutes": 30})
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = patch(client, f"/api/v1/services/{record.pk}", {"version": 1, "duration_minutes": 90})
    assert stale.status_code == 409
    record.refresh_from_db()
    assert record.duration_minutes == 30


def test_void_through_the_api(personas, case, record):
    client = login_client(personas["case_manager"])
    assert post(client, f"/api/v1/services/{record.pk}/void", {"version": 1, "reason": " "}).status_code == 422
    response = post(client, f"/api/v1/services/{record.pk}/void", {"version": 1, "reason": "Duplicate"})
    assert response.status_code == 200
    assert response.json()["void_reason"] == "Duplicate"
    assert patch(client, f"/api/v1/services/{record.pk}", {"version": 2, "duration_minutes": 5}).status_code == 400


def test_another_agency_gets_404(personas, case, record):
    client = login_client(personas["other_agency_user"])
    assert client.get(f"/api/v1/cases/{case.pk}/services").status_code == 404
    assert patch(client, f"/api/v1/services/{record.pk}", {"version": 1}).status_code == 404
    assert client.get("/api/v1/services").json()["items"] == []


def test_clinical_notes_are_null_for_the_case_manager(personas, case):
    do_record_service(
        actor=personas["clinician"],
        case=case,
        entry=ServiceEntry(
            "psychological_support.cbt", timezone.localdate(), notes="Sleep better", notes_confidentiality="clinical"
        ),
    )
    manager = login_client(personas["case_manager"]).get("/api/v1/services").json()["items"][0]
    clinician = login_client(personas["clinician"]).get("/api/v1/services").json()["items"][0]
    assert manager["notes"] is None and clinician["notes"] == "Sleep better"


def test_log_filters_and_cursor(personas, case, assert_max_queries):
    manager = personas["case_manager"]
    today = timezone.localdate()
    for index in range(12):
        do_record_service(
            actor=manager,
            case=case,
            entry=ServiceEntry(
                "education.esl" if index % 2 else "childcare.care", today - datetime.timedelta(days=index)
            ),
        )
    client = login_client(manager)
    client.get("/api/v1/services")
    with assert_max_queries(15):
        first = client.get("/api/v1/services", {"limit": 5}).json()
    assert len(first["items"]) == 5 and first["next_cursor"]
    second = client.get("/api/v1/services", {"limit": 5, "cursor": first["next_cursor"]}).json()
    assert len(second["items"]) == 5 and not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    since = (today - datetime.timedelta(days=3)).isoformat()
    filtered = client.get("/api/v1/services", {"from": since, "category": "education"}).json()["items"]
    assert len(filtered) == 2 and {item["category"] for item in filtered} == {"education"}
    typed = client.get("/api/v1/services", {"type": "childcare.care"}).json()["items"]
    assert len(typed) == 6


def test_service_types_and_grants(personas):
    admin = login_client(personas["agency_admin"])
    types = admin.get("/api/v1/service-types").json()
    assert any(t["code"] == "education.esl" for t in types)
    created = post(admin, "/api/v1/grants", {"name": "ESL fund", "allowed_categories": ["education"]})
    assert created.status_code == 201
    grant = created.json()
    assert post(admin, "/api/v1/grants", {"name": "Bad", "allowed_categories": ["nope"]}).status_code == 422
    assert (
        patch(admin, f"/api/v1/grants/{grant['id']}", {"version": 1, "is_active": False}).json()["is_active"] is False
    )
    assert patch(admin, f"/api/v1/grants/{grant['id']}", {"version": 1, "name": "Other"}).status_code == 409
    manager = login_client(personas["case_manager"])
    assert manager.get("/api/v1/grants").json()["items"] == []  # deactivated ones are not offered
    assert post(manager, "/api/v1/grants", {"name": "Mine"}).status_code == 403
    assert login_client(personas["volunteer"]).get("/api/v1/grants").status_code == 403
    other = login_client(personas["other_agency_admin"])
    assert patch(other, f"/api/v1/grants/{grant['id']}", {"version": 2}).status_code == 404
    assert Grant.objects.count() == 1
