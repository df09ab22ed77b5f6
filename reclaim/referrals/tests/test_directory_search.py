from __future__ import annotations

import pytest
from django.urls import reverse

from reclaim.referrals import directory_actions as directory
from reclaim.referrals.directory_selectors import DirectoryFilters, search_directory
from reclaim.referrals.tests.directory_fixtures import make_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(personas, agency, other_agency):
    haven = make_entry(personas["agency_admin"], agency)
    clinic = directory.do_create_organization(
        actor=personas["other_agency_admin"],
        agency=other_agency,
        data=directory.OrganizationInput(name="Northside Clinic", languages=["fr"]),
    )
    directory.do_save_service(
        actor=personas["other_agency_admin"],
        organization=clinic,
        data=directory.ServiceInput(name="GP visits", category_code="physical_healthcare", eligibility="Adults"),
    )
    directory.do_save_location(
        actor=personas["other_agency_admin"],
        organization=clinic,
        data=directory.LocationInput(city="Juneau", region="AK"),
    )
    return {"haven": haven["org"], "clinic": clinic}


def names(user, **filters):
    return [org.name for org in search_directory(user, DirectoryFilters(**filters))]


def test_filters_by_service_place_language_eligibility_and_text(personas, entries):
    user = personas["case_manager"]
    assert names(user) == ["Haven Shelter Network", "Northside Clinic"]
    assert names(user, service="housing_shelter") == ["Haven Shelter Network"]
    assert names(user, service="physical_healthcare") == ["Northside Clinic"]
    assert names(user, place="juneau") == ["Northside Clinic"]
    assert names(user, place="Anchorage") == ["Haven Shelter Network"]
    assert names(user, language="th") == ["Haven Shelter Network"]  # a service's language
    assert names(user, language="FR") == ["Northside Clinic"]  # the organisation's language
    assert names(user, eligibility="women") == ["Haven Shelter Network"]
    assert names(user, q="emergency") == ["Haven Shelter Network"]
    assert names(user, q="GP") == ["Northside Clinic"]
    assert names(user, service="housing_shelter", place="Juneau") == []


def test_place_never_matches_another_agencys_confidential_location(personas, entries):
    # given Haven's only Fairbanks location is its confidential shelter (kept by agency A)
    # then agency B's staff cannot find Haven by searching Fairbanks; agency A's can
    assert names(personas["other_agency_user"], place="Fairbanks") == []
    assert names(personas["case_manager"], place="Fairbanks") == ["Haven Shelter Network"]


def test_outsiders_get_nothing(personas, entries):
    assert names(personas["platform_operator"]) == []


def test_search_page_shows_filters_and_results(client_as, entries):
    response = client_as("volunteer").get(reverse("referrals:directory"), {"service": "housing_shelter"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Haven Shelter Network" in body
    assert "Northside Clinic" not in body
    assert 'name="language"' in body


def test_nav_has_directory_for_agency_staff_only(client_as):
    assert reverse("referrals:directory") in client_as("volunteer").get(reverse("home")).content.decode()
    assert reverse("referrals:directory") not in client_as("platform_operator").get(reverse("home")).content.decode()


def test_search_page_and_api_have_flat_query_counts(personas, agency, client_as, assert_max_queries):
    # given many organisations, each with services, locations and contacts
    admin = personas["agency_admin"]
    for number in range(12):
        make_entry(admin, agency, name=f"Org {number:02d}")
    client = client_as("case_manager")
    client.get(reverse("referrals:directory"))  # warm the session
    # when / then: the same number of queries for 12 as would be for 1
    with assert_max_queries(12):
        assert client.get(reverse("referrals:directory")).status_code == 200
    with assert_max_queries(12):
        response = client.get("/api/v1/directory/organizations", {"limit": 100})
    assert response.status_code == 200
    assert len(response.json()["items"]) == 12


def test_api_search_is_paginated(personas, agency, client_as):
    for number in range(3):
        directory.do_create_organization(
            actor=personas["agency_admin"], agency=agency, data=directory.OrganizationInput(name=f"Org {number}")
        )
    client = client_as("clinician")
    first = client.get("/api/v1/directory/organizations", {"limit": 2}).json()
    assert [i["name"] for i in first["items"]] == ["Org 0", "Org 1"]
    assert first["next_cursor"]
    second = client.get("/api/v1/directory/organizations", {"limit": 2, "cursor": first["next_cursor"]}).json()
    assert [i["name"] for i in second["items"]] == ["Org 2"]
    assert second["next_cursor"] is None
