"""The public view of the partner directory (public_selectors): never a confidential location, never contacts,
only listed organisations and services still offered."""

from __future__ import annotations

import dataclasses

import pytest

from reclaim.referrals import directory_actions as directory
from reclaim.referrals.models import ServiceStatus
from reclaim.referrals.public_selectors import (
    PublicEntry,
    PublicFilters,
    public_categories,
    public_directory,
    public_entries,
    public_languages,
)
from reclaim.referrals.tests.directory_fixtures import SHELTER_POSTCODE, SHELTER_STREET, make_entry

pytestmark = pytest.mark.django_db


def _entries(filters: PublicFilters | None = None) -> list[PublicEntry]:
    return public_entries(public_directory(filters or PublicFilters()))


def _only_shelter_org(admin, agency, name="Quiet House"):
    """An organisation whose one place is a confidential shelter in Fairbanks."""
    org = directory.do_create_organization(
        actor=admin, agency=agency, data=directory.OrganizationInput(name=name, phone="+1 555 0199")
    )
    directory.do_save_service(
        actor=admin, organization=org, data=directory.ServiceInput(name="Beds", category_code="housing_shelter")
    )
    directory.do_save_location(
        actor=admin,
        organization=org,
        data=directory.LocationInput(confidential=True, address_1="9 Secret Way", city="Fairbanks", region="AK"),
    )
    return org


def test_confidential_locations_never_reach_the_public(personas, agency, other_agency):
    # given entries of agency A and agency B, each with a confidential shelter
    make_entry(personas["agency_admin"], agency)
    make_entry(personas["other_agency_admin"], other_agency, name="Harbor Light")
    # when the public directory is read
    organizations = list(public_directory(PublicFilters()))
    entries = public_entries(organizations)
    # then no confidential row was even fetched, and nothing of the shelters is in what is shown
    assert [o.name for o in organizations] == ["Harbor Light", "Haven Shelter Network"]
    assert all(not loc.confidential for org in organizations for loc in org.public_locations)  # type: ignore[attr-defined]
    shown = repr([dataclasses.asdict(e) for e in entries])
    for secret in (SHELTER_STREET, SHELTER_POSTCODE, "Safe house", "Fairbanks", "64.8378"):
        assert secret not in shown
    assert "1 Main Street" in shown and "Anchorage" in shown


def test_contacts_and_internal_fields_are_not_part_of_an_entry(personas, agency):
    make_entry(personas["agency_admin"], agency)
    (entry,) = _entries()
    fields = {f.name for f in dataclasses.fields(entry)}
    assert fields == {"name", "description", "phone", "website", "languages", "services", "locations"}
    assert "Rae Intake" not in repr(entry) and "rae@haven.example" not in repr(entry)
    # the service keeps its public parts; capacity and eligibility notes stay with staff
    (service,) = entry.services
    assert service.name == "Emergency beds"
    assert service.hours.startswith("Monday to Friday")
    assert not hasattr(service, "capacity")


def test_a_place_search_never_matches_a_shelters_area(personas, agency, other_agency):
    # given a shelter-only organisation in Fairbanks (agency B) and A's entry with a shelter there too
    _only_shelter_org(personas["other_agency_admin"], other_agency)
    make_entry(personas["agency_admin"], agency)
    # then searching the shelters' town or postcode finds nothing
    assert _entries(PublicFilters(place="Fairbanks")) == []
    assert _entries(PublicFilters(place=SHELTER_POSTCODE)) == []
    # while the public office's town is found
    assert [e.name for e in _entries(PublicFilters(place="anchorage"))] == ["Haven Shelter Network"]


def test_a_shelter_only_organisation_is_listed_with_its_phone_and_no_place(personas, other_agency):
    _only_shelter_org(personas["other_agency_admin"], other_agency)
    (entry,) = _entries()
    assert entry.phone == "+1 555 0199"
    assert entry.locations == []


def test_filters_by_kind_of_help_language_and_postcode(personas, agency):
    admin = personas["agency_admin"]
    make_entry(admin, agency)
    org = directory.do_create_organization(
        actor=admin, agency=agency, data=directory.OrganizationInput(name="Lawyers Together", languages=["fr"])
    )
    directory.do_save_service(
        actor=admin, organization=org, data=directory.ServiceInput(name="Advice", category_code="legal_assistance")
    )
    directory.do_save_location(
        actor=admin, organization=org, data=directory.LocationInput(address_1="2 Rue", postal_code="10001", city="NYC")
    )
    assert [e.name for e in _entries(PublicFilters(category="legal_assistance"))] == ["Lawyers Together"]
    assert [e.name for e in _entries(PublicFilters(language="th"))] == ["Haven Shelter Network"]
    assert [e.name for e in _entries(PublicFilters(language="fr"))] == ["Lawyers Together"]
    assert [e.name for e in _entries(PublicFilters(place="10001"))] == ["Lawyers Together"]
    assert _entries(PublicFilters(category="legal_assistance", language="th")) == []
    # a category filter shows only the matching services of an organisation
    (entry,) = _entries(PublicFilters(category="housing_shelter"))
    assert [s.category_code for s in entry.services] == ["housing_shelter"]
    assert dict(public_categories()).keys() == {"legal_assistance", "housing_shelter"}
    assert public_languages() == ["en", "es", "fr", "th"]


def test_unlisted_organisations_and_retired_services_are_left_out(personas, agency):
    admin = personas["agency_admin"]
    found = make_entry(admin, agency)
    gone = directory.do_create_organization(actor=admin, agency=agency, data=directory.OrganizationInput(name="Gone"))
    directory.do_save_service(
        actor=admin,
        organization=gone,
        data=directory.ServiceInput(name="Old", category_code="education", status=ServiceStatus.DEFUNCT),
    )
    found["org"].is_active = False
    found["org"].save(update_fields=["is_active"])
    assert _entries() == []
    assert public_categories() == []
