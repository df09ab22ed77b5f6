"""Issue 11 API completeness: changing a training course and a session, as on their edit pages: training managers
of the agency only, with the version read (409 when stale, unchanged); refused values are 422 naming the field
with nothing saved; another agency's course or session is 404."""

from __future__ import annotations

import pytest
from django.utils import timezone

from reclaim.outreach.models import Course, TrainingSession
from reclaim.outreach.tests.training_support import make_course, make_session

pytestmark = pytest.mark.django_db


def put(client, url, body):
    return client.put(url, body, content_type="application/json")


def test_change_a_course_then_a_stale_version_is_409(agency, client_as):
    # given a course
    course = make_course(agency)
    url = f"/api/v1/outreach/training/courses/{course.pk}"
    client = client_as("outreach_coordinator")
    body = {"title": "Trauma-informed care, part 1", "topic": "trauma_informed_care", "valid_months": 24}
    # when a training manager changes it with the version read
    changed = put(client, url, {**body, "hours": "3.5", "version": course.version})
    # then it is saved, one version on
    assert changed.status_code == 200, changed.content
    data = changed.json()
    assert (data["title"], data["hours"], data["valid_months"], data["version"]) == (
        "Trauma-informed care, part 1",
        "3.5",
        24,
        course.version + 1,
    )
    # and the same version again is a conflict, nothing changed
    stale = put(client, url, {**body, "title": "Other title", "version": course.version})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == course.version + 1
    assert Course.objects.get(pk=course.pk).title == "Trauma-informed care, part 1"


def test_course_bad_values_are_422(agency, client_as):
    course = make_course(agency)
    make_course(agency, "Labour rights")
    url = f"/api/v1/outreach/training/courses/{course.pk}"
    client = client_as("agency_admin")
    for body, field in [
        ({"title": "  "}, "title"),
        ({"title": "Labour rights"}, "title"),  # another course's title
        ({"title": "Care", "hours": "-1"}, "hours"),
        ({"title": "Care", "topic": "juggling"}, "topic"),
        ({"title": "Care"}, "version"),
    ]:
        response = put(client, url, {"version": course.version, **body} if field != "version" else body)
        assert response.status_code == 422, (body, response.content)
        assert field in response.json()["fields"], (field, response.json())
    assert Course.objects.get(pk=course.pk).version == course.version


def test_change_a_session_and_its_refusals(agency, client_as):
    # given a session of a course
    session = make_session(make_course(agency))
    url = f"/api/v1/outreach/training/sessions/{session.pk}"
    client = client_as("program_director")
    held_on = str(timezone.localdate())
    # when it moves online with a trainer and 12 places
    changed = put(
        client,
        url,
        {"held_on": held_on, "is_online": True, "trainer": "A trainer", "capacity": 12, "version": session.version},
    )
    # then it is saved
    assert changed.status_code == 200, changed.content
    assert (changed.json()["is_online"], changed.json()["capacity"], changed.json()["participant_count"]) == (
        True,
        12,
        0,
    )
    # a capacity of 0 is refused, and a stale version is a conflict
    zero = put(client, url, {"held_on": held_on, "capacity": 0, "version": session.version + 1})
    assert zero.status_code == 422 and "capacity" in zero.json()["fields"]
    stale = put(client, url, {"held_on": held_on, "version": session.version})
    assert stale.status_code == 409
    assert TrainingSession.objects.get(pk=session.pk).capacity == 12


def test_other_agency_404_and_other_roles_403(agency, client_as):
    course = make_course(agency)
    session = make_session(course)
    course_url = f"/api/v1/outreach/training/courses/{course.pk}"
    session_url = f"/api/v1/outreach/training/sessions/{session.pk}"
    for persona, expected in [("other_agency_admin", 404), ("case_manager", 403), ("analyst", 403)]:
        client = client_as(persona)
        assert put(client, course_url, {"title": "X", "version": course.version}).status_code == expected
        assert put(client, session_url, {"held_on": "2026-01-05", "version": session.version}).status_code == expected
    assert Course.objects.get(pk=course.pk).version == course.version
    assert TrainingSession.objects.get(pk=session.pk).version == session.version
