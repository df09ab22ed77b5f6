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

from reclaim.core.refdata import pgettext_noop

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
        pgettext_noop("service category", "Psychological support"),
        pgettext_noop("service category includes", "Counselling, therapy including CBT"),
        ("Health", "SexualExploitationRehabilitation", "LabourExploitationRehabilitation"),
        (
            ("counselling", pgettext_noop("service type", "Counselling")),
            ("therapy", pgettext_noop("service type", "Therapy")),
            ("cbt", pgettext_noop("service type", "Cognitive behavioural therapy (CBT)")),
        ),
    ),
    CategorySpec(
        "physical_healthcare",
        pgettext_noop("service category", "Physical healthcare"),
        pgettext_noop("service category includes", "Medical, dental, reproductive"),
        ("Health",),
        (
            ("medical", pgettext_noop("service type", "Medical care")),
            ("dental", pgettext_noop("service type", "Dental care")),
            ("reproductive", pgettext_noop("service type", "Reproductive health")),
        ),
    ),
    CategorySpec(
        "legal_assistance",
        pgettext_noop("service category", "Legal assistance"),
        pgettext_noop("service category includes", "Rights information, complaints, protective orders, immigration"),
        ("Legal",),
        (
            ("rights_information", pgettext_noop("service type", "Information about rights")),
            ("complaint", pgettext_noop("service type", "Help with a complaint")),
            ("protective_order", pgettext_noop("service type", "Protective order")),
            ("immigration", pgettext_noop("service type", "Immigration relief")),
            ("court_accompaniment", pgettext_noop("service type", "Court accompaniment")),
        ),
    ),
    CategorySpec(
        "vocational_training",
        pgettext_noop("service category", "Vocational training"),
        pgettext_noop("service category includes", "Courses, apprenticeships"),
        ("Livelihood",),
        (
            ("course", pgettext_noop("service type", "Vocational course")),
            ("apprenticeship", pgettext_noop("service type", "Apprenticeship")),
        ),
    ),
    CategorySpec(
        "housing_shelter",
        pgettext_noop("service category", "Housing and shelter"),
        pgettext_noop("service category includes", "Emergency, transitional, long-term"),
        ("SocialCare",),
        (
            ("emergency", pgettext_noop("service type", "Emergency shelter")),
            ("transitional", pgettext_noop("service type", "Transitional housing")),
            ("long_term", pgettext_noop("service type", "Long-term housing")),
        ),
    ),
    CategorySpec(
        "education",
        pgettext_noop("service category", "Education"),
        pgettext_noop("service category includes", "ESL, general, GED preparation, higher education"),
        ("Education",),
        (
            ("esl", pgettext_noop("service type", "English as a second language")),
            ("general", pgettext_noop("service type", "General education")),
            ("ged_prep", pgettext_noop("service type", "GED preparation")),
            ("higher", pgettext_noop("service type", "Higher education")),
        ),
    ),
    CategorySpec(
        "job_placement",
        pgettext_noop("service category", "Job placement"),
        pgettext_noop("service category includes", "Job search, placement"),
        ("Livelihood",),
        (
            ("search", pgettext_noop("service type", "Job search support")),
            ("placement", pgettext_noop("service type", "Job placement")),
        ),
    ),
    CategorySpec(
        "life_skills",
        pgettext_noop("service category", "Life skills"),
        pgettext_noop("service category includes", "Financial management, daily living"),
        ("Financial", "RightsBasedTraining"),
        (
            ("financial", pgettext_noop("service type", "Financial management")),
            ("daily_living", pgettext_noop("service type", "Daily living skills")),
        ),
    ),
    CategorySpec(
        "support_group",
        pgettext_noop("service category", "Support group"),
        pgettext_noop("service category includes", "Peer and therapeutic groups"),
        ("Health", "SocialCare"),
        (
            ("peer", pgettext_noop("service type", "Peer support group")),
            ("therapeutic", pgettext_noop("service type", "Therapeutic group")),
        ),
    ),
    CategorySpec(
        "basic_necessities",
        pgettext_noop("service category", "Basic necessities"),
        pgettext_noop("service category includes", "Personal care, clothing, food or funds"),
        ("SocialCare",),
        (
            ("personal_care", pgettext_noop("service type", "Personal care items")),
            ("clothing", pgettext_noop("service type", "Clothing")),
            ("food", pgettext_noop("service type", "Food")),
            ("funds", pgettext_noop("service type", "Emergency funds")),
        ),
    ),
    CategorySpec(
        "case_management",
        pgettext_noop("service category", "Case management"),
        pgettext_noop("service category includes", "Assessment, plan, referral, tracking, follow-up"),
        (),
        (
            ("assessment", pgettext_noop("service type", "Assessment")),
            ("planning", pgettext_noop("service type", "Service planning")),
            ("referral", pgettext_noop("service type", "Referral")),
            ("tracking", pgettext_noop("service type", "Tracking and check-in")),
            ("follow_up", pgettext_noop("service type", "Follow-up")),
        ),
    ),
    CategorySpec(
        "crisis_intervention",
        pgettext_noop("service category", "Crisis intervention"),
        pgettext_noop("service category includes", "Acute crisis response"),
        ("Health", "SocialCare"),
        (("response", pgettext_noop("service type", "Crisis response")),),
    ),
    CategorySpec(
        "childcare",
        pgettext_noop("service category", "Childcare"),
        pgettext_noop("service category includes", "Care of the survivor's children"),
        ("SocialCare",),
        (("care", pgettext_noop("service type", "Childcare")),),
    ),
    CategorySpec(
        "interpretation",
        pgettext_noop("service category", "Interpretation"),
        pgettext_noop("service category includes", "Spoken, written"),
        (),
        (
            ("spoken", pgettext_noop("service type", "Spoken interpretation")),
            ("written", pgettext_noop("service type", "Written translation")),
        ),
    ),
    CategorySpec(
        "transportation",
        pgettext_noop("service category", "Transportation"),
        pgettext_noop("service category includes", "Fares, escorts to appointments and court"),
        ("SocialCare",),
        (
            ("fares", pgettext_noop("service type", "Fares")),
            ("escort", pgettext_noop("service type", "Escort to an appointment or court")),
        ),
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
