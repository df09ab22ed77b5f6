"""Shared set-up for the directory tests, through the actions."""

from __future__ import annotations

from datetime import time
from typing import Any

from reclaim.referrals import directory_actions as directory

SHELTER_STREET = "41 Larkspur Hollow Road"
SHELTER_POSTCODE = "99501-7788"


def make_entry(admin: Any, agency: Any, *, name: str = "Haven Shelter Network") -> dict[str, Any]:
    """An entry kept by `agency`: a shelter service with hours and beds, a public office, a confidential
    shelter address, and a contact."""
    org = directory.do_create_organization(
        actor=admin,
        agency=agency,
        data=directory.OrganizationInput(
            name=name, org_type="NGO", description="Emergency housing", phone="+1 555 0100", languages=["en", "es"]
        ),
    )
    service = directory.do_save_service(
        actor=admin,
        organization=org,
        data=directory.ServiceInput(
            name="Emergency beds",
            category_code="housing_shelter",
            eligibility="Women and children",
            languages=["es", "th"],
            hours_rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
            opens_at=time(9),
            closes_at=time(17),
            capacity=4,
            capacity_unit="beds",
        ),
    )
    office = directory.do_save_location(
        actor=admin,
        organization=org,
        data=directory.LocationInput(
            name="Drop-in office", address_1="1 Main Street", city="Anchorage", region="AK", country="US"
        ),
    )
    shelter = directory.do_save_location(
        actor=admin,
        organization=org,
        data=directory.LocationInput(
            name="Safe house",
            confidential=True,
            address_1=SHELTER_STREET,
            postal_code=SHELTER_POSTCODE,
            city="Fairbanks",
            region="AK",
            country="US",
            latitude="64.837800",
            longitude="-147.716400",
        ),
    )
    contact = directory.do_save_contact(
        actor=admin, organization=org, data=directory.ContactInput(name="Rae Intake", email="rae@haven.example")
    )
    return {"org": org, "service": service, "office": office, "shelter": shelter, "contact": contact}
