"""A confidential location (a shelter) never reaches another agency: not its address, not its existence."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from reclaim.core.errors import DomainError
from reclaim.referrals import directory_actions as directory
from reclaim.referrals.tests.directory_fixtures import SHELTER_POSTCODE, SHELTER_STREET, make_entry

pytestmark = pytest.mark.django_db

SECRETS = [SHELTER_STREET, SHELTER_POSTCODE, "Safe house", "Fairbanks", "64.8378", "-147.7164"]


@pytest.fixture
def entry(personas, agency):
    return make_entry(personas["agency_admin"], agency)


def leaked(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


def test_detail_page_shows_the_shelter_only_to_the_maintaining_agency(client_as, entry):
    url = reverse("referrals:directory_organization", args=[entry["org"].pk])
    # given staff of the maintaining agency: they see the address, marked confidential
    own = client_as("volunteer").get(url).content.decode()
    assert SHELTER_STREET in own
    assert "Confidential" in own
    # when staff of another agency read the same page; then nothing of the shelter appears
    other = client_as("other_agency_user").get(url).content.decode()
    assert "Haven Shelter Network" in other
    assert "1 Main Street" in other  # the public office is listed
    assert leaked(other) == []
    assert "Confidential" not in other


def test_api_detail_and_search_leave_the_shelter_out_for_other_agencies(client_as, entry):
    url = f"/api/v1/directory/organizations/{entry['org'].pk}"
    own = client_as("case_manager").get(url).json()
    assert [loc["confidential"] for loc in own["locations"]] == [False, True]
    assert SHELTER_STREET in json.dumps(own)
    other = client_as("other_agency_admin").get(url)
    assert other.status_code == 200
    assert [loc["name"] for loc in other.json()["locations"]] == ["Drop-in office"]
    assert leaked(other.content.decode()) == []
    listing = client_as("other_agency_user").get("/api/v1/directory/organizations").content.decode()
    assert leaked(listing) == []


def test_other_agency_cannot_reach_the_shelter_by_id(client_as, entry, personas, other_agency):
    # even the edit route of its own entry cannot name another agency's confidential location
    own_org = directory.do_create_organization(
        actor=personas["other_agency_admin"], agency=other_agency, data=directory.OrganizationInput(name="B Org")
    )
    response = client_as("other_agency_admin").get(
        reverse("referrals:directory_location_edit", args=[own_org.pk, entry["shelter"].pk])
    )
    assert response.status_code == 404
    # and the API answers the same for the entry it belongs to: 403 (not theirs to edit), no body leak
    response = client_as("other_agency_admin").patch(
        f"/api/v1/directory/organizations/{entry['org'].pk}/locations/{entry['shelter'].pk}",
        {"version": 1, "city": "Nome"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert leaked(response.content.decode()) == []


def test_exports_never_carry_the_shelter(client_as, entry):
    # not even for the maintaining agency: an HSDS file is made to be shared (DOMAIN.md §12.1)
    own = client_as("agency_admin").get(reverse("referrals:directory_export"))
    assert own.status_code == 200
    assert own["Content-Disposition"] == 'attachment; filename="directory-hsds.json"'
    document = json.loads(own.content)
    locations = document["contents"][0]["locations"]
    assert [loc["id"] for loc in locations] == [str(entry["office"].hsds_id)]
    assert SHELTER_STREET not in own.content.decode()
    for client in (client_as("agency_admin"), client_as("other_agency_user"), client_as("other_agency_admin")):
        for url in (reverse("referrals:directory_export"), "/api/v1/directory/hsds"):
            body = client.get(url).content.decode()
            assert leaked(body) == []
            assert "x_reclaim_confidential" not in body


def test_confidential_location_needs_a_maintaining_agency(personas, agency):
    # given an imported entry nobody on the platform keeps
    from reclaim.referrals.models import Location, Organization

    org = Organization.objects.create(name="Unkept")
    # when a confidential location is added; then it is refused and nothing is saved
    with pytest.raises(DomainError) as refused:
        directory.do_save_location(
            actor=personas["agency_admin"],
            organization=org,
            data=directory.LocationInput(confidential=True, address_1=SHELTER_STREET),
        )
    assert refused.value.code == "directory.confidential_needs_agency"
    assert not Location.objects.exists()


def test_public_location_turned_confidential_keeps_no_plain_address(personas, entry):
    office = directory.do_save_location(
        actor=personas["agency_admin"],
        organization=entry["org"],
        location=entry["office"],
        expected_version=1,
        data=directory.LocationInput(name="Office", confidential=True, address_1="1 Main Street", city="Anchorage"),
    )
    office.refresh_from_db()
    assert (office.address_1, office.latitude, office.hidden_address_1) == ("", None, "1 Main Street")
