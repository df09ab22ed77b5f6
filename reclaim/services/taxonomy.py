"""The service taxonomy Reclaim ships (DOMAIN.md §5), as data. A data migration installs it.

Versioning: a category or type carries the taxonomy version that introduced it; one that is dropped is
marked retired (never deleted: service records keep pointing at it). A later taxonomy gets a new
TAXONOMY_VERSION and its own data migration. Funder mappings are versioned separately
(FunderMapping.version + effective_from): a funder change adds a mapping version, history keeps the old one.

Only the five OTIP DVHT categories marked in DOMAIN.md are confirmed; the rest of that funder's list is left
for agencies to add (unverified upstream), so it is not shipped here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

TAXONOMY_VERSION = "1"


@dataclass(frozen=True)
class CategorySpec:
    code: str
    label: str
    includes: str
    htcds_plan_types: tuple[str, ...]  # HTCDS v2.0 spl_Type codes; empty = cross-cutting or the plan itself
    types: tuple[tuple[str, str], ...]  # (code suffix, label)


CATEGORIES: tuple[CategorySpec, ...] = (
    CategorySpec(
        "psychological_support",
        "Psychological support",
        "Counselling, therapy including CBT",
        ("Health", "SexualExploitationRehabilitation", "LabourExploitationRehabilitation"),
        (("counselling", "Counselling"), ("therapy", "Therapy"), ("cbt", "Cognitive behavioural therapy (CBT)")),
    ),
    CategorySpec(
        "physical_healthcare",
        "Physical healthcare",
        "Medical, dental, reproductive",
        ("Health",),
        (("medical", "Medical care"), ("dental", "Dental care"), ("reproductive", "Reproductive health")),
    ),
    CategorySpec(
        "legal_assistance",
        "Legal assistance",
        "Rights information, complaints, protective orders, immigration",
        ("Legal",),
        (
            ("rights_information", "Information about rights"),
            ("complaint", "Help with a complaint"),
            ("protective_order", "Protective order"),
            ("immigration", "Immigration relief"),
            ("court_accompaniment", "Court accompaniment"),
        ),
    ),
    CategorySpec(
        "vocational_training",
        "Vocational training",
        "Courses, apprenticeships",
        ("Livelihood",),
        (("course", "Vocational course"), ("apprenticeship", "Apprenticeship")),
    ),
    CategorySpec(
        "housing_shelter",
        "Housing and shelter",
        "Emergency, transitional, long-term",
        ("SocialCare",),
        (
            ("emergency", "Emergency shelter"),
            ("transitional", "Transitional housing"),
            ("long_term", "Long-term housing"),
        ),
    ),
    CategorySpec(
        "education",
        "Education",
        "ESL, general, GED preparation, higher education",
        ("Education",),
        (
            ("esl", "English as a second language"),
            ("general", "General education"),
            ("ged_prep", "GED preparation"),
            ("higher", "Higher education"),
        ),
    ),
    CategorySpec(
        "job_placement",
        "Job placement",
        "Job search, placement",
        ("Livelihood",),
        (("search", "Job search support"), ("placement", "Job placement")),
    ),
    CategorySpec(
        "life_skills",
        "Life skills",
        "Financial management, daily living",
        ("Financial", "RightsBasedTraining"),
        (("financial", "Financial management"), ("daily_living", "Daily living skills")),
    ),
    CategorySpec(
        "support_group",
        "Support group",
        "Peer and therapeutic groups",
        ("Health", "SocialCare"),
        (("peer", "Peer support group"), ("therapeutic", "Therapeutic group")),
    ),
    CategorySpec(
        "basic_necessities",
        "Basic necessities",
        "Personal care, clothing, food or funds",
        ("SocialCare",),
        (
            ("personal_care", "Personal care items"),
            ("clothing", "Clothing"),
            ("food", "Food"),
            ("funds", "Emergency funds"),
        ),
    ),
    CategorySpec(
        "case_management",
        "Case management",
        "Assessment, plan, referral, tracking, follow-up",
        (),
        (
            ("assessment", "Assessment"),
            ("planning", "Service planning"),
            ("referral", "Referral"),
            ("tracking", "Tracking and check-in"),
            ("follow_up", "Follow-up"),
        ),
    ),
    CategorySpec(
        "crisis_intervention",
        "Crisis intervention",
        "Acute crisis response",
        ("Health", "SocialCare"),
        (("response", "Crisis response"),),
    ),
    CategorySpec(
        "childcare",
        "Childcare",
        "Care of the survivor's children",
        ("SocialCare",),
        (("care", "Childcare"),),
    ),
    CategorySpec(
        "interpretation",
        "Interpretation",
        "Spoken, written",
        (),
        (("spoken", "Spoken interpretation"), ("written", "Written translation")),
    ),
    CategorySpec(
        "transportation",
        "Transportation",
        "Fares, escorts to appointments and court",
        ("SocialCare",),
        (("fares", "Fares"), ("escort", "Escort to an appointment or court")),
    ),
)

# Confirmed OTIP DVHT categories (DOMAIN.md §5), mapping version 1.
FUNDER_SCHEMES: tuple[tuple[str, str, str], ...] = (
    ("otip_dvht", "HHS OTIP Domestic Victims of Human Trafficking", "Only the five confirmed categories are mapped."),
)
FUNDER_MAPPINGS: dict[str, dict[str, str]] = {
    "otip_dvht": {
        "education": "Education Services",
        "basic_necessities": "Basic Necessities",
        "case_management": "Case Management",
        "crisis_intervention": "Crisis Intervention",
        "childcare": "Childcare",
    }
}


def type_code(category: str, suffix: str) -> str:
    return f"{category}.{suffix}"


def install(apps_or_models: Any) -> None:
    """Upsert the shipped taxonomy and funder mapping version 1. Idempotent. Takes the app registry of a
    migration (or django.apps.apps)."""
    category_model = apps_or_models.get_model("services", "ServiceCategory")
    type_model = apps_or_models.get_model("services", "ServiceType")
    scheme_model = apps_or_models.get_model("services", "FunderScheme")
    mapping_model = apps_or_models.get_model("services", "FunderMapping")
    categories = {}
    for position, spec in enumerate(CATEGORIES):
        category, _created = category_model.objects.update_or_create(
            code=spec.code,
            defaults={
                "label": spec.label,
                "includes": spec.includes,
                "htcds_plan_types": list(spec.htcds_plan_types),
                "position": position,
                "introduced_in": TAXONOMY_VERSION,
                "retired": False,
            },
        )
        categories[spec.code] = category
        for type_position, (suffix, label) in enumerate(spec.types):
            type_model.objects.update_or_create(
                code=type_code(spec.code, suffix),
                defaults={
                    "category": category,
                    "label": label,
                    "position": type_position,
                    "introduced_in": TAXONOMY_VERSION,
                    "retired": False,
                },
            )
    for code, name, note in FUNDER_SCHEMES:
        scheme, _created = scheme_model.objects.update_or_create(code=code, defaults={"name": name, "note": note})
        for category_code, funder_category in FUNDER_MAPPINGS[code].items():
            mapping_model.objects.update_or_create(
                scheme=scheme,
                version=1,
                category=categories[category_code],
                defaults={"funder_category": funder_category, "effective_from": None},
            )
