"""Issue 11 API completeness: recording training a staff member did elsewhere, and reading one certificate, as on
the pages: training managers record (refused values 422 naming the field, nothing saved); managers read every
certificate of the agency, a staff member only their own (anyone else's is 404); another agency 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from reclaim.outreach.models import TrainingCertificate
from reclaim.outreach.tests.training_support import certify, make_course

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


URL = "/api/v1/outreach/training/certificates"


def test_record_training_done_elsewhere_and_read_it(personas, agency, client_as):
    # given a course valid for 12 months
    course = make_course(agency, valid_months=12)
    completed = timezone.localdate() - timedelta(days=30)
    body = {
        "user_id": str(personas["clinician"].pk),
        "course_id": str(course.pk),
        "completed_on": str(completed),
        "provider": "  State training centre ",
    }
    # when a training manager records the clinician's training elsewhere
    created = post(client_as("program_director"), URL, body)
    # then a certificate of the course is issued, expiring after the course's validity
    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["source"], data["provider"], data["user_id"], data["course_id"]) == (
        "external",
        "State training centre",
        str(personas["clinician"].pk),
        str(course.pk),
    )
    assert data["expires_on"] is not None and data["expires_on"] > str(completed)
    # the holder reads it; a manager reads it; a colleague finds nothing
    url = f"{URL}/{data['id']}"
    assert client_as("clinician").get(url).json()["number"] == data["number"]
    assert client_as("agency_admin").get(url).status_code == 200
    assert client_as("case_manager").get(url).status_code == 404


def test_refused_values_are_422_and_save_nothing(personas, agency, client_as):
    course = make_course(agency)
    other_course = make_course(personas["other_agency_admin"].memberships.get().agency, "B course")
    client = client_as("outreach_coordinator")
    good = {"user_id": str(personas["clinician"].pk), "course_id": str(course.pk), "completed_on": "2026-01-05"}
    for changes, field in [
        ({"user_id": str(personas["other_agency_user"].pk)}, "user_id"),
        ({"course_id": str(other_course.pk)}, "course_id"),
        ({"completed_on": str(timezone.localdate() + timedelta(days=1))}, "completed_on"),
        ({"completed_on": "yesterday"}, "completed_on"),
        ({"provider": "x" * 201}, "provider"),
    ]:
        response = post(client, URL, good | changes)
        assert response.status_code == 422, (changes, response.content)
        assert field in response.json()["fields"], (field, response.json())
    assert not TrainingCertificate.objects.exists()


def test_roles_and_other_agency(personas, agency, client_as):
    certificate = certify(personas["case_manager"], make_course(agency))
    body = {
        "user_id": str(personas["case_manager"].pk),
        "course_id": str(certificate.course_id),
        "completed_on": "2026-01-05",
    }
    assert post(client_as("case_manager"), URL, body).status_code == 403
    assert post(client_as("analyst"), URL, body).status_code == 403
    assert client_as("other_agency_admin").get(f"{URL}/{certificate.pk}").status_code == 404
    assert TrainingCertificate.objects.count() == 1
