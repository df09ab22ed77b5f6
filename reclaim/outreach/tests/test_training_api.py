"""Staff training API: courses, sessions, participants, completion, my record and the staff records; 422 on bad
input (nothing saved), 409 on a stale version, 403 for non-managers, 404 for another agency's objects."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from conftest import login_client
from reclaim.api.api import api
from reclaim.outreach.models import Course, TrainingCertificate, TrainingParticipant, TrainingSession
from reclaim.outreach.tests.training_support import certify, make_course, make_session

pytestmark = pytest.mark.django_db

BASE = "/api/v1/outreach/training"


def _post(client, path, body):
    return client.post(f"{BASE}{path}", body, content_type="application/json")


def test_course_session_participant_and_completion_through_the_api(personas, agency):
    client = login_client(personas["outreach_coordinator"])
    # a course
    response = _post(
        client,
        "/courses",
        {"title": "Confidentiality and consent", "topic": "confidentiality", "valid_months": 24, "hours": "2.5"},
    )
    assert response.status_code == 201
    course = response.json()
    assert (course["topic"], course["valid_months"], course["version"]) == ("confidentiality", 24, 1)
    assert [c["title"] for c in client.get(f"{BASE}/courses").json()["items"]] == ["Confidentiality and consent"]
    # a session last week
    held_on = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    response = _post(
        client, "/sessions", {"course_id": course["id"], "held_on": held_on, "is_online": True, "capacity": 20}
    )
    assert response.status_code == 201
    session = response.json()
    assert session["participant_count"] == 0
    listed = client.get(f"{BASE}/sessions", {"course_id": course["id"]}).json()["items"]
    assert [s["id"] for s in listed] == [session["id"]]
    # participants: staff and a partner picked from nowhere (typed organisation)
    response = _post(
        client, f"/sessions/{session['id']}/participants", {"kind": "staff", "user_id": str(personas["clinician"].pk)}
    )
    assert response.status_code == 201
    participant = response.json()
    response = _post(
        client,
        f"/sessions/{session['id']}/participants",
        {"kind": "partner", "name": "Ines Duarte", "organisation_name": "County health"},
    )
    assert response.status_code == 201
    assert response.json()["name"] == "Ines Duarte"
    # completion issues the certificate
    response = _post(
        client,
        f"/sessions/{session['id']}/participants/{participant['id']}/completion",
        {"version": participant["version"]},
    )
    assert response.status_code == 201
    certificate = response.json()
    assert certificate["user_id"] == str(personas["clinician"].pk)
    assert certificate["completed_on"] == held_on
    assert certificate["expires_on"] is not None
    # a second completion with the old version is a conflict
    response = _post(
        client,
        f"/sessions/{session['id']}/participants/{participant['id']}/completion",
        {"version": participant["version"]},
    )
    assert response.status_code == 409
    assert TrainingCertificate.objects.count() == 1
    # the clinician's own record
    mine = login_client(personas["clinician"]).get(f"{BASE}/me").json()
    assert [c["number"] for c in mine["certificates"]] == [certificate["number"]]
    assert mine["case_data_blocked"] is False


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/courses", {"title": "   "}, "title"),
        ("/courses", {"title": "X", "topic": "astrology"}, "topic"),
        ("/courses", {"title": "X", "valid_months": 0}, "valid_months"),
        ("/courses", {"title": "X", "hours": "-1"}, "hours"),
        ("/courses", {}, "title"),
    ],
)
def test_bad_course_input_is_422_and_saves_nothing(personas, agency, path, body, field):
    response = _post(login_client(personas["agency_admin"]), path, body)
    assert response.status_code == 422
    assert field in response.json()["fields"]
    assert not Course.objects.exists()


def test_bad_session_and_participant_input_is_422(personas, agency):
    course = make_course(agency)
    client = login_client(personas["agency_admin"])
    response = _post(client, "/sessions", {"course_id": str(course.pk), "held_on": "not a date"})
    assert response.status_code == 422
    response = _post(client, "/sessions", {"course_id": str(course.pk), "held_on": "2026-01-05", "capacity": -3})
    assert response.status_code == 422
    assert "capacity" in response.json()["fields"]
    assert not TrainingSession.objects.exists()
    session = make_session(course)
    response = _post(
        client,
        f"/sessions/{session.pk}/participants",
        {"kind": "staff", "user_id": str(personas["other_agency_user"].pk)},
    )
    assert response.status_code == 422
    assert "user_id" in response.json()["fields"]
    response = _post(client, f"/sessions/{session.pk}/participants", {"kind": "nobody"})
    assert response.status_code == 422
    assert not TrainingParticipant.objects.exists()


def test_other_agency_is_404_and_non_managers_403(personas, agency):
    course = make_course(agency)
    session = make_session(course)
    other_admin = login_client(personas["other_agency_admin"])
    assert other_admin.get(f"{BASE}/courses").json()["items"] == []
    assert _post(other_admin, "/sessions", {"course_id": str(course.pk), "held_on": "2026-01-05"}).status_code == 404
    assert _post(other_admin, f"/sessions/{session.pk}/participants", {"kind": "community"}).status_code == 404
    for persona in ("case_manager", "supervisor", "volunteer", "analyst"):
        client = login_client(personas[persona])
        assert client.get(f"{BASE}/courses").status_code == 403
        assert client.get(f"{BASE}/staff").status_code == 403
        assert _post(client, "/courses", {"title": "Mine"}).status_code == 403
        assert client.get(f"{BASE}/me").status_code == 200
    assert login_client(personas["platform_operator"]).get(f"{BASE}/me").status_code == 403
    assert Course.objects.count() == 1


def test_staff_records_and_list_query_counts(personas, agency, assert_max_queries):
    tic = make_course(agency)
    for n in range(4):
        make_session(make_course(agency, f"Course {n}", topic="other"))
    for persona in ("case_manager", "clinician", "supervisor"):
        certify(personas[persona], tic)
    client = login_client(personas["program_director"])
    client.get(f"{BASE}/courses")
    with assert_max_queries(8):
        assert len(client.get(f"{BASE}/courses").json()["items"]) == 5
    with assert_max_queries(8):
        assert len(client.get(f"{BASE}/sessions").json()["items"]) == 4
    with assert_max_queries(8):
        records = client.get(f"{BASE}/staff").json()["items"]
    by_name = {record["display_name"]: record for record in records}
    assert [c["course_id"] for c in by_name["clinician"]["certificates"]] == [str(tic.pk)]
    assert "B case manager" not in by_name


def test_the_operations_are_in_the_openapi_schema_with_422():
    paths = api.get_openapi_schema()["paths"]
    for path, method in [
        ("/api/v1/outreach/training/courses", "post"),
        ("/api/v1/outreach/training/sessions", "post"),
        ("/api/v1/outreach/training/sessions/{session_id}/participants", "post"),
        ("/api/v1/outreach/training/sessions/{session_id}/participants/{participant_id}/completion", "post"),
    ]:
        assert 422 in paths[path][method]["responses"]
    assert "get" in paths["/api/v1/outreach/training/me"]
    assert "get" in paths["/api/v1/outreach/training/staff"]
