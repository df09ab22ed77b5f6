"""`outreach:training_requirements` through the API (issue 11, last gaps): GET/PUT /outreach/training/requirements reads and
sets the courses each role must hold, as on the Required training page (training managers only; the whole set is
saved through do_set_required_courses, a role left out requires nothing). Bad values are 422, nothing saved."""

from __future__ import annotations

import pytest

from conftest import login_client
from reclaim.core.models import AuditEvent
from reclaim.outreach.tests.training_support import make_course
from reclaim.outreach.training_selectors import requirements_for_agency

pytestmark = pytest.mark.django_db
URL = "/api/v1/outreach/training/requirements"


def _put(client, body):
    return client.put(URL, body, content_type="application/json")


def _saved(agency):
    return sorted((row.role, row.course.title) for row in requirements_for_agency(agency.pk))


def _courses_of(response, role):
    return [c["title"] for row in response.json()["roles"] if row["role"] == role for c in row["courses"]]


def test_set_then_replace_the_whole_set(personas, agency):
    # given two courses and no requirement yet
    care, rights = make_course(agency), make_course(agency, "Labour rights", topic="other")
    client = login_client(personas["outreach_coordinator"])
    before = client.get(URL)
    assert before.status_code == 200
    assert all(row["courses"] == [] for row in before.json()["roles"])
    assert "case_manager" in [row["role"] for row in before.json()["roles"]]
    # when a training manager requires both of case managers and one of supervisors
    body = {
        "roles": [
            {"role": "case_manager", "course_ids": [str(care.pk), str(rights.pk)]},
            {"role": "supervisor", "course_ids": [str(care.pk)]},
        ]
    }
    response = _put(client, body)
    # then they are saved, answered and audited
    assert response.status_code == 200, response.content
    assert _courses_of(response, "case_manager") == ["Labour rights", "Trauma-informed care"]
    assert _courses_of(client.get(URL), "supervisor") == ["Trauma-informed care"]
    assert _saved(agency) == [
        ("case_manager", "Labour rights"),
        ("case_manager", "Trauma-informed care"),
        ("supervisor", "Trauma-informed care"),
    ]
    assert AuditEvent.objects.filter(action="training.requirements_set").count() == 1
    # when the set is saved again without supervisors: it is the whole set, as the page saves it
    again = _put(client, {"roles": [{"role": "case_manager", "course_ids": [str(care.pk)]}]})
    assert again.status_code == 200
    assert _saved(agency) == [("case_manager", "Trauma-informed care")]


@pytest.mark.parametrize(
    ("roles", "field"),
    [
        ([{"role": "case_manager", "course_ids": ["other"]}], "roles.0.course_ids.0"),
        ([{"role": "juggler", "course_ids": []}], "roles.0.role"),
        ([{"role": "supervisor", "course_ids": []}, {"role": "supervisor", "course_ids": []}], "roles"),
        ("everyone", "roles"),
    ],
)
def test_bad_values_are_422_and_nothing_changes(personas, agency, roles, field):
    # given a requirement already saved
    care = make_course(agency)
    client = login_client(personas["agency_admin"])
    assert _put(client, {"roles": [{"role": "case_manager", "course_ids": [str(care.pk)]}]}).status_code == 200
    # when a bad set is sent
    response = _put(client, {"roles": roles})
    # then it is refused, naming the field, and the saved set stays
    assert response.status_code == 422, response.content
    assert field in response.json()["fields"], response.json()
    assert _saved(agency) == [("case_manager", "Trauma-informed care")]
    assert AuditEvent.objects.filter(action="training.requirements_set").count() == 1


def test_another_agencys_course_is_refused_whole(personas, agency, other_agency):
    # given a course of agency A and one of agency B
    care, theirs = make_course(agency), make_course(other_agency, "Their course")
    client = login_client(personas["agency_admin"])
    # when A's admin requires both (B's for one role only)
    response = _put(
        client,
        {
            "roles": [
                {"role": "supervisor", "course_ids": [str(care.pk)]},
                {"role": "case_manager", "course_ids": [str(care.pk), str(theirs.pk)]},
            ]
        },
    )
    # then nothing is saved, not even the supervisors' valid part, and the role is named
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["roles.case_manager"]
    assert _saved(agency) == []


def test_other_roles_may_not_read_or_set(personas, agency):
    care = make_course(agency)
    body = {"roles": [{"role": "case_manager", "course_ids": [str(care.pk)]}]}
    for persona in ("case_manager", "supervisor", "volunteer"):
        client = login_client(personas[persona])
        assert client.get(URL).status_code == 403
        assert _put(client, body).status_code == 403
    assert _saved(agency) == []
