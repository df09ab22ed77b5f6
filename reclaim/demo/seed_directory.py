"""Demo partner directory: each demo agency's own entry (linked as a platform agency) and fifteen fictional
external organisations (clinics, legal aid, shelters with confidential addresses, police units, job centres),
each kept by one of the demo agencies. Written through the directory actions; re-running adds nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from typing import TYPE_CHECKING

from reclaim.referrals import directory_actions as directory
from reclaim.referrals.models import Organization

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency

WEEKDAYS = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
EVERY_DAY = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU"


@dataclass(frozen=True)
class Entry:
    name: str
    org_type: str
    kept_by: str  # demo agency slug
    category: str
    service: str
    eligibility: str
    languages: tuple[str, ...]
    city: str
    street: str
    confidential: bool = False
    rule: str = WEEKDAYS
    hours: tuple[int, int] | None = (9, 17)
    capacity: tuple[int, str] | None = None
    contact: tuple[str, str] = ("Intake desk", "Intake coordinator")


# Fictional organisations and places; any likeness to real ones is accidental.
EXTERNAL: tuple[Entry, ...] = (
    Entry(
        "Riverside Community Health Clinic",
        "HealthServiceOrganisation",
        "harbor",
        "physical_healthcare",
        "Walk-in medical care",
        "Anyone, insured or not",
        ("en", "es"),
        "Port Elliot",
        "200 Water Street",
    ),
    Entry(
        "Bayview Women's Health Center",
        "HealthServiceOrganisation",
        "northside",
        "physical_healthcare",
        "Reproductive and sexual health",
        "Women and girls 14 and over",
        ("en", "es", "tl"),
        "Northgate",
        "18 Bayview Avenue",
    ),
    Entry(
        "Lighthouse Counselling Collective",
        "NGO",
        "harbor",
        "psychological_support",
        "Trauma-focused counselling",
        "Adults who survived violence or exploitation",
        ("en", "th"),
        "Port Elliot",
        "7 Beacon Lane",
        capacity=(3, "appointments this week"),
    ),
    Entry(
        "Justice Bridge Legal Aid",
        "LegalService",
        "safepassage",
        "legal_assistance",
        "Rights advice and protective orders",
        "People on low incomes",
        ("en", "es"),
        "Marlow",
        "55 Court Plaza",
    ),
    Entry(
        "Immigrant Rights Law Project",
        "LegalService",
        "safepassage",
        "legal_assistance",
        "T-visa and asylum applications",
        "Survivors of trafficking without status",
        ("en", "es", "vi"),
        "Marlow",
        "9 Liberty Row",
        rule="FREQ=WEEKLY;BYDAY=TU,TH",
        hours=(10, 15),
    ),
    Entry(
        "Hope Harbor Emergency Shelter",
        "NGO",
        "harbor",
        "housing_shelter",
        "Emergency beds",
        "Women and their children",
        ("en", "es"),
        "Port Elliot",
        "confidential street 1",
        confidential=True,
        rule=EVERY_DAY,
        hours=None,
        capacity=(4, "beds"),
    ),
    Entry(
        "Sunrise Family Shelter",
        "NGO",
        "northside",
        "housing_shelter",
        "Family rooms",
        "Families with children",
        ("en",),
        "Northgate",
        "confidential street 2",
        confidential=True,
        rule=EVERY_DAY,
        hours=None,
        capacity=(2, "family rooms"),
    ),
    Entry(
        "New Dawn Transitional Housing",
        "NGO",
        "harbor",
        "housing_shelter",
        "Transitional flats (up to 18 months)",
        "Adults leaving emergency shelter",
        ("en", "ru"),
        "Ashford",
        "confidential street 3",
        confidential=True,
        capacity=(1, "flats"),
    ),
    Entry(
        "Metro Police Human Trafficking Unit",
        "LawEnforcement",
        "northside",
        "crisis_intervention",
        "Reporting and victim protection",
        "Anyone; a victim advocate can come along",
        ("en", "es"),
        "Northgate",
        "1 Civic Centre",
        rule=EVERY_DAY,
        hours=None,
        contact=("Duty officer", "Victim liaison officer"),
    ),
    Entry(
        "County Sheriff Victim Services",
        "LawEnforcement",
        "northside",
        "crisis_intervention",
        "Victim services advocates",
        "Victims of crime in the county",
        ("en",),
        "Ashford",
        "40 County Road",
    ),
    Entry(
        "Eastside Job Centre",
        "LocalGovernmentOrganisation",
        "harbor",
        "job_placement",
        "Job search and placement",
        "Adults with a work permit",
        ("en", "es", "zh"),
        "Port Elliot",
        "310 Market Street",
    ),
    Entry(
        "WorkForward Vocational Training",
        "NGO",
        "harbor",
        "vocational_training",
        "Catering and cleaning apprenticeships",
        "Adults 18 and over",
        ("en",),
        "Ashford",
        "12 Mill Yard",
        capacity=(6, "places"),
    ),
    Entry(
        "City Adult Education Centre",
        "SchoolOrCollege",
        "safepassage",
        "education",
        "English classes (ESL) and GED preparation",
        "Adults 16 and over",
        ("en", "es", "ar"),
        "Marlow",
        "88 College Street",
        rule="FREQ=WEEKLY;BYDAY=MO,WE",
        hours=(18, 21),
    ),
    Entry(
        "Community Interpreters Network",
        "NGO",
        "safepassage",
        "interpretation",
        "Spoken and written interpretation",
        "Partner agencies, for their clients",
        ("es", "th", "vi", "uk"),
        "Marlow",
        "3 Harbour Chambers",
    ),
    Entry(
        "Open Arms Food Bank",
        "NGO",
        "northside",
        "basic_necessities",
        "Food parcels and clothing",
        "Anyone in need",
        ("en", "es"),
        "Northgate",
        "64 Depot Street",
        rule="FREQ=WEEKLY;BYDAY=WE,SA",
        hours=(10, 13),
    ),
)

PLATFORM_SERVICES = {
    "harbor": ("Residential case management", "case_management", "Survivors of trafficking, 18 and over"),
    "northside": ("Crisis response", "crisis_intervention", "Victims identified in the county"),
    "safepassage": ("Immigration legal help", "legal_assistance", "Survivors without status"),
}


def _seed_entry(entry: Entry, agency: Agency) -> None:
    org = directory.do_create_organization(
        actor=None,
        agency=agency,
        data=directory.OrganizationInput(name=entry.name, org_type=entry.org_type, languages=list(entry.languages)),
    )
    directory.do_save_service(
        actor=None,
        organization=org,
        data=directory.ServiceInput(
            name=entry.service,
            category_code=entry.category,
            eligibility=entry.eligibility,
            languages=list(entry.languages),
            hours_rrule=entry.rule,
            opens_at=time(entry.hours[0]) if entry.hours else None,
            closes_at=time(entry.hours[1]) if entry.hours else None,
            hours_note="" if entry.hours else "Open day and night",
            capacity=entry.capacity[0] if entry.capacity else None,
            capacity_unit=entry.capacity[1] if entry.capacity else "",
        ),
    )
    number = sum(map(ord, entry.name)) % 900 + 100
    directory.do_save_location(
        actor=None,
        organization=org,
        data=directory.LocationInput(
            name="Shelter" if entry.confidential else "Main site",
            confidential=entry.confidential,
            address_1=f"{number} Hidden Way" if entry.confidential else entry.street,
            city=entry.city,
            region="CA",
            country="US",
        ),
    )
    slug = "".join(ch for ch in entry.name.lower() if ch.isalnum())[:20]
    directory.do_save_contact(
        actor=None,
        organization=org,
        data=directory.ContactInput(
            name=entry.contact[0],
            title=entry.contact[1],
            email=f"intake@{slug}.example",
            phone=f"+1 555 01{number % 100:02d}",
        ),
    )


def seed_directory(agencies: dict[str, Agency]) -> int:
    """Create what is missing; returns the number of organisations created."""
    created = 0
    for slug, agency in agencies.items():
        had_entry = Organization.objects.filter(platform_agency=agency).exists()
        org = directory.ensure_platform_entry(agency)
        if not had_entry and slug in PLATFORM_SERVICES:
            name, category, eligibility = PLATFORM_SERVICES[slug]
            directory.do_save_service(
                actor=None,
                organization=org,
                data=directory.ServiceInput(
                    name=name, category_code=category, eligibility=eligibility, languages=["en", "es"]
                ),
            )
            created += 1
    existing = set(Organization.objects.filter(name__in=[e.name for e in EXTERNAL]).values_list("name", flat=True))
    for entry in EXTERNAL:
        if entry.name not in existing and entry.kept_by in agencies:
            _seed_entry(entry, agencies[entry.kept_by])
            created += 1
    return created
