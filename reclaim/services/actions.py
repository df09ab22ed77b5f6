"""Writes to the service log: one transaction per call, each record with its timeline event and audit row.

`do_record_services` is the bulk path (a day's work, a group session's attendance): it checks every entry
first and writes nothing unless all are valid, then inserts the rows in one statement."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reclaim.accounts.models import Membership
from reclaim.cases.models import NoteConfidentiality
from reclaim.cases.selectors import note_levels_for
from reclaim.core.errors import DomainError, check_version
from reclaim.funding.models import Grant
from reclaim.people.models import Relation
from reclaim.plans.models import Goal
from reclaim.services import events
from reclaim.services.models import (
    MAX_DURATION_MINUTES,
    DeliveryMode,
    Provision,
    ServiceOutcome,
    ServiceRecord,
    ServiceSource,
    ServiceType,
)

if TYPE_CHECKING:
    import datetime
    from decimal import Decimal
    from uuid import UUID

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case

NOTES_MAX_LENGTH = 5000
LOCATION_MAX_LENGTH = 300
ORGANISATION_MAX_LENGTH = 200


@dataclass
class ServiceEntry:
    """One service to record. `service_type` is a taxonomy code, e.g. "psychological_support.cbt"."""

    service_type: str
    delivered_on: datetime.date
    duration_minutes: int | None = None
    provider_id: UUID | None = None
    provider_organisation: str = ""
    provision: str = Provision.DIRECT
    mode: str = DeliveryMode.IN_PERSON
    location: str = ""
    recipient_id: UUID | None = None
    goal_id: UUID | None = None
    grant_id: UUID | None = None
    cost: Decimal | None = None
    outcome: str = ""
    notes: str = ""
    notes_confidentiality: str = NoteConfidentiality.GENERAL
    source_kind: str = ServiceSource.MANUAL
    source_id: UUID | None = None


def _add(errors: dict[str, list[str]], name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _check_values(actor: User, entry: ServiceEntry) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if entry.delivered_on is None:
        _add(errors, "delivered_on", _("Enter the date the service was given."))
    elif entry.delivered_on > timezone.localdate():
        _add(errors, "delivered_on", _("A service cannot be recorded before it happens; plan it as a task instead."))
    if entry.duration_minutes is not None and not 1 <= entry.duration_minutes <= MAX_DURATION_MINUTES:
        _add(errors, "duration_minutes", _("Enter a duration between 1 minute and 24 hours."))
    if entry.provision not in Provision.values:
        _add(errors, "provision", _("Choose who gave the service."))
    if entry.mode not in DeliveryMode.values:
        _add(errors, "mode", _("Choose how the service was given."))
    if entry.outcome and entry.outcome not in ServiceOutcome.values:
        _add(errors, "outcome", _("Choose an outcome from the list."))
    if entry.notes_confidentiality not in note_levels_for(actor):
        _add(errors, "notes_confidentiality", _("Choose a level you may write."))
    for name, value, limit in (
        ("notes", entry.notes, NOTES_MAX_LENGTH),
        ("location", entry.location, LOCATION_MAX_LENGTH),
        ("provider_organisation", entry.provider_organisation, ORGANISATION_MAX_LENGTH),
    ):
        if len(value) > limit:
            _add(errors, name, _("Keep this under %(n)s characters.") % {"n": limit})
    if entry.provision == Provision.REFERRED and not entry.provider_organisation.strip():
        _add(errors, "provider_organisation", _("Name the partner agency that gave the service."))
    if entry.cost is not None and entry.cost < 0:
        _add(errors, "cost", _("A cost cannot be negative."))
    return errors


def _check_links(case: Case, entry: ServiceEntry, service_type: ServiceType | None) -> dict[str, list[str]]:
    """Goal, family member, provider and grant must belong to this case or agency (one query each, if given)."""
    errors: dict[str, list[str]] = {}
    if entry.goal_id and not Goal.objects.filter(pk=entry.goal_id, case_id=case.pk).exists():
        _add(errors, "goal", _("Choose a goal of this survivor's plan."))
    if entry.recipient_id and not Relation.objects.filter(pk=entry.recipient_id, survivor_id=case.survivor_id).exists():
        _add(errors, "recipient", _("Choose a family member recorded on this case."))
    if (
        entry.provider_id
        and not Membership.objects.filter(user_id=entry.provider_id, agency_id=case.agency_id, is_active=True).exists()
    ):
        _add(errors, "provider", _("Choose a member of your agency's staff."))
    if entry.grant_id:
        grant = Grant.objects.filter(pk=entry.grant_id, agency_id=case.agency_id, is_active=True).first()
        if grant is None:
            _add(errors, "grant", _("Choose one of your agency's funding sources."))
        elif (
            service_type is not None
            and entry.delivered_on
            and not grant.covers(service_type.category.code, entry.delivered_on)
        ):
            _add(errors, "grant", _("This grant does not pay for this kind of service on this date."))
    return errors


def _check_entry(actor: User, case: Case, entry: ServiceEntry, types: dict[str, ServiceType]) -> dict[str, list[str]]:
    """Field errors of one entry (empty when valid)."""
    service_type = types.get(entry.service_type)
    errors = _check_values(actor, entry)
    if service_type is None:
        _add(errors, "service_type", _("Choose a kind of service from the list."))
    return errors | _check_links(case, entry, service_type)


def _build(actor: User, case: Case, entry: ServiceEntry, service_type: ServiceType) -> ServiceRecord:
    return ServiceRecord(
        agency_id=case.agency_id,
        case=case,
        service_type=service_type,
        category_code=service_type.category.code,
        delivered_on=entry.delivered_on,
        duration_minutes=entry.duration_minutes,
        provider_id=entry.provider_id,
        provider_organisation=entry.provider_organisation.strip(),
        provision=entry.provision,
        mode=entry.mode,
        location=entry.location.strip(),
        recipient_id=entry.recipient_id,
        goal_id=entry.goal_id,
        grant_id=entry.grant_id,
        cost=entry.cost,
        outcome=entry.outcome,
        notes=entry.notes.strip(),
        notes_confidentiality=entry.notes_confidentiality,
        source_kind=entry.source_kind,
        source_id=entry.source_id,
        recorded_by=actor,
    )


def _types_for(entries: list[ServiceEntry]) -> dict[str, ServiceType]:
    codes = {entry.service_type for entry in entries}
    found = ServiceType.objects.filter(code__in=codes, retired=False, category__retired=False).select_related(
        "category"
    )
    return {service_type.code: service_type for service_type in found}


@transaction.atomic
def do_record_service(*, actor: User, case: Case, entry: ServiceEntry) -> ServiceRecord:
    """Record one service on a case the caller may edit (checked by the caller's access gate)."""
    return do_record_services(actor=actor, entries=[(case, entry)])[0]


@transaction.atomic
def do_record_services(*, actor: User, entries: list[tuple[Case, ServiceEntry]]) -> list[ServiceRecord]:
    """Record several services at once, all or nothing. Raises DomainError with `fields` keyed
    "<row index>.<field>" when more than one entry is given (the field name alone for one entry)."""
    if not entries:
        raise DomainError(_("There is nothing to record."), code="services.nothing_to_record")
    types = _types_for([entry for _case, entry in entries])
    all_errors: dict[str, list[str]] = {}
    for index, (case, entry) in enumerate(entries):
        for name, messages in _check_entry(actor, case, entry, types).items():
            all_errors[name if len(entries) == 1 else f"{index}.{name}"] = messages
    if all_errors:
        raise DomainError(
            _("Some services could not be recorded; nothing was saved."),
            code="services.invalid_entry",
            fields=all_errors,
        )
    records = [_build(actor, case, entry, types[entry.service_type]) for case, entry in entries]
    ServiceRecord.objects.bulk_create(records)
    for record in records:
        events.service_recorded(
            case=record.case,
            actor=actor,
            service_id=str(record.pk),
            service_type=record.service_type.code,
            source=record.source_kind,
        )
    return records


# --- Corrections and voids (the service delivery log pages and API) ---

VOID_REASON_MAX_LENGTH = 500

# What a correction may change, as (ServiceRecord attribute, ServiceEntry attribute).
CORRECTABLE = (
    ("delivered_on", "delivered_on"),
    ("duration_minutes", "duration_minutes"),
    ("provider_id", "provider_id"),
    ("provider_organisation", "provider_organisation"),
    ("provision", "provision"),
    ("mode", "mode"),
    ("location", "location"),
    ("recipient_id", "recipient_id"),
    ("goal_id", "goal_id"),
    ("grant_id", "grant_id"),
    ("cost", "cost"),
    ("outcome", "outcome"),
    ("notes", "notes"),
    ("notes_confidentiality", "notes_confidentiality"),
)
# Field names in events and conflicts (codes only; the values stay in the record).
_FIELD_NAMES = {"provider_id": "provider", "recipient_id": "recipient", "goal_id": "goal", "grant_id": "grant"}


def entry_from_record(record: ServiceRecord) -> ServiceEntry:
    """The record's current values as an entry, to edit and hand back to `do_correct_service`."""
    return ServiceEntry(
        service_type=record.service_type.code,
        delivered_on=record.delivered_on,
        duration_minutes=record.duration_minutes,
        provider_id=record.provider_id,
        provider_organisation=record.provider_organisation,
        provision=record.provision,
        mode=record.mode,
        location=record.location or "",
        recipient_id=record.recipient_id,
        goal_id=record.goal_id,
        grant_id=record.grant_id,
        cost=record.cost,
        outcome=record.outcome,
        notes=record.notes or "",
        notes_confidentiality=record.notes_confidentiality,
        source_kind=record.source_kind,
        source_id=record.source_id,
    )


def _locked(record: ServiceRecord) -> ServiceRecord:
    return (
        ServiceRecord.objects.select_for_update()
        .select_related("case", "service_type__category")
        .get(pk=record.pk, agency_id=record.agency_id)
    )


def _refuse_if_void(record: ServiceRecord) -> None:
    if record.voided_at is not None:
        raise DomainError(
            _("This service record was voided and can no longer be changed."), code="services.already_voided"
        )


@transaction.atomic
def do_correct_service(
    *, actor: User, record: ServiceRecord, expected_version: int, entry: ServiceEntry
) -> ServiceRecord:
    """Correct a record on a case the caller may edit. The notes and their level are kept as they are when
    the caller may not read that level; the source of a group or appointment record never changes.
    Raises EditConflict when someone saved since `expected_version`, DomainError with field errors."""
    record = _locked(record)
    check_version(record.version, expected_version, dict.fromkeys(_current_names(record), ""))
    _refuse_if_void(record)
    if record.notes_confidentiality not in note_levels_for(actor):
        entry.notes, entry.notes_confidentiality = record.notes or "", record.notes_confidentiality
        skip_level_check = True
    else:
        skip_level_check = False
    types = _types_for([entry])
    errors = _check_entry(actor, record.case, entry, types)
    if skip_level_check:
        errors.pop("notes_confidentiality", None)
    if errors:
        raise DomainError(_("The correction could not be saved."), code="services.invalid_entry", fields=errors)
    service_type = types[entry.service_type]
    cleaned = _build(actor, record.case, entry, service_type)
    changed: list[str] = []
    if service_type.pk != record.service_type_id:
        record.service_type, record.category_code = service_type, service_type.category.code
        changed.append("service_type")
    for attribute, _entry_attribute in CORRECTABLE:
        new = getattr(cleaned, attribute)
        if new != getattr(record, attribute):
            setattr(record, attribute, new)
            changed.append(_FIELD_NAMES.get(attribute, attribute))
    if not changed:
        return record
    record.version += 1
    record.full_clean(exclude=["case", "agency", "service_type", "provider", "recipient", "goal", "grant"])
    record.save()
    events.service_corrected(case=record.case, actor=actor, service_id=str(record.pk), fields=changed)
    return record


def _current_names(record: ServiceRecord) -> list[str]:
    return ["service_type", *(_FIELD_NAMES.get(attribute, attribute) for attribute, _e in CORRECTABLE)]


@transaction.atomic
def do_void_service(*, actor: User, record: ServiceRecord, expected_version: int, reason: str) -> ServiceRecord:
    """Void a record with a reason (kept encrypted); it stays on the case, struck through, out of totals."""
    record = _locked(record)
    check_version(record.version, expected_version, {"voided_at": "", "void_reason": ""})
    _refuse_if_void(record)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("Say why this record is voided."),
            code="services.void_reason_required",
            fields={"reason": [_("Say why this record is voided.")]},
        )
    if len(reason) > VOID_REASON_MAX_LENGTH:
        raise DomainError(
            _("Keep the reason under %(n)s characters.") % {"n": VOID_REASON_MAX_LENGTH},
            code="services.void_reason_too_long",
            fields={"reason": [_("Keep the reason under %(n)s characters.") % {"n": VOID_REASON_MAX_LENGTH}]},
        )
    record.voided_at, record.voided_by, record.void_reason = timezone.now(), actor, reason
    record.version += 1
    record.save(update_fields=["voided_at", "voided_by", "void_reason", "version", "updated_at"])
    events.service_voided(case=record.case, actor=actor, service_id=str(record.pk))
    return record
