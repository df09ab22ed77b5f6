"""Staff training pages: courses, sessions, participants, attendance and certificates, the records, the required
training page, with bad input, other agencies and roles."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from conftest import login_client
from reclaim.core.models import AuditEvent
from reclaim.outreach.models import (
    Course,
    ParticipantStatus,
    RequiredCourse,
    TrainingCertificate,
    TrainingParticipant,
    TrainingPolicy,
    TrainingSession,
)
from reclaim.outreach.tests.training_support import certify, make_course, make_session
from reclaim.outreach.training_selectors import add_months

pytestmark = pytest.mark.django_db


def test_coordinator_adds_a_course_then_edits_it(personas):
    # given the outreach coordinator
    client = login_client(personas["outreach_coordinator"])
    # when they add a course
    response = client.post(
        reverse("outreach:training_course_add"),
        {
            "title": "Identification indicators",
            "topic": "identification",
            "hours": "3.5",
            "valid_months": "24",
            "is_active": "on",
        },
    )
    # then it is saved, audited and listed
    course = Course.objects.get(title="Identification indicators")
    assert response.status_code == 302
    assert (course.topic, course.hours, course.valid_months, course.version) == (
        "identification",
        Decimal("3.5"),
        24,
        1,
    )
    assert AuditEvent.objects.filter(action="training.course_created", object_id=str(course.pk)).exists()
    assert "Identification indicators" in client.get(reverse("outreach:training_course_list")).content.decode()
    # when they edit it with the version they read
    url = reverse("outreach:training_course_edit", args=[course.pk])
    response = client.post(url, {"title": "Indicators of trafficking", "topic": "identification", "version": "1"})
    # then it changes (empty validity: never expires)
    course.refresh_from_db()
    assert response.status_code == 302
    assert (course.title, course.valid_months, course.version) == ("Indicators of trafficking", None, 2)


def test_a_stale_course_edit_shows_the_conflict_and_keeps_the_newer_values(personas, agency):
    course = make_course(agency)
    client = login_client(personas["agency_admin"])
    url = reverse("outreach:training_course_edit", args=[course.pk])
    client.post(url, {"title": "TIC one", "topic": "trauma_informed_care", "version": "1"})
    # when someone saves on the old version
    response = client.post(url, {"title": "TIC two", "topic": "trauma_informed_care", "version": "1"})
    # then the conflict is shown and the first change stays
    assert response.status_code == 200
    assert response.context["conflict"] is True
    course.refresh_from_db()
    assert course.title == "TIC one"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "  ", "topic": "other"}, "title"),
        ({"title": "Trauma-informed care", "topic": "other"}, "title"),  # the same title as an existing course
        ({"title": "X", "topic": "astrology"}, "topic"),
        ({"title": "X", "topic": "other", "valid_months": "0"}, "valid_months"),
        ({"title": "X", "topic": "other", "hours": "-2"}, "hours"),
    ],
)
def test_bad_course_input_shows_the_error_and_saves_nothing(personas, agency, data, field):
    make_course(agency)
    client = login_client(personas["agency_admin"])
    response = client.post(reverse("outreach:training_course_add"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Course.objects.count() == 1


def test_session_with_staff_partner_and_community_participants_and_a_completion(personas, agency):
    # given a course of 12 months' validity and a session a week ago
    course = make_course(agency)
    client = login_client(personas["program_director"])
    response = client.post(
        reverse("outreach:training_session_add", args=[course.pk]),
        {
            "held_on": (timezone.localdate() - datetime.timedelta(days=7)).isoformat(),
            "place": "Hall of the Riverside shelter",
            "trainer": "Dr. Amaro",
            "capacity": "10",
        },
    )
    session = TrainingSession.objects.get(course=course)
    assert response.status_code == 302
    assert session.place == "Hall of the Riverside shelter"
    add = reverse("outreach:training_participant_add", args=[session.pk])
    # when a staff member, a partner's staff member and a community member are added
    assert client.post(add, {"kind": "staff", "user_id": str(personas["case_manager"].pk)}).status_code == 302
    assert (
        client.post(add, {"kind": "partner", "name": "Jonah Ferreira", "organisation_name": "City Police"}).status_code
        == 302
    )
    assert client.post(add, {"kind": "community"}).status_code == 302
    page = client.get(reverse("outreach:training_session_detail", args=[session.pk]))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Jonah Ferreira" in content
    assert "City Police" in content
    assert "Name not given" in content
    # and the case manager is marked as completed
    participant = TrainingParticipant.objects.get(session=session, user=personas["case_manager"])
    prefix = str(participant.pk)
    response = client.post(
        reverse("outreach:training_attendance", args=[session.pk, participant.pk]),
        {f"{prefix}-status": "completed", f"{prefix}-version": str(participant.version)},
    )
    # then a certificate is issued, expiring 12 months after the session
    assert response.status_code == 302
    certificate = TrainingCertificate.objects.get(participant=participant)
    assert certificate.user == personas["case_manager"]
    assert certificate.completed_on == session.held_on
    assert certificate.expires_on == add_months(session.held_on, 12)
    assert certificate.number.startswith(f"TRN-{timezone.localdate().year}-")
    # and the case manager can print it from their own record
    mine = login_client(personas["case_manager"])
    record = mine.get(reverse("outreach:training_mine"))
    assert certificate.number in record.content.decode()
    printable = mine.get(reverse("outreach:training_certificate", args=[certificate.pk]))
    assert printable.status_code == 200
    assert "case_manager" in printable.content.decode()
    assert "training_print.css" in printable.content.decode()


def test_a_completion_stays_and_a_future_session_cannot_be_attended(personas, agency):
    course = make_course(agency)
    client = login_client(personas["agency_admin"])
    future = make_session(course, days_ago=-3)
    client.post(
        reverse("outreach:training_participant_add", args=[future.pk]),
        {"kind": "staff", "user_id": str(personas["clinician"].pk)},
    )
    participant = TrainingParticipant.objects.get(session=future)
    prefix = str(participant.pk)
    url = reverse("outreach:training_attendance", args=[future.pk, participant.pk])
    # when a future session is marked as attended
    response = client.post(url, {f"{prefix}-status": "attended", f"{prefix}-version": "1"}, follow=True)
    # then it is refused with a reason, and nothing is issued
    assert "has not taken place yet" in response.content.decode()
    participant.refresh_from_db()
    assert participant.status == ParticipantStatus.REGISTERED
    assert not TrainingCertificate.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "staff"}, "user_id"),
        ({"kind": "partner", "name": "Jonah"}, "organisation_name"),
        ({"kind": "partner", "organisation_name": "City Police"}, "name"),
        ({"kind": "alien"}, "kind"),
    ],
)
def test_bad_participant_input_shows_the_error_and_saves_nothing(personas, agency, data, field):
    session = make_session(make_course(agency))
    client = login_client(personas["agency_admin"])
    response = client.post(reverse("outreach:training_participant_add", args=[session.pk]), data)
    assert response.status_code == 200
    assert field in response.context["participant_form"].errors
    assert not TrainingParticipant.objects.exists()


def test_staff_of_another_agency_cannot_be_added_and_a_full_session_refuses(personas, agency):
    session = make_session(make_course(agency), capacity=1)
    client = login_client(personas["agency_admin"])
    url = reverse("outreach:training_participant_add", args=[session.pk])
    response = client.post(url, {"kind": "staff", "user_id": str(personas["other_agency_user"].pk)})
    assert "user_id" in response.context["participant_form"].errors
    assert client.post(url, {"kind": "community", "name": "Rosa"}).status_code == 302
    response = client.post(url, {"kind": "community", "name": "Lena"})
    assert response.status_code == 200
    assert "The session is full" in response.content.decode()
    assert TrainingParticipant.objects.count() == 1


def test_external_certificate_and_bad_dates(personas, agency):
    course = make_course(agency, valid_months=None)
    client = login_client(personas["agency_admin"])
    url = reverse("outreach:training_external_add")
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        url, {"user_id": str(personas["supervisor"].pk), "course_id": str(course.pk), "completed_on": tomorrow}
    )
    assert response.status_code == 200
    assert "completed_on" in response.context["form"].errors
    assert not TrainingCertificate.objects.exists()
    response = client.post(
        url,
        {
            "user_id": str(personas["supervisor"].pk),
            "course_id": str(course.pk),
            "completed_on": "2025-03-01",
            "provider": "State academy",
        },
    )
    certificate = TrainingCertificate.objects.get()
    assert response.status_code == 302
    assert (certificate.source, certificate.provider, certificate.expires_on) == ("external", "State academy", None)


def test_other_agency_objects_are_404_and_non_managers_403(personas, agency):
    course = make_course(agency)
    session = make_session(course)
    certificate = certify(personas["case_manager"], course)
    other_admin = login_client(personas["other_agency_admin"])
    assert other_admin.get(reverse("outreach:training_course_detail", args=[course.pk])).status_code == 404
    assert other_admin.get(reverse("outreach:training_session_detail", args=[session.pk])).status_code == 404
    assert other_admin.get(reverse("outreach:training_certificate", args=[certificate.pk])).status_code == 404
    assert "Trauma-informed care" not in other_admin.get(reverse("outreach:training_course_list")).content.decode()
    for persona in ("supervisor", "case_manager", "volunteer", "analyst"):
        client = login_client(personas[persona])
        assert client.get(reverse("outreach:training_course_list")).status_code == 403
        assert client.get(reverse("outreach:training_staff")).status_code == 403
        assert client.get(reverse("outreach:training_mine")).status_code == 200
    # a colleague's certificate is not theirs to see
    assert (
        login_client(personas["clinician"])
        .get(reverse("outreach:training_certificate", args=[certificate.pk]))
        .status_code
        == 404
    )


def test_required_training_per_role_and_the_block_setting(personas, agency):
    tic = make_course(agency)
    platform = make_course(agency, "Using Reclaim", topic="platform", valid_months=None)
    client = login_client(personas["program_director"])
    url = reverse("outreach:training_requirements")
    response = client.post(
        url, {"role_case_manager": [str(tic.pk), str(platform.pk)], "role_volunteer": [str(platform.pk)]}
    )
    assert response.status_code == 302
    assert set(RequiredCourse.objects.values_list("role", "course__title")) == {
        ("case_manager", "Trauma-informed care"),
        ("case_manager", "Using Reclaim"),
        ("volunteer", "Using Reclaim"),
    }
    # a course of another agency is refused
    other = make_course(personas["other_agency_admin"].memberships.get().agency, "B course")
    response = client.post(url, {"role_case_manager": [str(other.pk)]})
    assert response.status_code == 200
    assert RequiredCourse.objects.count() == 3
    # the block setting: program director switches it on; the outreach coordinator may not
    block = reverse("outreach:training_block")
    assert client.post(block, {"block_case_data": "on", "version": "1"}).status_code == 302
    assert TrainingPolicy.objects.get(agency=agency).block_case_data is True
    assert AuditEvent.objects.filter(action="training.block_set").exists()
    coordinator = login_client(personas["outreach_coordinator"])
    assert coordinator.post(block, {"version": "2"}).status_code == 403
    assert coordinator.get(url).status_code == 200
    # a stale version does not switch it
    client.post(block, {"version": "1"})
    assert TrainingPolicy.objects.get(agency=agency).block_case_data is True


def test_staff_overview_shows_missing_and_expiring_with_constant_queries(personas, agency, assert_max_queries):
    tic = make_course(agency)
    platform = make_course(agency, "Using Reclaim", topic="platform", valid_months=None)
    client = login_client(personas["agency_admin"])
    client.post(
        reverse("outreach:training_requirements"),
        {f"role_{role}": [str(tic.pk), str(platform.pk)] for role in ("case_manager", "clinician", "supervisor")},
    )
    # the clinician's certificate expires in about 40 days, the supervisor's is current, the case manager has none
    certify(personas["clinician"], tic, completed_days_ago=330)
    certify(personas["supervisor"], tic, completed_days_ago=5)
    certify(personas["supervisor"], platform)
    client.get(reverse("outreach:training_staff"))  # warm the session and the sites caches
    with assert_max_queries(12):
        response = client.get(reverse("outreach:training_staff"))
    attention = {
        (record.user.display_name, row.course.title, row.standing) for record, row in response.context["attention"]
    }
    assert ("case_manager", "Trauma-informed care", "missing") in attention
    assert ("clinician", "Trauma-informed care", "expiring") in attention
    assert not any(name == "supervisor" for name, _c, _s in attention)
    # more staff and certificates cost no more queries
    for persona in ("legal_advocate", "analyst", "volunteer", "case_manager"):
        certify(personas[persona], tic)
        certify(personas[persona], platform)
    with assert_max_queries(12):
        assert client.get(reverse("outreach:training_staff")).status_code == 200


def test_lists_cost_a_constant_number_of_queries(personas, agency, assert_max_queries):
    client = login_client(personas["agency_admin"])
    course = make_course(agency)
    session = make_session(course)
    client.get(reverse("outreach:training_course_list"))
    for n in range(6):
        extra = make_course(agency, f"Course {n}", topic="other")
        make_session(extra)
    for n in range(5):
        client.post(
            reverse("outreach:training_participant_add", args=[session.pk]), {"kind": "community", "name": f"P{n}"}
        )
    with assert_max_queries(10):
        assert client.get(reverse("outreach:training_course_list")).status_code == 200
    with assert_max_queries(12):
        assert client.get(reverse("outreach:training_session_detail", args=[session.pk])).status_code == 200
    with assert_max_queries(10):
        assert client.get(reverse("outreach:training_mine")).status_code == 200


def test_names_and_places_are_not_stored_in_clear(personas, agency):
    session = make_session(make_course(agency), place="Quetzal shelter back room")
    client = login_client(personas["agency_admin"])
    client.post(
        reverse("outreach:training_participant_add", args=[session.pk]),
        {"kind": "community", "name": "Wilhelmina Okafor"},
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT place FROM outreach_trainingsession")
        places = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT name FROM outreach_trainingparticipant")
        names = [row[0] for row in cursor.fetchall()]
    assert not any("Quetzal" in str(value) for value in places)
    assert not any("Wilhelmina" in str(value) for value in names)
    assert TrainingParticipant.objects.get().name == "Wilhelmina Okafor"
