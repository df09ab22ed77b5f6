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
