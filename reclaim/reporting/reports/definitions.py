"""What a report can count and group by, and the ready templates (JSON data in ../report_templates/).

A *dimension* splits the people or services counted. Person dimensions give each person exactly one value
(so a table of them adds up and gets totals); service dimensions belong to each service (a person with two
kinds of service is in two rows, so people counts by them have no total). A template *mapping* turns our codes
into the funder's categories; a code the mapping does not name goes to "Other / not known" and is listed in
the report's definitions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from reclaim.cases.models import CloseReason, IdentificationSource
from reclaim.cases.state import CaseStatus
from reclaim.core.htcds import TYPE_OF_EXPLOITATION, VOCABULARIES
from reclaim.people.models import Gender

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "report_templates"

PERSON, SERVICE = "person", "service"
MAX_DIMENSIONS = 2
OTHER = "other"
OTHER_LABEL = _("Other / not known")
NOT_KNOWN = "not_known"

# Measures ------------------------------------------------------------------------------------------------------
SURVIVORS, FAMILY_MEMBERS, SERVICES, HOURS = "survivors", "family_members", "services", "hours"
MEASURES: dict[str, Any] = {
    SURVIVORS: _("People served (distinct survivors)"),
    FAMILY_MEMBERS: _("Family members served (distinct, apart from survivors)"),
    SERVICES: _("Services given (records)"),
    HOURS: _("Service hours"),
}

# Populations: who is counted (measure "survivors" only; services and hours always count the period's services).
SERVED, ENTERED, EXITED = "served", "entered", "exited"
POPULATIONS: dict[str, Any] = {
    SERVED: _("Served in the period (at least one service dated in it)"),
    ENTERED: _("Entered the program in the period (intake date in it, or a case reopened in it)"),
    EXITED: _("Left the program in the period (a case closed in it)"),
}


@dataclass(frozen=True)
class Dimension:
    code: str
    label: Any
    level: str  # PERSON or SERVICE
    definition: Any
    # Our codes in display order with their labels; None = read from the database (categories, grants).
    values: tuple[tuple[str, Any], ...] | None = None


def _choices(choices: Any) -> tuple[tuple[str, Any], ...]:
    return tuple((str(value), label) for value, label in choices.choices)


EXPLOITATION_CLASSES: tuple[tuple[str, Any], ...] = (
    ("sex", _("Sex trafficking")),
    ("labour", _("Labour trafficking")),
    ("both", _("Sex and labour trafficking")),
    (OTHER, _("Other / not known")),
)

DIMENSIONS: dict[str, Dimension] = {
    dim.code: dim
    for dim in (
        Dimension(
            "category",
            _("Service category"),
            SERVICE,
            _("The category of each service dated in the period (DOMAIN.md §5 taxonomy)."),
        ),
        Dimension("grant", _("Grant"), SERVICE, _("The grant each service is charged to; none when untagged.")),
        Dimension(
            "age_group",
            _("Adult or minor"),
            PERSON,
            _(
                "At identification: a minor if any of the person's cases records them as under 18 when identified "
                "(the case's “under 18” answer or its age band), an adult if a case records 18 or over, "
                "otherwise not known. Birth dates are not read."
            ),
            (("minor", _("Minor (under 18)")), ("adult", _("Adult (18 or over)")), (NOT_KNOWN, _("Not known"))),
        ),
        Dimension(
            "sex", _("Gender"), PERSON, _("The gender recorded on the person (HTCDS prs_Gender)."), _choices(Gender)
        ),
        Dimension(
            "exploitation",
            _("Type of trafficking"),
            PERSON,
            _(
                "From the exploitation types coded on the trafficking history of any of the person's cases "
                "(HTCDS vic_TypeOfExploitation): sex only, labour only, both, or other / none recorded."
            ),
            EXPLOITATION_CLASSES,
        ),
        Dimension(
            "citizenship",
            _("Citizenship"),
            PERSON,
            _(
                "The person's citizenship or immigration status as recorded at intake or on their record (U.S. "
                "citizen, lawful permanent resident, foreign national); not known when it was not recorded."
            ),
            (
                ("us_citizen", _("U.S. citizen")),
                ("lpr", _("Lawful permanent resident")),
                ("foreign_national", _("Foreign national")),
                (NOT_KNOWN, _("Not known")),
            ),
        ),
        Dimension(
            "referral_source",
            _("Referral source"),
            PERSON,
            _("How the person was first identified: the source on their earliest case."),
            (*_choices(IdentificationSource), ("", _("Not recorded"))),
        ),
        Dimension(
            "new_continuing",
            _("New or continuing"),
            PERSON,
            _(
                "New: the person's first service from the agency (any program, any grant) is dated in the period. "
                "Continuing: they had a service before the period started."
            ),
            (("new", _("New")), ("continuing", _("Continuing"))),
        ),
        Dimension(
            "stage",
            _("Case stage"),
            PERSON,
            _("The stage, today, of the person's most recently opened case."),
            _choices(CaseStatus),
        ),
        Dimension(
            "close_reason",
            _("Closure reason"),
            PERSON,
            _("The reason recorded on the person's last case closed in the period."),
            (*_choices(CloseReason), ("", _("Not recorded"))),
        ),
    )
}

PERSON_DIMENSIONS = frozenset(code for code, dim in DIMENSIONS.items() if dim.level == PERSON)
SERVICE_DIMENSIONS = frozenset(code for code, dim in DIMENSIONS.items() if dim.level == SERVICE)

# Which exploitation codes make "sex" and "labour" when a template does not say (a template may override).
DEFAULT_EXPLOITATION = {
    "sex": ["SexualExploitation"],
    "labour": ["ForcedLabour", "ChildLabour", "Servitude", "ForcedBegging"],
}


def exploitation_codes() -> list[str]:
    """The HTCDS exploitation codes, so a mapping can say which of them it leaves to "other"."""
    for vocabulary in VOCABULARIES:
        if vocabulary.code == TYPE_OF_EXPLOITATION:
            return [code for code, _label in vocabulary.terms]
    return []


# Templates -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mapping:
    """Our codes -> the template's categories, for one dimension. `categories` is the display order
    ((code, label)); `codes` maps each of our codes to a category code; anything else goes to OTHER."""

    categories: tuple[tuple[str, str], ...]
    codes: dict[str, str]
    # exploitation only: which exploitation codes count as sex / labour trafficking
    groups: dict[str, list[str]] = field(default_factory=dict)

    def category_of(self, code: str) -> str:
        return self.codes.get(code, OTHER)


@dataclass(frozen=True)
class TableSpec:
    id: str
    caption: str
    measure: str
    dimensions: tuple[str, ...] = ()
    population: str = SERVED
    # Only people in these categories of person dimensions (VOCA: demographics of new victims only).
    where: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ReportTemplate:
    code: str
    name: str
    description: str
    period_hint: str
    tables: tuple[TableSpec, ...]
    mappings: dict[str, Mapping]
    notes: tuple[str, ...] = ()

    @property
    def dimensions(self) -> list[str]:
        seen: list[str] = []
        for table in self.tables:
            seen.extend(dim for dim in (*table.dimensions, *(d for d, _v in table.where)) if dim not in seen)
        return seen


def _mapping(data: dict[str, Any]) -> Mapping:
    categories = tuple((str(code), str(label)) for code, label in data.get("categories", []))
    if OTHER not in {code for code, _label in categories}:
        categories = (*categories, (OTHER, str(OTHER_LABEL)))
    groups = {str(key): [str(code) for code in value] for key, value in data.get("groups", {}).items()}
    return Mapping(
        categories=categories, codes={str(k): str(v) for k, v in data.get("codes", {}).items()}, groups=groups
    )


def load_template(path: Path) -> ReportTemplate:
    data = json.loads(path.read_text(encoding="utf-8"))
    tables = tuple(
        TableSpec(
            id=str(table["id"]),
            caption=str(table["caption"]),
            measure=str(table["measure"]),
            dimensions=tuple(table.get("dimensions", [])),
            population=str(table.get("population", SERVED)),
            where=tuple((str(dim), str(value)) for dim, value in table.get("where", {}).items()),
        )
        for table in data["tables"]
    )
    for table in tables:
        if (
            table.measure not in MEASURES
            or table.population not in POPULATIONS
            or len(table.dimensions) > MAX_DIMENSIONS
        ):
            raise ValueError(f"report template {path.name}: bad table {table.id}")
        unknown = [dim for dim in table.dimensions if dim not in DIMENSIONS]
        unknown += [dim for dim, _value in table.where if dim not in PERSON_DIMENSIONS]
        if table.where and (
            table.measure != SURVIVORS or any(dim not in PERSON_DIMENSIONS for dim in table.dimensions)
        ):
            unknown.append("where")
        if unknown:
            raise ValueError(f"report template {path.name}: unknown dimension {unknown}")
    return ReportTemplate(
        code=str(data["code"]),
        name=str(data["name"]),
        description=str(data["description"]),
        period_hint=str(data.get("period_hint", "")),
        tables=tables,
        mappings={str(dim): _mapping(mapping) for dim, mapping in data.get("mappings", {}).items()},
        notes=tuple(str(note) for note in data.get("notes", [])),
    )


@cache
def templates() -> dict[str, ReportTemplate]:
    """The ready templates, by code, read once from report_templates/*.json."""
    loaded = [load_template(path) for path in sorted(TEMPLATE_DIR.glob("*.json"))]
    return {template.code: template for template in loaded}


def template(code: str) -> ReportTemplate | None:
    return templates().get(code)
