"""HTCDS v2.0 reference vocabularies (DOMAIN.md §4.1, §4.2, §4.4), as plain data.

The data migration that loads them and the tests both read this module, so the standard is written down
once. Codes are stored and exported exactly as written here (including HTCDS's spelling "Unaquainted");
labels are English display text, translated at display time.

Source: github.com/UNMigration/HTCDS, "HTCDS Field Standards 2.0.ods" and "Field Definitions.md"
(24 Dec 2021, CC BY 4.0).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_noop as _

STANDARD = "HTCDS"
STANDARD_VERSION = "2.0"


@dataclass(frozen=True)
class VocabularySpec:
    code: str
    name: str
    multiple: bool
    terms: tuple[tuple[str, str], ...]  # (code, English label), in display order


TYPE_OF_EXPLOITATION = "vic_TypeOfExploitation"
TYPE_OF_SEX_EXPLOITATION = "vic_TypeOfSexExploitation"
FORCED_LABOUR_INDUSTRY = "vic_ForcedLabourIndustry"
METHODS_OF_CONTROL = "vic_MethodsOfControl"
METHOD_OF_RECRUITMENT = "vic_MethodOfRecruitment"
RELATIONSHIP_TO_TRAFFICKER = "vic_RelationshipToTrafficker"
HISTORIC_EVENT_TYPE = "hte_Type"
GENDER = "prs_Gender"
MARITAL_STATUS = "prs_MaritalStatus"

# Historic event types, used by code in the re-trafficking rule (DOMAIN.md §10).
RECRUITMENT, TRANSIT, EXPLOITATION = "Recruitment", "Transit", "Exploitation"

VOCABULARIES: tuple[VocabularySpec, ...] = (
    VocabularySpec(
        TYPE_OF_EXPLOITATION,
        _("Type of exploitation"),
        multiple=True,
        terms=(
            ("ForcedLabour", _("Forced labour")),
            ("SexualExploitation", _("Sexual exploitation")),
            ("ChildLabour", _("Child labour")),
            ("ForcedMarriage", _("Forced marriage")),
            ("Servitude", _("Servitude")),
            ("ForcedMilitaryByNonStateActors", _("Forced military service by non-state actors")),
            ("OrganRemoval", _("Organ removal")),
            ("ForcedBegging", _("Forced begging")),
            ("ForcedAdoption", _("Forced adoption")),
            ("Surrogacy", _("Surrogacy")),
            ("Other", _("Other")),
        ),
    ),
    VocabularySpec(
        TYPE_OF_SEX_EXPLOITATION,
        _("Type of sexual exploitation"),
        multiple=True,
        terms=(
            ("Prostitution", _("Prostitution")),
            ("Pornography", _("Pornography")),
            ("RemoteInteractiveServices", _("Remote interactive services")),
            ("PrivateSexualServices", _("Private sexual services")),
        ),
    ),
    VocabularySpec(
        FORCED_LABOUR_INDUSTRY,
        _("Industry of forced labour (ISIC Rev.4 section)"),
        multiple=False,
        terms=(
            ("A", _("Agriculture, forestry and fishing")),
            ("B", _("Mining and quarrying")),
            ("C", _("Manufacturing")),
            ("D", _("Electricity, gas, steam and air conditioning supply")),
            ("E", _("Water supply; sewerage, waste management and remediation")),
            ("F", _("Construction")),
            ("G", _("Wholesale and retail trade; repair of motor vehicles")),
            ("H", _("Transportation and storage")),
            ("I", _("Accommodation and food service")),
            ("J", _("Information and communication")),
            ("K", _("Financial and insurance activities")),
            ("L", _("Real estate activities")),
            ("M", _("Professional, scientific and technical activities")),
            ("N", _("Administrative and support services")),
            ("O", _("Public administration and defence")),
            ("P", _("Education")),
            ("Q", _("Human health and social work")),
            ("R", _("Arts, entertainment and recreation")),
            ("S", _("Other service activities")),
            ("T", _("Households as employers (domestic work)")),
            ("U", _("Extraterritorial organisations and bodies")),
        ),
    ),
    VocabularySpec(
        METHODS_OF_CONTROL,
        _("Means of control"),
        multiple=True,
        terms=(
            ("PhysicalThreats", _("Threats of physical harm")),
            ("ThreatsLawEnforcement", _("Threats of law enforcement")),
            ("ThreatensChildrenFamily", _("Threats to children or family")),
            ("DebtBondage", _("Debt bondage")),
            ("FalsePromises", _("False promises")),
            ("PhysicalAbuse", _("Physical abuse")),
            ("SexualAbuse", _("Sexual abuse")),
            ("TakesEarnings", _("Takes earnings")),
            ("RestrictsFinancialAccess", _("Restricts access to money")),
            ("RestrictsMedicalCare", _("Restricts medical care")),
            ("WithholdsNecessities", _("Withholds necessities")),
            ("PsychologicalAbuse", _("Psychological abuse")),
            ("PsychoactiveSubstance", _("Psychoactive substances")),
            ("ExcessiveWorkingHours", _("Excessive working hours")),
            ("WithholdsDocuments", _("Withholds documents")),
            # Defined in "Field Definitions.md" and used by CTDC, missing from the v2.0 picklist (DOMAIN.md §4.2).
            ("RestrictsMovement", _("Restricts movement")),
            ("UsesChildren", _("Uses children")),
            ("Other", _("Other")),
        ),
    ),
    VocabularySpec(
        METHOD_OF_RECRUITMENT,
        _("How the person was recruited"),
        multiple=True,
        terms=(
            ("AtAPlaceOfBusiness", _("At a place of business")),
            ("AtAnEducationalInstitution", _("At a school or college")),
            ("AtWork", _("At work")),
            ("ThroughOnlineSocialNetworks", _("Through online social networks")),
            ("ThroughAnOnlineAdvertisement", _("Through an online advertisement")),
            ("ThroughATelevisionAdvert", _("Through a television advert")),
            ("ThroughANewspaperAdvert", _("Through a newspaper advert")),
            ("ThroughFamilyOrFamilyEvents", _("Through family or family events")),
            ("ThroughFriendsOrSocialEvents", _("Through friends or social events")),
            ("Other", _("Other")),
        ),
    ),
    VocabularySpec(
        RELATIONSHIP_TO_TRAFFICKER,
        _("Relationship to the trafficker"),
        multiple=False,
        terms=(
            ("Familial", _("Family")),
            ("Acquainted", _("Someone they knew")),
            ("Unaquainted", _("A stranger")),  # HTCDS spelling, kept in storage and exports
        ),
    ),
    VocabularySpec(
        HISTORIC_EVENT_TYPE,
        _("Kind of event"),
        multiple=False,
        terms=(
            (RECRUITMENT, _("Recruitment")),
            (TRANSIT, _("Transit")),
            (EXPLOITATION, _("Exploitation")),
        ),
    ),
    VocabularySpec(
        GENDER,
        _("Gender"),
        multiple=False,
        terms=(
            ("Feminine", _("Woman / feminine")),
            ("Masculine", _("Man / masculine")),
            ("TransgenderFeminine", _("Transgender woman")),
            ("TransgenderMasculine", _("Transgender man")),
            ("NonConforming", _("Non-binary / gender non-conforming")),
            ("NonSpecifiedUnknown", _("Not specified / unknown")),
        ),
    ),
    VocabularySpec(
        MARITAL_STATUS,
        _("Marital status"),
        multiple=False,
        terms=(
            ("Single", _("Single")),
            ("Married", _("Married")),
            ("Widowed", _("Widowed")),
            ("Divorced", _("Divorced")),
            ("Separated", _("Separated")),
            ("RegisteredPartnership", _("Registered partnership")),
        ),
    ),
)

BY_CODE: dict[str, VocabularySpec] = {spec.code: spec for spec in VOCABULARIES}
