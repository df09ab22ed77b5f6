"""The demo network: agencies, teams and staff in every role. All names are invented."""

from __future__ import annotations

from typing import TypedDict

from reclaim.accounts.models import OrganisationType
from reclaim.accounts.roles import Role

DEMO_PASSWORD = "reclaim-demo-2026"  # noqa: S105 — published demo credential for synthetic data only
OPERATOR_EMAIL = "operator@platform.example"


class AgencySpec(TypedDict):
    slug: str
    name: str
    org_type: str
    country: str
    prefix: str
    teams: list[str]


AGENCIES: list[AgencySpec] = [
    {
        "slug": "harbor",
        "name": "Harbor House",
        "org_type": OrganisationType.NGO,
        "country": "US",
        "prefix": "HRB",
        "teams": ["Intake", "Residential"],
    },
    {
        "slug": "northside",
        "name": "Northside Victim Services Unit",
        "org_type": OrganisationType.LOCAL_GOVERNMENT,
        "country": "US",
        "prefix": "NVS",
        "teams": ["Response"],
    },
    {
        "slug": "safepassage",
        "name": "Safe Passage Legal Aid",
        "org_type": OrganisationType.LEGAL,
        "country": "US",
        "prefix": "SPL",
        "teams": ["Immigration"],
    },
]

# The three agencies above are the showcase: every feature has demo data there (legal matters, groups, the
# directory, the portal, outreach). The reference data set of QUALITY.md has 20 agencies, so a big demo adds
# more agencies that hold survivors, cases and their records only. Invented names, like everything here.
MORE_AGENCY_NAMES = [
    "Lighthouse Refuge",
    "Cedar Grove Shelter",
    "Eastport Survivor Network",
    "Willow Creek Family Services",
    "Meridian Victim Assistance",
    "Kestrel Bay Outreach",
    "Fairhaven Recovery House",
    "Stonebridge Legal Clinic",
    "Pinecrest Youth Services",
    "Ashford County Victim Unit",
    "Bluewater Housing Trust",
    "Marigold Health Collective",
    "Oakridge Community Centre",
    "Silver Lake Advocacy",
    "Thornbury Women's Refuge",
    "Juniper Employment Project",
    "Larkspur Counselling Service",
]
AGENCIES_MAX = len(AGENCIES) + len(MORE_AGENCY_NAMES)
SURVIVORS_PER_AGENCY = 5000  # the reference set: 100,000 survivors over 20 agencies


def agency_count(survivors: int) -> int:
    """How many agencies a demo of this size has unless told: the three showcase agencies, and one agency for
    every 5,000 survivors above that, up to the reference set's 20."""
    return min(max(len(AGENCIES), survivors // SURVIVORS_PER_AGENCY), AGENCIES_MAX)


def agency_specs(count: int) -> list[AgencySpec]:
    """The first `count` demo agencies: the showcase ones, then the others in a fixed order."""
    more: list[AgencySpec] = [
        {
            "slug": name.split()[0].lower().replace("'", ""),
            "name": name,
            "org_type": _org_type(name),
            "country": "US",
            "prefix": f"A{number:02d}",
            "teams": ["Casework"],
        }
        for number, name in enumerate(MORE_AGENCY_NAMES, start=len(AGENCIES) + 1)
    ]
    return [*AGENCIES, *more][:count]


def _org_type(name: str) -> str:
    if "Unit" in name:
        return OrganisationType.LOCAL_GOVERNMENT
    return OrganisationType.LEGAL if "Legal" in name else OrganisationType.NGO


def is_showcase(slug: str) -> bool:
    return any(spec["slug"] == slug for spec in AGENCIES)


STAFF = [
    (Role.AGENCY_ADMIN, "admin", "Alex Admin"),
    (Role.PROGRAM_DIRECTOR, "director", "Dana Director"),
    (Role.SUPERVISOR, "supervisor", "Sam Supervisor"),
    (Role.CASE_MANAGER, "casemanager", "Casey Manager"),
    (Role.CLINICIAN, "clinician", "Chris Clinician"),
    (Role.LEGAL_ADVOCATE, "legal", "Lee Advocate"),
    (Role.OUTREACH_COORDINATOR, "outreach", "Olu Outreach"),
    (Role.DATA_ANALYST, "analyst", "Ana Analyst"),
    (Role.VOLUNTEER, "volunteer", "Val Volunteer"),
    (Role.PARTNER_USER, "partner", "Pat Partner"),
]

GIVEN_NAMES = [
    "Amara",
    "Beatriz",
    "Chen",
    "Dalia",
    "Esperanza",
    "Farida",
    "Grace",
    "Hana",
    "Imani",
    "Josefina",
    "Kateryna",
    "Lucia",
    "Mariam",
    "Nadia",
    "Olena",
    "Priya",
    "Rosa",
    "Sofia",
    "Thao",
    "Yesenia",
    "Ahmed",
    "Bao",
    "Carlos",
    "Daniel",
    "Emeka",
    "Faisal",
    "Gabriel",
    "Hector",
    "Ivan",
    "Jamal",
    "Kwame",
    "Luis",
    "Mateo",
    "Nikolai",
    "Omar",
    "Pedro",
    "Rahul",
    "Samuel",
    "Tomas",
    "Victor",
]
FAMILY_NAMES = [
    "Abebe",
    "Bautista",
    "Cruz",
    "Diallo",
    "Estrada",
    "Fernandes",
    "Garcia",
    "Haddad",
    "Ibrahim",
    "Jimenez",
    "Kovalenko",
    "Lopez",
    "Mendoza",
    "Nguyen",
    "Okafor",
    "Perez",
    "Quispe",
    "Ramirez",
    "Santos",
    "Tran",
    "Usman",
    "Vargas",
    "Wang",
    "Xavier",
    "Yilmaz",
    "Zapata",
    "Mensah",
    "Popescu",
    "Rahman",
    "Sok",
]
LANGUAGES = ["spa", "eng", "vie", "ukr", "tgl", "ara", "fra", "hin", "por", "zho"]
PRONOUNS = ["she/her", "he/him", "they/them", ""]


def staff_email(role_slug: str, agency_slug: str) -> str:
    return f"{role_slug}@{agency_slug}.example"


# Synthetic case-file text for the demo: plain, factual, never a trafficking narrative.
GENERAL_NOTES = [
    "Met at the drop-in centre. Talked through the shelter rules and the house meeting on Thursday.",
    "Phone check-in. Sleeping better this week; asked about English classes.",
    "Accompanied to the benefits office; application submitted, reply expected in two weeks.",
    "Home visit. Room is warm, has enough food; asked for a bus pass for appointments.",
    "Rescheduled the dentist appointment at their request. New date agreed.",
    "Went over the safety plan together; no changes wanted.",
]
CLINICAL_NOTES = [
    "Session 3. Grounding exercises practised; reports fewer nightmares. Continue weekly.",
    "Reviewed sleep diary. Agreed to try the breathing routine before bed.",
]
LEGAL_NOTES = [
    "Explained the T visa process and what a declaration involves. Wants time to think.",
    "Collected documents for the certification letter request; copies filed.",
]
# Plausible, non-identifying trafficking histories: (exploitation types, means of control, recruitment, industry)
HISTORIES = [
    (["ForcedLabour"], ["DebtBondage", "WithholdsDocuments"], ["AtWork"], "A"),
    (["ForcedLabour"], ["TakesEarnings", "ExcessiveWorkingHours"], ["ThroughAnOnlineAdvertisement"], "F"),
    (["ForcedLabour"], ["RestrictsMovement", "WithholdsDocuments"], ["ThroughFriendsOrSocialEvents"], "T"),
    (["SexualExploitation"], ["PhysicalThreats", "PsychologicalAbuse"], ["ThroughOnlineSocialNetworks"], ""),
    (["SexualExploitation"], ["FalsePromises", "DebtBondage"], ["ThroughFamilyOrFamilyEvents"], ""),
    (["ForcedLabour", "SexualExploitation"], ["RestrictsMovement", "PhysicalAbuse"], ["Other"], "I"),
    (["ForcedBegging"], ["ThreatensChildrenFamily"], ["ThroughFamilyOrFamilyEvents"], ""),
]
COUNTRIES = ["MX", "GT", "HN", "PH", "TH", "VN", "UA", "NG", "US", "RO"]
PLACES = ["a farm outside the city", "a nail salon", "a construction site", "a private home", "a restaurant kitchen"]
FLAG_REASONS = ["Recruiter was seen near the shelter last week", "Received threatening messages"]
SAFE_TIMES = ["Weekday evenings after 6", "Mornings before 10", "Only on Saturdays", "Any time"]
UNSAFE_REASONS = ["Shares a phone with the person who recruited them", "May pass messages to the recruiter"]
