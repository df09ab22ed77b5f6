"""The HTCDS/CTDC-shaped de-identified export: one row per PERSON (DOMAIN.md §4, §11). Pure: no database.

Why one row per person, not per case: the counting rule (§11) counts people, and two cases of one person
would be two rows sharing every quasi-identifier, so k rows could be fewer than k people. A person's cases in
the period are merged: the earliest identification gives the year and the age, history codes are the union.

Identity never enters a row: no name, no birth date, no reference, no case number, no id or hash of one, no
free text, no place. Each export numbers its rows afresh in a random order (`rowNumber`), so two exports
cannot be joined on it. Ages are CTDC bands at identification (configurable as data: `AGE_BANDS`), dates are
years, and every column holds a code of a published vocabulary (HTCDS v2.0, reclaim/core/htcds.py).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings

from reclaim.core import htcds
from reclaim.core.refdata import pgettext_noop
from reclaim.people.ages import age_on
from reclaim.reporting.exports.kanon import SUPPRESSED, KAnonResult, QuasiIdentifier, k_anonymise

if TYPE_CHECKING:
    import datetime
    from collections.abc import Callable, Sequence

# CTDC `ageBroad` bands (DOMAIN.md §11; unverified, so data: override with RECLAIM_EXPORT_AGE_BANDS).
# (lowest age, highest age or None, label). The labels are spelt as the CTDC global dataset spells them
# ("0--8", with two hyphens), so files can be appended to CTDC data without recoding.
AGE_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (0, 8, "0--8"),
    (9, 17, "9--17"),
    (18, 20, "18--20"),
    (21, 23, "21--23"),
    (24, 26, "24--26"),
    (27, 29, "27--29"),
    (30, 38, "30--38"),
    (39, 47, "39--47"),
    (48, None, "48+"),
)
MAJORITY_AGE = 18
MINOR, ADULT, UNKNOWN = "Minor", "Adult", "NotSpecified"
YEAR_SPAN = 5  # a year is first coarsened to a five-year span (2020-2024), then not shown
LIST_SEPARATOR = ";"

# Columns, in order. QIs first; then what is said about the exploitation (codes only).
ROW_NUMBER = "rowNumber"
YEAR = "yearOfRegistration"
AGE = "ageBroad"
MAJORITY = "majorityStatus"
GENDER = "prs_Gender"
COUNTRY = "CountryOfExploitation"
EXPLOITATION = "vic_TypeOfExploitation"
SEX_EXPLOITATION = "vic_TypeOfSexExploitation"
LABOUR_INDUSTRY = "vic_ForcedLabourIndustry"
CONTROL = "vic_MethodsOfControl"
RECRUITMENT = "vic_MethodOfRecruitment"
RELATIONSHIP = "vic_RelationshipToTrafficker"
STATUS = "vic_TraffickingStatus"
COLUMNS: tuple[str, ...] = (
    ROW_NUMBER,
    YEAR,
    AGE,
    MAJORITY,
    GENDER,
    COUNTRY,
    EXPLOITATION,
    SEX_EXPLOITATION,
    LABOUR_INDUSTRY,
    CONTROL,
    RECRUITMENT,
    RELATIONSHIP,
    STATUS,
)
# English in the files (they go to researchers and funders as they are); the exports page shows them in the
# reader's language through the "export column" context (reclaim/core/refdata.py).
DEFINITIONS: dict[str, str] = {
    ROW_NUMBER: pgettext_noop(
        "export column", "A number for this row in this export only, in random order; it identifies nothing."
    ),
    YEAR: pgettext_noop(
        "export column",
        "Year the person was first identified in the period's cases (a five-year span or 'not shown' when rare).",
    ),
    AGE: pgettext_noop(
        "export column",
        "CTDC ageBroad band at identification; 'not shown' when only majorityStatus is given (unknown or rare).",
    ),
    MAJORITY: pgettext_noop(
        "export column", "CTDC majorityStatus at identification: Minor or Adult (under or over 18)."
    ),
    GENDER: pgettext_noop("export column", "HTCDS prs_Gender code."),
    COUNTRY: pgettext_noop(
        "export column", "ISO 3166 country (or countries, ';'-separated) where the exploitation happened."
    ),
    EXPLOITATION: pgettext_noop("export column", "HTCDS vic_TypeOfExploitation codes, ';'-separated."),
    SEX_EXPLOITATION: pgettext_noop(
        "export column", "HTCDS vic_TypeOfSexExploitation codes; 'not shown' whenever the type of exploitation is."
    ),
    LABOUR_INDUSTRY: pgettext_noop(
        "export column", "ISIC Rev.4 sections; 'not shown' whenever the type of exploitation is."
    ),
    CONTROL: pgettext_noop("export column", "HTCDS vic_MethodsOfControl codes."),
    RECRUITMENT: pgettext_noop("export column", "HTCDS vic_MethodOfRecruitment codes."),
    RELATIONSHIP: pgettext_noop("export column", "HTCDS vic_RelationshipToTrafficker codes (HTCDS spelling)."),
    STATUS: pgettext_noop("export column", "HTCDS vic_TraffickingStatus: the latest determination."),
}


@dataclass(frozen=True)
class PersonFacts:
    """What the export may say about one person, already reduced to dates and codes by the reads (data.py)."""

    identified_on: datetime.date
    date_of_birth: datetime.date | None = None
    is_minor: bool | None = None
    gender: str = ""
    exploitation: frozenset[str] = field(default_factory=frozenset)
    sex_exploitation: frozenset[str] = field(default_factory=frozenset)
    labour_industry: frozenset[str] = field(default_factory=frozenset)
    control: frozenset[str] = field(default_factory=frozenset)
    recruitment: frozenset[str] = field(default_factory=frozenset)
    relationship: frozenset[str] = field(default_factory=frozenset)
    countries: frozenset[str] = field(default_factory=frozenset)
    status: str = ""


def age_bands() -> tuple[tuple[int, int | None, str], ...]:
    configured = getattr(settings, "RECLAIM_EXPORT_AGE_BANDS", None)
    if not configured:
        return AGE_BANDS
    return tuple((int(low), None if high is None else int(high), str(label)) for low, high, label in configured)


def age_band(age: int, bands: Sequence[tuple[int, int | None, str]] = AGE_BANDS) -> str:
    for lowest, highest, label in bands:
        if age >= lowest and (highest is None or age <= highest):
            return label
    return UNKNOWN


def majority_of_band(label: str, bands: Sequence[tuple[int, int | None, str]] = AGE_BANDS) -> str:
    for lowest, highest, band in bands:
        if band == label:
            if highest is not None and highest < MAJORITY_AGE:
                return MINOR
            return ADULT if lowest >= MAJORITY_AGE else SUPPRESSED
    return SUPPRESSED


def age_of(facts: PersonFacts, bands: Sequence[tuple[int, int | None, str]] = AGE_BANDS) -> str:
    """The band at identification; without a birth date, what is known about majority."""
    if facts.date_of_birth is not None and facts.date_of_birth <= facts.identified_on:
        return age_band(age_on(facts.date_of_birth, facts.identified_on), bands)
    if facts.is_minor is None:
        return UNKNOWN
    return MINOR if facts.is_minor else ADULT


def _codes(values: frozenset[str], vocabulary: str | None = None) -> str:
    """Sorted codes ';'-joined, keeping only codes of the vocabulary (so no free text can slip in)."""
    if vocabulary is not None:
        known = {code for code, _label in htcds.BY_CODE[vocabulary].terms}
        values = frozenset(value for value in values if value in known)
    return LIST_SEPARATOR.join(sorted(values)) or UNKNOWN


_GENDERS = frozenset(code for code, _label in htcds.BY_CODE[htcds.GENDER].terms)
# HTCDS v2.0 `vic_TraffickingStatus` picklist (the same codes as cases.models.TraffickingStatus; a test checks).
TRAFFICKING_STATUSES: tuple[str, ...] = (
    "PossibleVictimOfTrafficking",
    "ActualVictimOfTrafficking",
    "NotAVictimOfTrafficking",
)
_STATUSES = frozenset(TRAFFICKING_STATUSES)


def shape_row(facts: PersonFacts, bands: Sequence[tuple[int, int | None, str]] = AGE_BANDS) -> dict[str, Any]:
    countries = frozenset(c.upper() for c in facts.countries if len(c) == 2 and c.isalpha())  # noqa: PLR2004
    return {
        YEAR: str(facts.identified_on.year),
        AGE: age_of(facts, bands),
        GENDER: facts.gender if facts.gender in _GENDERS else "NonSpecifiedUnknown",
        COUNTRY: _codes(countries),
        EXPLOITATION: _codes(facts.exploitation, htcds.TYPE_OF_EXPLOITATION),
        SEX_EXPLOITATION: _codes(facts.sex_exploitation, htcds.TYPE_OF_SEX_EXPLOITATION),
        LABOUR_INDUSTRY: _codes(facts.labour_industry, htcds.FORCED_LABOUR_INDUSTRY),
        CONTROL: _codes(facts.control, htcds.METHODS_OF_CONTROL),
        RECRUITMENT: _codes(facts.recruitment, htcds.METHOD_OF_RECRUITMENT),
        RELATIONSHIP: _codes(facts.relationship, htcds.RELATIONSHIP_TO_TRAFFICKER),
        STATUS: facts.status if facts.status in _STATUSES else UNKNOWN,
    }


def _year_span(value: str) -> str:
    if value.isdigit():
        start = int(value) // YEAR_SPAN * YEAR_SPAN
        return f"{start}-{start + YEAR_SPAN - 1}"
    return SUPPRESSED


BROAD_EXPLOITATION = frozenset({"SexAndLabour", "SexualExploitation", "ForcedLabour", "OtherExploitation"})


def _broad_exploitation(value: str) -> str:
    """A combination of types -> the broad CTDC grouping (sexual, labour, both, other) -> not shown."""
    if value in BROAD_EXPLOITATION or value == UNKNOWN:
        return SUPPRESSED
    codes = set(value.split(LIST_SEPARATOR))
    sexual, labour = "SexualExploitation" in codes, bool(codes & {"ForcedLabour", "ChildLabour", "Servitude"})
    broad = (
        "SexAndLabour"
        if sexual and labour
        else "SexualExploitation"
        if sexual
        else "ForcedLabour"
        if labour
        else "OtherExploitation"
    )
    return SUPPRESSED if value == broad else broad


def quasi_identifiers(bands: Sequence[tuple[int, int | None, str]] = AGE_BANDS) -> list[QuasiIdentifier]:
    """The QIs, in the order they are given up when a combination is rare (least useful first on ties)."""
    age_parent: Callable[[str], str] = lambda value: majority_of_band(value, bands)  # noqa: E731
    return [
        QuasiIdentifier(YEAR, _year_span),
        QuasiIdentifier(COUNTRY),
        QuasiIdentifier(AGE, age_parent),
        QuasiIdentifier(GENDER),
        QuasiIdentifier(EXPLOITATION, _broad_exploitation, dependents=(SEX_EXPLOITATION, LABOUR_INDUSTRY)),
    ]


@dataclass
class ShapedExport:
    columns: tuple[str, ...]
    rows: list[list[str]]
    kanon: KAnonResult


def shape_export(
    people: Sequence[PersonFacts], k: int, bands: Sequence[tuple[int, int | None, str]] = AGE_BANDS
) -> ShapedExport:
    """k-anonymous rows, shuffled and numbered afresh."""
    result = k_anonymise([shape_row(facts, bands) for facts in people], quasi_identifiers(bands), k)
    rows = [split_age(row, bands) for row in result.rows]
    secrets.SystemRandom().shuffle(rows)
    numbered = [[str(number), *(str(row[column]) for column in COLUMNS[1:])] for number, row in enumerate(rows, 1)]
    return ShapedExport(COLUMNS, numbered, result)


def split_age(row: dict[str, Any], bands: Sequence[tuple[int, int | None, str]] = AGE_BANDS) -> dict[str, Any]:
    """The released age value (a band, its Minor/Adult generalisation, unknown or not shown) as CTDC's two
    columns, `ageBroad` (bands only) and `majorityStatus`. One-to-one, so no combination of the k-anonymous
    release is split or merged: the pair says exactly what the single value said, nothing more."""
    value = row[AGE]
    labels = {label for _low, _high, label in bands}
    if value in labels:
        return {**row, AGE: value, MAJORITY: majority_of_band(value, bands)}
    if value in (MINOR, ADULT):
        return {**row, AGE: SUPPRESSED, MAJORITY: value}
    return {**row, AGE: value, MAJORITY: value}  # NotSpecified or not shown: the same in both
