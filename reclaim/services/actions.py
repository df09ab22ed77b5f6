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
from reclaim.core.errors import DomainError
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
