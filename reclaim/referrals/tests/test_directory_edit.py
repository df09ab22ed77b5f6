from __future__ import annotations

import pytest
from django.urls import reverse

from reclaim.core.errors import DomainError
from reclaim.core.models import AuditEvent
from reclaim.referrals import directory_actions as directory
from reclaim.referrals.directory_display import describe_hours
from reclaim.referrals.models import Organization, OrgService
from reclaim.referrals.tests.directory_fixtures import make_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(personas, agency):
    return make_entry(personas["agency_admin"], agency)


def test_admin_adds_an_organisation_through_the_form(client_as):
    response = client_as("agency_admin").post(
        reverse("referrals:directory_organization_add"),
        {"name": "Legal Aid North", "org_type": "LegalService", "languages": "EN, es"},
    )
    org = Organization.objects.get(name="Legal Aid North")
    assert response.status_code == 302
    assert org.languages == ["en", "es"]
    assert AuditEvent.objects.filter(action="directory.organization_created", object_id=str(org.pk)).exists()


def test_bad_input_shows_errors_and_saves_nothing(client_as, entry):
    url = reverse("referrals:directory_service_add", args=[entry["org"].pk])
    response = client_as("case_manager").post(
        url,
        {"name": "Night beds", "category_code": "housing_shelter", "status": "active", "hours_rrule": "FREQ=SOMETIMES"},
    )
    assert response.status_code == 200
    assert "weekly or monthly rule" in response.content.decode()
    assert not OrgService.objects.filter(name="Night beds").exists()


def test_rrule_is_validated_and_normalised(personas, entry):
    data = directory.ServiceInput(name="Clinic", category_code="physical_healthcare")
    for bad in ("FREQ=WEEKLY;BYDAY=XX", "BYDAY=MO", "FREQ=WEEKLY;FOO=1", "FREQ=WEEKLY;INTERVAL=zero"):
        data.hours_rrule = bad
        with pytest.raises(DomainError) as refused:
            directory.do_save_service(actor=personas["agency_admin"], organization=entry["org"], data=data)
        assert "hours_rrule" in refused.value.fields, bad
    data.hours_rrule = "rrule:byday=sa,su;freq=weekly"
    service = directory.do_save_service(actor=personas["agency_admin"], organization=entry["org"], data=data)
    assert service.hours_rrule == "FREQ=WEEKLY;BYDAY=SA,SU"


def test_hours_are_shown_readably_with_capacity_age(client_as, entry):
    assert describe_hours(entry["service"]) == "Monday to Friday, 09:00–17:00"
    body = client_as("volunteer").get(reverse("referrals:directory_organization", args=[entry["org"].pk])).content
    text = body.decode()
    assert "Monday to Friday, 09:00–17:00" in text
    assert "4 beds" in text
    assert "updated today" in text


def test_other_agency_and_read_only_roles_cannot_edit(client_as, entry):
    url = reverse("referrals:directory_organization_edit", args=[entry["org"].pk])
    for persona in ("other_agency_admin", "program_director", "volunteer"):
        response = client_as(persona).post(url, {"name": "Renamed", "version": 1})
        assert response.status_code == 403, persona
    assert Organization.objects.get(pk=entry["org"].pk).name == "Haven Shelter Network"


def test_stale_version_shows_the_conflict_and_keeps_the_newer_values(client_as, personas, entry):
    # given someone saved the organisation after the form was loaded
    directory.do_update_organization(
        actor=personas["agency_admin"],
        organization=entry["org"],
        data=directory.OrganizationInput(name="Haven Network"),
        expected_version=1,
    )
    # when the case manager saves with the version they loaded
    response = client_as("case_manager").post(
        reverse("referrals:directory_organization_edit", args=[entry["org"].pk]), {"name": "Haven", "version": 1}
    )
    # then the conflict is shown with the saved value, and nothing is overwritten
    assert response.status_code == 200
    text = response.content.decode()
    assert "Someone else changed this entry" in text
    assert "Haven Network" in text
    assert Organization.objects.get(pk=entry["org"].pk).name == "Haven Network"


def test_api_create_patch_and_conflict(client_as, entry):
    admin = client_as("agency_admin")
    created = admin.post(
        "/api/v1/directory/organizations",
        {"name": "Job Centre East", "languages": ["en"]},
        content_type="application/json",
    )
    assert created.status_code == 201
    org_id = created.json()["id"]
    service = admin.post(
        f"/api/v1/directory/organizations/{org_id}/services",
        {"name": "Job search", "category_code": "job_placement", "hours_rrule": "FREQ=WEEKLY;BYDAY=MO"},
        content_type="application/json",
    )
    assert service.status_code == 201
    assert service.json()["hours_text"] == "Monday"
    patched = client_as("case_manager").patch(
        f"/api/v1/directory/organizations/{org_id}/services/{service.json()['id']}",
        {"version": 1, "capacity": 3, "capacity_unit": "places"},
        content_type="application/json",
    )
    assert patched.status_code == 200
    assert (patched.json()["capacity"], patched.json()["version"]) == (3, 2)
    stale = client_as("case_manager").patch(
        f"/api/v1/directory/organizations/{org_id}/services/{service.json()['id']}",
        {"version": 1, "capacity": 1},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert OrgService.objects.get(pk=service.json()["id"]).capacity == 3
    refused = admin.post(
        f"/api/v1/directory/organizations/{org_id}/services",
        {"name": "Beds", "category_code": "housing_shelter", "hours_rrule": "FREQ=HOURLY"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "hours_rrule" in refused.json()["fields"]


def test_detail_has_a_flat_query_count(client_as, personas, entry, assert_max_queries):
    for number in range(10):
        directory.do_save_service(
            actor=personas["agency_admin"],
            organization=entry["org"],
            data=directory.ServiceInput(name=f"Service {number}", category_code="education"),
        )
        directory.do_save_contact(
            actor=personas["agency_admin"], organization=entry["org"], data=directory.ContactInput(name=f"C {number}")
        )
    client = client_as("case_manager")
    url = reverse("referrals:directory_organization", args=[entry["org"].pk])
    client.get(url)
    with assert_max_queries(11):
        assert client.get(url).status_code == 200
    with assert_max_queries(10):
        assert client.get(f"/api/v1/directory/organizations/{entry['org'].pk}").status_code == 200


def test_ensure_platform_entry_is_idempotent(agency):
    first = directory.ensure_platform_entry(agency)
    second = directory.ensure_platform_entry(agency)
    assert first.pk == second.pk
    assert (first.platform_agency_id, first.maintained_by_id, first.name) == (agency.pk, agency.pk, agency.name)


def test_demo_directory_seed_is_idempotent(agency, other_agency):
    from reclaim.demo.seed_directory import EXTERNAL, seed_directory
    from reclaim.referrals.models import Location

    agencies = {"harbor": agency, "northside": other_agency}
    created = seed_directory(agencies)
    assert created == 2 + sum(1 for entry in EXTERNAL if entry.kept_by in agencies)
    assert seed_directory(agencies) == 0
    assert Organization.objects.filter(platform_agency__isnull=False).count() == 2
    assert Location.objects.filter(confidential=True).exists()
    assert not Location.objects.filter(confidential=True).exclude(address_1="").exists()
