"""What each kind of import can read: its target fields, which are required, their type and, for coded
fields, the codes they take (the domain models' own choices, so an import never invents a vocabulary)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from reclaim.cases.models import IdentificationSource, TraffickingStatus
from reclaim.interop.imports_models import ImportKind
from reclaim.people.models import Gender, NationalityClass
from reclaim.scheduling.models import AppointmentMode
from reclaim.services.models import DeliveryMode, ServiceOutcome
from reclaim.services.selectors import service_types

if TYPE_CHECKING:
    from django.utils.functional import Promise

TEXT, DATE, DATETIME, INT, BOOL, CODE = "text", "date", "datetime", "int", "bool", "code"


@dataclass(frozen=True)
class TargetField:
    name: str
    label: str | Promise
    type: str = TEXT
    required: bool = False
    max_length: int = 200
    choices: tuple[tuple[str, str], ...] | None = None  # for CODE; None = the service taxonomy (looked up)


def _choices(text_choices: type) -> tuple[tuple[str, str], ...]:
    return tuple((value, str(label)) for value, label in text_choices.choices)  # type: ignore[attr-defined]


SOURCE_ID = TargetField("source_id", _("Id of the record in the old system"), required=True, max_length=100)

FIELDS: dict[str, tuple[TargetField, ...]] = {
    ImportKind.SURVIVORS: (
        SOURCE_ID,
        TargetField("given_name", _("Given name")),
        TargetField("family_name", _("Family name")),
        TargetField("chosen_name", _("Name in use")),
        TargetField("date_of_birth", _("Date of birth"), DATE),
        TargetField("phone", _("Phone"), max_length=40),
        TargetField("pronouns", _("Pronouns"), max_length=40),
        TargetField("preferred_language", _("Preferred language (ISO 639 code)"), max_length=8),
        TargetField("gender", _("Gender"), CODE, choices=_choices(Gender)),
        TargetField(
            "nationality_class", _("Citizenship or immigration status"), CODE, choices=_choices(NationalityClass)
        ),
    ),
    ImportKind.CASES: (
        SOURCE_ID,
        TargetField("survivor_source_id", _("Id of the person in the old system"), required=True, max_length=100),
        TargetField("identified_on", _("Identified on"), DATE),
        TargetField(
            "identification_source", _("How the person was identified"), CODE, choices=_choices(IdentificationSource)
        ),
        TargetField("is_minor", _("Under 18 when identified"), BOOL),
        TargetField("danger_now", _("In danger now"), BOOL),
        TargetField("trafficking_status", _("Trafficking status"), CODE, choices=_choices(TraffickingStatus)),
    ),
    ImportKind.SERVICES: (
        SOURCE_ID,
        TargetField("case_source_id", _("Id of the case in the old system"), required=True, max_length=100),
        TargetField("service_type", _("Kind of service"), CODE, required=True, choices=None),
        TargetField("delivered_on", _("Date given"), DATE, required=True),
        TargetField("duration_minutes", _("Duration (minutes)"), INT),
        TargetField("mode", _("How"), CODE, choices=_choices(DeliveryMode)),
        TargetField("outcome", _("Outcome"), CODE, choices=_choices(ServiceOutcome)),
        TargetField("notes", _("Notes"), max_length=5000),
    ),
    ImportKind.APPOINTMENTS: (
        SOURCE_ID,
        TargetField("case_source_id", _("Id of the case in the old system"), required=True, max_length=100),
        TargetField("starts_at", _("Starts at"), DATETIME, required=True),
        TargetField("ends_at", _("Ends at"), DATETIME, required=True),
        TargetField("attendee_email", _("Staff member's email"), max_length=254),
        TargetField("partner_name", _("Partner agency"), max_length=200),
        TargetField("service_type", _("Kind of service"), CODE, choices=None),
        TargetField("mode", _("How"), CODE, choices=_choices(AppointmentMode)),
        TargetField("purpose", _("What it is for"), max_length=500),
    ),
}

# The parent record a row points at, by the source system's id: (field, kind of the parent).
PARENT: dict[str, tuple[str, str]] = {
    ImportKind.CASES: ("survivor_source_id", ImportKind.SURVIVORS),
    ImportKind.SERVICES: ("case_source_id", ImportKind.CASES),
    ImportKind.APPOINTMENTS: ("case_source_id", ImportKind.CASES),
}


def fields_of(kind: str) -> tuple[TargetField, ...]:
    return FIELDS.get(kind, ())


def field_of(kind: str, name: str) -> TargetField | None:
    return next((f for f in fields_of(kind) if f.name == name), None)


def coded_fields(kind: str) -> tuple[TargetField, ...]:
    return tuple(f for f in fields_of(kind) if f.type == CODE)


def codes_for(target: TargetField) -> tuple[tuple[str, str], ...]:
    """The codes a coded field takes, with their labels (the service taxonomy for service types)."""
    if target.choices is not None:
        return target.choices
    return tuple((t.code, f"{t.category.label}: {t.label}") for t in service_types())
