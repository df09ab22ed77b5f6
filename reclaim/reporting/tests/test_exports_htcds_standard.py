"""The de-identified export speaks HTCDS v2.0 and CTDC: its header and every code in its coded columns.

Code lists written down here from the standards, not read from the code under test:
HTCDS v2.0 (github.com/UNMigration/HTCDS, "HTCDS Field Standards 2.0.ods", 24 Dec 2021; DOMAIN.md §4.1, §4.2)
and the CTDC global dataset (ctdatacollaborative.org, dictionary v20210825; DOMAIN.md §4.3, §11).
"""

from __future__ import annotations

import datetime
import random

from reclaim.cases.models import TraffickingStatus
from reclaim.people.models import Gender
from reclaim.reporting.exports import htcds

EXPECTED_HEADER = [
    "rowNumber",
    "yearOfRegistration",
    "ageBroad",
    "majorityStatus",
    "prs_Gender",
    "CountryOfExploitation",
    "vic_TypeOfExploitation",
    "vic_TypeOfSexExploitation",
    "vic_ForcedLabourIndustry",
    "vic_MethodsOfControl",
    "vic_MethodOfRecruitment",
    "vic_RelationshipToTrafficker",
    "vic_TraffickingStatus",
]

# Markers every coded column may hold besides its codes: unknown (CTDC "NotSpecified") and withheld by k-anonymity.
MARKERS = {"NotSpecified", "not shown"}

CODE_LISTS: dict[str, set[str]] = {
    "ageBroad": {"0--8", "9--17", "18--20", "21--23", "24--26", "27--29", "30--38", "39--47", "48+"},
    "majorityStatus": {"Minor", "Adult"},
    "prs_Gender": {
        "Feminine",
        "Masculine",
        "TransgenderFeminine",
        "TransgenderMasculine",
        "NonConforming",
        "NonSpecifiedUnknown",
    },
    "vic_TypeOfExploitation": {
        "ForcedLabour",
        "SexualExploitation",
        "ChildLabour",
        "ForcedMarriage",
        "Servitude",
        "ForcedMilitaryByNonStateActors",
        "OrganRemoval",
        "ForcedBegging",
        "ForcedAdoption",
        "Surrogacy",
        "Other",
        # CTDC broad groups, the first step of generalisation (DOMAIN.md §4.3)
        "SexAndLabour",
        "OtherExploitation",
    },
    "vic_TypeOfSexExploitation": {"Prostitution", "Pornography", "RemoteInteractiveServices", "PrivateSexualServices"},
    "vic_ForcedLabourIndustry": set("ABCDEFGHIJKLMNOPQRSTU"),  # ISIC Rev.4 sections
    "vic_MethodsOfControl": {
        "PhysicalThreats",
        "ThreatsLawEnforcement",
        "ThreatensChildrenFamily",
        "DebtBondage",
        "FalsePromises",
        "PhysicalAbuse",
        "SexualAbuse",
        "TakesEarnings",
        "RestrictsFinancialAccess",
        "RestrictsMedicalCare",
        "WithholdsNecessities",
        "PsychologicalAbuse",
        "PsychoactiveSubstance",
        "ExcessiveWorkingHours",
        "WithholdsDocuments",
        "Other",
        "RestrictsMovement",
        "UsesChildren",
    },
    "vic_MethodOfRecruitment": {
        "AtAPlaceOfBusiness",
        "AtAnEducationalInstitution",
        "AtWork",
        "ThroughOnlineSocialNetworks",
        "ThroughAnOnlineAdvertisement",
        "ThroughATelevisionAdvert",
        "ThroughANewspaperAdvert",
        "ThroughFamilyOrFamilyEvents",
        "ThroughFriendsOrSocialEvents",
        "Other",
    },
    "vic_RelationshipToTrafficker": {"Familial", "Acquainted", "Unaquainted"},  # HTCDS spelling
    "vic_TraffickingStatus": {"PossibleVictimOfTrafficking", "ActualVictimOfTrafficking", "NotAVictimOfTrafficking"},
}
MULTI = {
    "vic_TypeOfExploitation",
    "vic_TypeOfSexExploitation",
    "vic_ForcedLabourIndustry",
    "vic_MethodsOfControl",
    "vic_MethodOfRecruitment",
    "vic_RelationshipToTrafficker",
    "CountryOfExploitation",
}


def _people(count: int, seed: int = 7) -> list[htcds.PersonFacts]:
    """People with every kind of value, including free text and unknown codes that must never come out."""
    rng = random.Random(seed)  # noqa: S311 — reproducible test data, not secrets

    def some(column: str, extra: str = "") -> frozenset[str]:
        pool = [*sorted(CODE_LISTS[column] - {"SexAndLabour", "OtherExploitation"}), extra or "free text: Anna"]
        return frozenset(rng.sample(pool, rng.randint(0, 3)))

    people = []
    for _ in range(count):
        identified = datetime.date(rng.choice([2019, 2023, 2024, 2025]), rng.randint(1, 12), 1)
        birth = None if rng.random() < 0.3 else identified - datetime.timedelta(days=rng.randint(200, 70 * 365))
        people.append(
            htcds.PersonFacts(
                identified_on=identified,
                date_of_birth=birth,
                is_minor=rng.choice([None, True, False]),
                gender=rng.choice([*sorted(CODE_LISTS["prs_Gender"]), "", "woman"]),
                exploitation=some("vic_TypeOfExploitation", "Both"),
                sex_exploitation=some("vic_TypeOfSexExploitation"),
                labour_industry=some("vic_ForcedLabourIndustry", "Z"),
                control=some("vic_MethodsOfControl", "Threats"),
                recruitment=some("vic_MethodOfRecruitment"),
                relationship=some("vic_RelationshipToTrafficker", "Unacquainted"),
                countries=frozenset(rng.sample(["US", "MX", "ng", "USA", "Lagos"], rng.randint(0, 2))),
                status=rng.choice([*sorted(CODE_LISTS["vic_TraffickingStatus"]), "", "maybe"]),
            )
        )
    return people


def test_the_header_is_the_standard_field_names_in_order():
    assert list(htcds.COLUMNS) == EXPECTED_HEADER
    assert set(htcds.DEFINITIONS) == set(EXPECTED_HEADER)


def test_every_value_of_every_coded_column_is_in_its_code_list():
    for k in (1, 3, 11):
        shaped = htcds.shape_export(_people(300), k)
        assert shaped.rows, "the test needs rows to check"
        for row in shaped.rows:
            record = dict(zip(shaped.columns, row, strict=True))
            for column, codes in CODE_LISTS.items():
                value = record[column]
                values = value.split(";") if column in MULTI and value not in MARKERS else [value]
                for code in values:
                    assert code in codes | MARKERS, f"{column}={value!r} (k={k})"
            country = record["CountryOfExploitation"]
            if country not in MARKERS:
                assert all(len(c) == 2 and c.isupper() for c in country.split(";")), country  # ISO 3166 alpha-2
            year = record["yearOfRegistration"]
            assert year.isdigit() or year in MARKERS or (len(year) == 9 and year[4] == "-"), year


def test_age_columns_say_the_same_thing_twice():
    shaped = htcds.shape_export(_people(200), 1)
    for row in shaped.rows:
        record = dict(zip(shaped.columns, row, strict=True))
        band, majority = record["ageBroad"], record["majorityStatus"]
        if band in CODE_LISTS["ageBroad"]:
            assert majority == ("Minor" if band in {"0--8", "9--17"} else "Adult")


def test_generalised_ages_keep_only_the_majority():
    rows = htcds.split_age({htcds.AGE: "Minor"}), htcds.split_age({htcds.AGE: "NotSpecified"})
    assert rows[0] == {htcds.AGE: "not shown", htcds.MAJORITY: "Minor"}
    assert rows[1] == {htcds.AGE: "NotSpecified", htcds.MAJORITY: "NotSpecified"}


def test_vocabularies_of_the_records_are_the_standard_ones():
    # what cases and people store is what the export checks against, so no stored code is silently dropped
    assert set(TraffickingStatus.values) == CODE_LISTS["vic_TraffickingStatus"] == set(htcds.TRAFFICKING_STATUSES)
    assert set(Gender.values) == CODE_LISTS["prs_Gender"]


def test_small_cells_are_still_suppressed():
    shaped = htcds.shape_export(_people(120, seed=3), 11)
    qis = [q.column for q in htcds.quasi_identifiers()]
    positions = [shaped.columns.index(column) for column in qis]
    combos: dict[tuple[str, ...], int] = {}
    for row in shaped.rows:
        key = tuple(row[i] for i in positions)
        combos[key] = combos.get(key, 0) + 1
    assert combos and min(combos.values()) >= 11
