"""`outreach:training_session_detail`'s attendance sheet and `outreach:training_attendance` through the API (issue
11): GET …/sessions/{id}/participants lists the participants with their attendance, PUT …/participants/{id}/
attendance records it through do_mark_participant (training managers; another agency's session is 404). A completion
issues the certificate and stays; a stale version is 409; bad values are 422; nothing is saved on a refusal."""

from __future__ import annotations

import pytest

from conftest import login_client
from reclaim.core.models import AuditEvent
from reclaim.outreach import training_actions as training
from reclaim.outreach.models import TrainingCertificate, TrainingParticipant
from reclaim.outreach.tests.training_support import admin_of, make_course, make_session

pytestmark = pytest.mark.django_db


def _sheet_url(session):
    return f"/api/v1/outreach/training/sessions/{session.pk}/participants"


def _mark_url(session, participant):
    return f"{_sheet_url(session)}/{participant.pk}/attendance"


def _put(client, url, body):
    return client.put(url, body, content_type="application/json")


@pytest.fixture
def sheet(personas, agency):
    """A past session with a staff member (the case manager) and a community member on it."""
    session = make_session(make_course(agency))
    admin = admin_of(agency)
    staff = training.do_add_participant(
        actor=admin,
        session=session,
        values=training.ParticipantValues(kind="staff", user_id=personas["case_manager"].pk),
    )
    guest = training.do_add_participant(
        actor=admin, session=session, values=training.ParticipantValues(kind="community", name="Guest")
    )
    return session, staff, guest


def test_read_the_sheet_then_record_attendance_and_a_completion(personas, sheet):
    session, staff, guest = sheet
    client = login_client(personas["outreach_coordinator"])
    # when a training manager reads the sheet
    read = client.get(_sheet_url(session))
    # then both participants are there, registered, in the order they were added
    assert read.status_code == 200, read.content
    rows = read.json()["items"]
    assert [(r["display_name"], r["kind"], r["status"]) for r in rows] == [
        (personas["case_manager"].display_name, "staff", "registered"),
        ("Guest", "community", "registered"),
    ]
    # when the guest is marked absent and the staff member completed
    absent = _put(client, _mark_url(session, guest), {"status": "absent", "version": guest.version})
    done = _put(client, _mark_url(session, staff), {"status": "completed", "version": staff.version})
    # then both are saved, one version on; the completion issued its certificate
    assert absent.status_code == 200, absent.content
    assert (absent.json()["status"], absent.json()["version"]) == ("absent", guest.version + 1)
    assert done.status_code == 200, done.content
    certificate = TrainingCertificate.objects.get(participant=staff)
    assert (done.json()["certificate_id"], done.json()["certificate_number"]) == (
        str(certificate.pk),
        certificate.number,
    )
    assert AuditEvent.objects.filter(action="training.attendance_marked").count() == 2
    # and the sheet filters by attendance
    completed = client.get(_sheet_url(session), {"status": "completed"}).json()["items"]
    assert [r["id"] for r in completed] == [str(staff.pk)]


def test_refusals_save_nothing(personas, agency, sheet):
    session, staff, guest = sheet
    client = login_client(personas["agency_admin"])
    done = _put(client, _mark_url(session, staff), {"status": "completed", "version": staff.version}).json()
    marks = AuditEvent.objects.filter(action="training.attendance_marked").count()
    # a completion stays completed (422 on status)
    back = _put(client, _mark_url(session, staff), {"status": "attended", "version": done["version"]})
    assert back.status_code == 422 and list(back.json()["fields"]) == ["status"]
    # a stale version is 409
    assert (
        _put(client, _mark_url(session, guest), {"status": "attended", "version": guest.version + 3}).status_code == 409
    )
    # an unknown status, a missing version or a completion date before the session are 422
    for body, field in [
        ({"status": "asleep", "version": guest.version}, "status"),
        ({"status": "attended"}, "version"),
        ({"status": "completed", "version": guest.version, "completed_on": "2000-01-01"}, "completed_on"),
    ]:
        response = _put(client, _mark_url(session, guest), body)
        assert response.status_code == 422, (body, response.content)
        assert field in response.json()["fields"], (body, response.json())
    # attendance at a session still to come is refused
    future = make_session(session.course, days_ago=-5)
    invited = training.do_add_participant(
        actor=admin_of(agency), session=future, values=training.ParticipantValues(kind="community")
    )
    early = _put(client, _mark_url(future, invited), {"status": "attended", "version": invited.version})
    assert early.status_code == 422 and "status" in early.json()["fields"]
    # nothing changed
    assert TrainingParticipant.objects.get(pk=guest.pk).status == "registered"
    assert TrainingParticipant.objects.get(pk=invited.pk).status == "registered"
    assert TrainingCertificate.objects.count() == 1
    assert AuditEvent.objects.filter(action="training.attendance_marked").count() == marks


def test_who_may_read_and_mark(personas, agency, sheet):
    session, _staff, guest = sheet
    body = {"status": "absent", "version": guest.version}
    # other members of the agency: 403
    for persona in ("case_manager", "supervisor"):
        client = login_client(personas[persona])
        assert client.get(_sheet_url(session)).status_code == 403
        assert _put(client, _mark_url(session, guest), body).status_code == 403
    # another agency's admin manages only their own training: 404
    other = login_client(personas["other_agency_admin"])
    assert other.get(_sheet_url(session)).status_code == 404
    assert _put(other, _mark_url(session, guest), body).status_code == 404
    # a participant of another session, through this session's URL: 404
    elsewhere = make_session(session.course, days_ago=3)
    assert _put(login_client(personas["agency_admin"]), _mark_url(elsewhere, guest), body).status_code == 404
    assert TrainingParticipant.objects.get(pk=guest.pk).status == "registered"
