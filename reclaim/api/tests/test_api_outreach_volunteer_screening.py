"""Issue 11 API completeness: a volunteer's screening steps and signed agreements, with the volunteer page's
rights; 422 on bad input with nothing saved, 409 on a stale version, another agency 404, other roles 403."""

from __future__ import annotations

import pytest

from reclaim.core.models import AuditEvent
from reclaim.outreach.models import VolunteerAgreement, VolunteerScreening
from reclaim.outreach.tests.volunteers_support import applicant

pytestmark = pytest.mark.django_db


def send(client, method, url, body):
    return getattr(client, method)(url, body, content_type="application/json")


@pytest.fixture
def volunteer(personas, agency):
    return applicant(personas["outreach_coordinator"], agency)


def test_screening_steps_read_and_recorded(volunteer, client_as):
    client = client_as("outreach_coordinator")
    base = f"/api/v1/outreach/volunteers/{volunteer.pk}/screenings"
    listed = client.get(base)
    assert listed.status_code == 200
    steps = {step["kind"]: step for step in listed.json()["items"]}
    assert set(steps) == {"interview", "references", "background_check"}
    assert AuditEvent.objects.filter(action="volunteer.viewed", object_id=str(volunteer.pk)).exists()
    interview = steps["interview"]
    saved = send(
        client, "put", f"{base}/{interview['id']}", {"version": 1, "status": "passed", "done_on": "2026-01-05"}
    )
    assert saved.status_code == 200, saved.content
    assert (saved.json()["status"], saved.json()["done_on"], saved.json()["version"]) == ("passed", "2026-01-05", 2)
    # a stale version is 409 and nothing changes
    stale = send(client, "put", f"{base}/{interview['id']}", {"version": 1, "status": "failed"})
    assert stale.status_code == 409
    assert VolunteerScreening.objects.get(pk=interview["id"]).status == "passed"


def test_screening_bad_input_is_422_and_saves_nothing(volunteer, client_as):
    client = client_as("outreach_coordinator")
    step = volunteer.screenings.get(kind="references")
    url = f"/api/v1/outreach/volunteers/{volunteer.pk}/screenings/{step.pk}"
    cases = [
        ({"version": 1, "status": "maybe"}, "status"),
        ({"version": 1, "status": "waived"}, "note"),  # waiving needs the reason
        ({"version": 1, "status": "passed", "done_on": "2999-01-01"}, "done_on"),
        ({"version": 1, "status": "passed", "done_on": "yesterday"}, "done_on"),
        ({"status": "passed"}, "version"),
    ]
    for body, field in cases:
        response = send(client, "put", url, body)
        assert response.status_code == 422, (body, response.content)
        assert field in str(response.json()["fields"]), (field, response.json())
    step.refresh_from_db()
    assert (step.status, step.version) == ("not_started", 1)


def test_agreements_recorded_and_listed(volunteer, client_as):
    client = client_as("agency_admin")
    base = f"/api/v1/outreach/volunteers/{volunteer.pk}/agreements"
    body = {"kind": "confidentiality", "signed_on": "2026-01-02", "document_version": "2026-1"}
    created = send(client, "post", base, body)
    assert created.status_code == 201, created.content
    assert (created.json()["kind"], created.json()["document_version"]) == ("confidentiality", "2026-1")
    listed = client.get(base).json()["items"]
    assert [row["id"] for row in listed] == [created.json()["id"]]


def test_agreement_bad_input_is_422_and_saves_nothing(volunteer, client_as):
    client = client_as("outreach_coordinator")
    base = f"/api/v1/outreach/volunteers/{volunteer.pk}/agreements"
    cases = [
        ({"kind": "blood_oath", "signed_on": "2026-01-02"}, "kind"),
        ({"kind": "confidentiality"}, "signed_on"),
        ({"kind": "confidentiality", "signed_on": "2999-01-02"}, "signed_on"),
        ({"kind": "confidentiality", "signed_on": "2026-01-02", "expires_on": "2025-01-01"}, "expires_on"),
        ({"kind": "confidentiality", "signed_on": "2026-01-02", "document_version": "x" * 200}, "document_version"),
    ]
    for body, field in cases:
        response = send(client, "post", base, body)
        assert response.status_code == 422, (body, response.content)
        assert field in str(response.json()["fields"]), (field, response.json())
    assert not VolunteerAgreement.objects.exists()


def test_other_agency_404_and_other_roles_403(volunteer, client_as):
    step = volunteer.screenings.get(kind="interview")
    base = f"/api/v1/outreach/volunteers/{volunteer.pk}"
    body = {"kind": "confidentiality", "signed_on": "2026-01-02"}
    other = client_as("other_agency_admin")  # coordinates volunteers, of another agency
    assert other.get(f"{base}/screenings").status_code == 404
    assert send(other, "put", f"{base}/screenings/{step.pk}", {"version": 1, "status": "passed"}).status_code == 404
    assert other.get(f"{base}/agreements").status_code == 404
    assert send(other, "post", f"{base}/agreements", body).status_code == 404
    for persona in ("case_manager", "program_director", "volunteer"):
        assert client_as(persona).get(f"{base}/screenings").status_code == 403
        assert send(client_as(persona), "post", f"{base}/agreements", body).status_code == 403
    assert not VolunteerAgreement.objects.exists()
    step.refresh_from_db()
    assert step.version == 1
