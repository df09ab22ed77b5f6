"""`services:group_add_session`, `group_session_cancel`, `group_complete` and `group_certificate*` through the API:
one session at a time, cancelling one, marking someone as having completed, and issuing and reading the
certificate, through the same gates and actions as the group pages."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from conftest import login_client
from reclaim.services.group_actions import do_enrol, do_take_attendance
from reclaim.services.models import Certificate, GroupSession
from reclaim.services.tests.groups_support import make_cases, make_past_session, make_program

pytestmark = pytest.mark.django_db


def _post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


@pytest.fixture
def group(personas, agency, team):
    manager = personas["case_manager"]
    program = make_program(manager, agency, facilitators=[manager])
    (case,) = make_cases(manager, agency, team, 1, assigned=[manager])
    return program, do_enrol(actor=manager, program=program, case=case)


def test_add_a_session_then_cancel_it(personas, group):
    program, _enrolment = group
    client = login_client(personas["case_manager"])
    url = f"/api/v1/groups/{program.pk}/sessions"
    # when a session is added without a time zone offset, it is read in the agency's zone, as on the page
    added = _post(client, url, {"starts_at": "2026-03-03T18:30:00", "duration_minutes": 60, "topic": "Budgets"})
    # then it is there, once
    assert added.status_code == 201, added.content
    session = GroupSession.objects.get(pk=added.json()["id"])
    assert timezone.localtime(session.starts_at).time() == datetime.time(18, 30)
    assert (session.duration_minutes, session.topic, session.cancelled) == (60, "Budgets", False)
    # and a second one at the same time is refused, naming the field, and nothing is added
    again = _post(client, url, {"starts_at": added.json()["starts_at"]})
    assert again.status_code == 400
    assert again.json()["code"] == "groups.invalid_session" and "starts_at" in again.json()["fields"]
    bad = _post(client, url, {"starts_at": "2026-03-04T10:00:00+00:00", "duration_minutes": 0})
    assert bad.status_code == 422 and "duration_minutes" in bad.json()["fields"]
    assert GroupSession.objects.filter(program=program).count() == 1
    # when it is cancelled (twice: the second changes nothing)
    cancelled = _post(client, f"{url}/{session.pk}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["cancelled"] is True
    assert _post(client, f"{url}/{session.pk}/cancel").json()["version"] == cancelled.json()["version"]


def test_a_session_with_someone_present_cannot_be_cancelled(personas, group):
    program, enrolment = group
    manager = personas["case_manager"]
    session = make_past_session(manager, program)
    do_take_attendance(actor=manager, session=session, marks={enrolment.pk: "present"}, expected_version=None)
    response = _post(login_client(manager), f"/api/v1/groups/{program.pk}/sessions/{session.pk}/cancel")
    assert response.status_code == 400 and response.json()["code"] == "groups.session_has_attendance"
    session.refresh_from_db()
    assert session.cancelled is False


def test_complete_then_issue_and_read_the_certificate(personas, group):
    program, enrolment = group
    client = login_client(personas["case_manager"])
    base = f"/api/v1/groups/{program.pk}/enrolments/{enrolment.pk}"
    # before completion there is no certificate to read or issue
    assert client.get(f"{base}/certificate").status_code == 404
    early = _post(client, f"{base}/certificate")
    assert early.status_code == 400 and early.json()["code"] == "groups.not_completed"
    # when the person is marked as having completed
    done = _post(client, f"{base}/complete")
    assert done.status_code == 200 and done.json()["status"] == "completed"
    assert _post(client, f"{base}/complete").json()["code"] == "groups.not_enrolled"
    # then the certificate is issued once, and read with the name in use
    issued = _post(client, f"{base}/certificate")
    assert issued.status_code == 200
    assert _post(client, f"{base}/certificate").json()["number"] == issued.json()["number"]
    assert Certificate.objects.filter(enrolment=enrolment).count() == 1
    read = client.get(f"{base}/certificate").json()
    assert read == issued.json()
    assert read["program_name"] == program.name and read["name"]


def test_roles_without_the_case_or_the_group_are_refused(personas, group):
    program, enrolment = group
    base = f"/api/v1/groups/{program.pk}"
    # a program director reads the group but may not change it; another agency's staff never see it
    director, outsider = login_client(personas["program_director"]), login_client(personas["other_agency_user"])
    body = {"starts_at": "2026-03-03T18:30:00+00:00"}
    assert _post(director, f"{base}/sessions", body).status_code == 403
    assert _post(outsider, f"{base}/sessions", body).status_code == 404
    assert _post(director, f"{base}/enrolments/{enrolment.pk}/complete").status_code == 403
    assert _post(outsider, f"{base}/enrolments/{enrolment.pk}/complete").status_code == 404
    assert login_client(personas["analyst"]).get(f"{base}/enrolments/{enrolment.pk}/certificate").status_code == 404
    assert not GroupSession.objects.filter(program=program).exists()
    enrolment.refresh_from_db()
    assert enrolment.status == "enrolled"
