"""The agency profile page (issue 14 item 4): the admin saves the agency's name under an edit lock with an audit
row, sees what partners read in the directory (kept in the directory entry only) and can make that entry."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import login_client
from reclaim.accounts.models import Agency
from reclaim.core.models import AuditEvent
from reclaim.referrals import directory_actions as directory
from reclaim.referrals.models import Organization

pytestmark = pytest.mark.django_db

URL = reverse("accounts:agency_profile")


def test_the_admin_saves_the_agency_name_with_an_audit_row(personas, agency):
    client = login_client(personas["agency_admin"])
    # when the admin renames the agency from the version they loaded
    response = client.post(URL, {"version": agency.version, "name": "  Safe   Harbour  "})
    # then the name is saved (spaces tidied), the version moves on and the change is audited by field name only
    assert response.status_code == 302
    agency.refresh_from_db()
    assert (agency.name, agency.version) == ("Safe Harbour", 2)
    event = AuditEvent.objects.get(action="agency.profile_saved", agency_id=agency.pk)
    assert event.detail == {"changed": ["name"]}


def test_a_stale_save_shows_the_other_change_and_keeps_the_entry(personas, agency):
    client = login_client(personas["agency_admin"])
    # given another admin saved the profile first
    client.post(URL, {"version": 1, "name": "First Name"})
    # when a form loaded at version 1 is saved
    response = client.post(URL, {"version": 1, "name": "Second Name"})
    # then nothing is saved, the page names the value saved now and keeps what was typed
    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone else changed the profile" in body
    assert "First Name" in body
    assert 'value="Second Name"' in body
    agency.refresh_from_db()
    assert agency.name == "First Name"
    # and saving again (the form now carries the current version) goes through
    assert client.post(URL, {"version": 2, "name": "Second Name"}).status_code == 302


def test_a_blank_name_is_refused_and_nothing_is_saved(personas, agency):
    response = login_client(personas["agency_admin"]).post(URL, {"version": agency.version, "name": "   "})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    agency.refresh_from_db()
    assert agency.version == 1
    assert not AuditEvent.objects.filter(action="agency.profile_saved").exists()


def test_the_directory_details_are_shown_from_the_entry_and_edited_there(personas, agency):
    client = login_client(personas["agency_admin"])
    # given no directory entry yet: the page offers to make one
    page = client.get(URL).content.decode()
    assert reverse("referrals:directory_own_entry") in page
    # when the admin makes it
    response = client.post(reverse("referrals:directory_own_entry"))
    # then the agency's entry exists, kept by the agency, and its edit page opens
    entry = Organization.objects.get(platform_agency=agency)
    assert entry.maintained_by_id == agency.pk
    assert response["Location"] == reverse("referrals:directory_organization_edit", args=[entry.pk])
    # when the entry gets a public phone and a public address, and a confidential one (a shelter)
    admin = personas["agency_admin"]
    directory.do_update_organization(
        actor=admin,
        organization=entry,
        data=directory.OrganizationInput(name=entry.name, phone="+1 555 0100", description="We help."),
        expected_version=entry.version,
    )
    directory.do_save_location(
        actor=admin, organization=entry, data=directory.LocationInput(address_1="1 Main Street", city="Springfield")
    )
    directory.do_save_location(
        actor=admin,
        organization=entry,
        data=directory.LocationInput(address_1="9 Hidden Lane", city="Springfield", confidential=True),
    )
    page = client.get(URL).content.decode()
    # then the profile shows the public details, links to the entry, and never the shelter's street
    assert "+1 555 0100" in page
    assert "1 Main Street" in page
    assert "9 Hidden Lane" not in page
    assert reverse("referrals:directory_organization", args=[entry.pk]) in page
    # and making the entry again does not make a second one
    client.post(reverse("referrals:directory_own_entry"))
    assert Organization.objects.filter(platform_agency=agency).count() == 1


def test_each_admin_sees_and_saves_only_their_own_agency(personas, agency, other_agency):
    client = login_client(personas["other_agency_admin"])
    response = client.get(URL)
    assert response.context["agency"].pk == other_agency.pk
    client.post(URL, {"version": other_agency.version, "name": "B renamed"})
    assert Agency.objects.get(pk=agency.pk).name == agency.name
    assert Agency.objects.get(pk=other_agency.pk).name == "B renamed"


@pytest.mark.parametrize("persona", ["case_manager", "supervisor", "analyst", "program_director"])
def test_other_roles_cannot_save_the_profile(personas, agency, persona):
    response = login_client(personas[persona]).post(URL, {"version": agency.version, "name": "Taken over"})
    assert response.status_code == 403
    agency.refresh_from_db()
    assert agency.name != "Taken over"
