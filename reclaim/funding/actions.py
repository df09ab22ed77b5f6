"""Writes to the funding-source list: add, edit (optimistic lock), deactivate. Each writes an audit row
(grants belong to the agency, not to a case, so there is no timeline event)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import transaction
from django.utils.translation import gettext as _

from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.errors import DomainError, check_version
from reclaim.funding.models import (
    DEFAULT_CURRENCY,
    BudgetCategory,
    BudgetLine,
    DirectCost,
    Funder,
    FunderKind,
    Grant,
    InKind,
    InKindKind,
    ReportingCadence,
    StaffTime,
)

if TYPE_CHECKING:
    import datetime
    from collections.abc import Collection
    from uuid import UUID

    from reclaim.accounts.models import Agency, User

M = TypeVar("M", bound=Any)

NAME_MAX_LENGTH = 200
REFERENCE_MAX_LENGTH = 60
CURRENCY_LENGTH = 3


@dataclass
class GrantValues:
    name: str
    funder_name: str = ""
    reference: str = ""
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    allowed_categories: list[str] = field(default_factory=list)
    funder_id: UUID | None = None
    amount_awarded: Decimal | None = None
    currency: str = DEFAULT_CURRENCY
    reporting_cadence: str = ""
    fiscal_notes: str = ""


EDITABLE = (
    "name",
    "funder_name",
    "reference",
    "starts_on",
    "ends_on",
    "allowed_categories",
    "funder_id",
    "amount_awarded",
    "currency",
    "reporting_cadence",
    "fiscal_notes",
)


def _check(  # noqa: PLR0912 — one branch per field
    agency_id: UUID, values: GrantValues, known_categories: Collection[str], grant: Grant | None
) -> None:
    errors: dict[str, list[str]] = {}
    values.name = values.name.strip()
    values.funder_name = values.funder_name.strip()
    values.reference = values.reference.strip()
    if not values.name:
        errors["name"] = [_("Give the grant a name.")]
    elif len(values.name) > NAME_MAX_LENGTH:
        errors["name"] = [_("Keep the name under %(n)s characters.") % {"n": NAME_MAX_LENGTH}]
    else:
        clash = Grant.objects.filter(agency_id=agency_id, name__iexact=values.name)
        if grant is not None:
            clash = clash.exclude(pk=grant.pk)
        if clash.exists():
            errors["name"] = [_("Your agency already has a grant with this name.")]
    if len(values.funder_name) > NAME_MAX_LENGTH:
        errors["funder_name"] = [_("Keep the funder's name under %(n)s characters.") % {"n": NAME_MAX_LENGTH}]
    if len(values.reference) > REFERENCE_MAX_LENGTH:
        errors["reference"] = [_("Keep the reference under %(n)s characters.") % {"n": REFERENCE_MAX_LENGTH}]
    if values.starts_on and values.ends_on and values.ends_on < values.starts_on:
        errors["ends_on"] = [_("The period cannot end before it starts.")]
    unknown = [code for code in values.allowed_categories if code not in known_categories]
    if unknown:
        errors["allowed_categories"] = [_("Choose service categories from the list.")]
    values.allowed_categories = sorted(set(values.allowed_categories))
    if values.amount_awarded is not None and values.amount_awarded < 0:
        errors["amount_awarded"] = [_("The award cannot be negative.")]
    values.currency = (values.currency or DEFAULT_CURRENCY).strip().upper()
    if len(values.currency) != CURRENCY_LENGTH or not values.currency.isalpha():
        errors["currency"] = [_("Use a three-letter currency code, such as USD.")]
    if values.reporting_cadence and values.reporting_cadence not in ReportingCadence.values:
        errors["reporting_cadence"] = [_("Choose a reporting cadence from the list.")]
    if values.funder_id is not None:
        funder = Funder.objects.filter(agency_id=agency_id, pk=values.funder_id).first()
        if funder is None:
            errors["funder_id"] = [_("Choose one of your agency's funders.")]
        else:
            values.funder_name = funder.name
    if errors:
        raise DomainError(_("The grant could not be saved."), code="funding.invalid_grant", fields=errors)


def _audit(action: str, actor: User, grant: Grant, **detail: object) -> None:
    write_audit(
        AuditEntry(
            action,
            actor_id=actor.pk,
            agency_id=grant.agency_id,
            object_type="grant",
            object_id=str(grant.pk),
            detail=dict(detail),
        )
    )


@transaction.atomic
def do_create_grant(*, actor: User, agency: Agency, values: GrantValues, known_categories: Collection[str]) -> Grant:
    """Add a funding source to the agency's list (the caller checked the manager right)."""
    _check(agency.pk, values, known_categories, None)
    grant = Grant(agency=agency, **{name: getattr(values, name) for name in EDITABLE})
    grant.full_clean()
    grant.save()
    _audit("grant.created", actor, grant)
    return grant


@transaction.atomic
def do_update_grant(
    *, actor: User, grant: Grant, expected_version: int, values: GrantValues, known_categories: Collection[str]
) -> Grant:
    """Edit a grant; EditConflict when someone saved since `expected_version`."""
    grant = Grant.objects.select_for_update().get(pk=grant.pk, agency_id=grant.agency_id)
    check_version(grant.version, expected_version, {name: str(getattr(grant, name) or "") for name in EDITABLE})
    _check(grant.agency_id, values, known_categories, grant)
    changed = [name for name in EDITABLE if getattr(values, name) != getattr(grant, name)]
    if not changed:
        return grant
    for name in changed:
        setattr(grant, name, getattr(values, name))
    grant.version += 1
    grant.full_clean()
    grant.save()
    _audit("grant.updated", actor, grant, fields=",".join(changed))
    return grant


@transaction.atomic
def do_set_grant_active(*, actor: User, grant: Grant, expected_version: int, active: bool) -> Grant:
    """Deactivate (or bring back) a grant: records already charged to it keep it; new ones cannot pick it."""
    grant = Grant.objects.select_for_update().get(pk=grant.pk, agency_id=grant.agency_id)
    check_version(grant.version, expected_version, {"is_active": str(grant.is_active)})
    if grant.is_active == active:
        return grant
    grant.is_active = active
    grant.version += 1
    grant.save(update_fields=["is_active", "version", "updated_at"])
    _audit("grant.activated" if active else "grant.deactivated", actor, grant)
    return grant


# Funders, budget lines, costs and in-kind contributions ------------------------------------------------------
# Each record is written by one create and one update action: validation first (DomainError with field
# errors, nothing saved), the version check on update (EditConflict), then the row and an audit row.

MONEY_MAX = Decimal("9999999999.99")
DECIMAL_PLACES = 2
HOURS_MAX = Decimal(24)


def _money(errors: dict[str, list[str]], name: str, value: Decimal | None, *, required: bool = True) -> None:
    if value is None:
        if required:
            errors[name] = [_("Enter an amount.")]
    elif value < 0:
        errors[name] = [_("The amount cannot be negative.")]
    elif value > MONEY_MAX:
        errors[name] = [_("That amount is too large.")]
    elif value.as_tuple().exponent < -DECIMAL_PLACES:  # type: ignore[operator]
        errors[name] = [_("Use at most two decimal places.")]


def _in_period(errors: dict[str, list[str]], name: str, grant: Grant | None, on: datetime.date | None) -> None:
    if on is None:
        errors[name] = [_("Enter the date.")]
    elif grant is not None and not grant.in_period(on):
        errors[name] = [_("The date is outside the grant's period.")]


def _budget_line(errors: dict[str, list[str]], grant: Grant, line_id: UUID | None) -> None:
    if line_id is not None and not BudgetLine.objects.filter(grant=grant, pk=line_id).exists():
        errors["budget_line_id"] = [_("Choose a budget line of this grant.")]


def _raise(errors: dict[str, list[str]], what: str) -> None:
    if errors:
        raise DomainError(_("The %(what)s could not be saved.") % {"what": what}, code="funding.invalid", fields=errors)


def _audit_row(action: str, actor: User, obj: Any, object_type: str, **detail: object) -> None:
    write_audit(
        AuditEntry(
            action,
            actor_id=actor.pk,
            agency_id=obj.agency_id,
            object_type=object_type,
            object_id=str(obj.pk),
            detail=dict(detail),
        )
    )


def _apply(obj: Any, values: dict[str, Any]) -> list[str]:
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    return changed


def _update(obj: M, expected_version: int, values: dict[str, Any], actor: User, object_type: str) -> M:
    check_version(obj.version, expected_version, {name: str(getattr(obj, name) or "") for name in values})
    changed = _apply(obj, values)
    if changed:
        obj.version += 1
        obj.full_clean()
        obj.save()
        _audit_row(f"{object_type}.updated", actor, obj, object_type, fields=",".join(changed))
    return obj


@dataclass
class FunderValues:
    name: str
    kind: str = FunderKind.OTHER
    contact_notes: str = ""


def _check_funder(agency_id: UUID, values: FunderValues, funder: Funder | None) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    name = values.name.strip()
    if not name:
        errors["name"] = [_("Give the funder a name.")]
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = [_("Keep the name under %(n)s characters.") % {"n": NAME_MAX_LENGTH}]
    else:
        clash = Funder.objects.filter(agency_id=agency_id, name__iexact=name)
        if funder is not None:
            clash = clash.exclude(pk=funder.pk)
        if clash.exists():
            errors["name"] = [_("Your agency already has a funder with this name.")]
    if values.kind not in FunderKind.values:
        errors["kind"] = [_("Choose a kind of funder from the list.")]
    _raise(errors, _("funder"))
    return {"name": name, "kind": values.kind, "contact_notes": values.contact_notes.strip()}


@transaction.atomic
def do_create_funder(*, actor: User, agency: Agency, values: FunderValues) -> Funder:
    funder = Funder(agency=agency, **_check_funder(agency.pk, values, None))
    funder.full_clean()
    funder.save()
    _audit_row("funder.created", actor, funder, "funder")
    return funder


@transaction.atomic
def do_update_funder(*, actor: User, funder: Funder, expected_version: int, values: FunderValues) -> Funder:
    funder = Funder.objects.select_for_update().get(pk=funder.pk, agency_id=funder.agency_id)
    check_version(funder.version, expected_version, {"name": funder.name, "kind": funder.kind})
    clean = _check_funder(funder.agency_id, values, funder)
    updated = _update(funder, expected_version, clean, actor, "funder")
    Grant.objects.filter(funder=updated).exclude(funder_name=updated.name).update(funder_name=updated.name)
    return updated


@dataclass
class BudgetLineValues:
    category: str
    amount: Decimal | None
    label: str = ""


def _check_line(values: BudgetLineValues) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if values.category not in BudgetCategory.values:
        errors["category"] = [_("Choose a budget category from the list.")]
    _money(errors, "amount", values.amount)
    label = values.label.strip()
    if len(label) > NAME_MAX_LENGTH:
        errors["label"] = [_("Keep the label under %(n)s characters.") % {"n": NAME_MAX_LENGTH}]
    _raise(errors, _("budget line"))
    return {"category": values.category, "amount": values.amount, "label": label}


@transaction.atomic
def do_add_budget_line(*, actor: User, grant: Grant, values: BudgetLineValues) -> BudgetLine:
    line = BudgetLine(agency_id=grant.agency_id, grant=grant, **_check_line(values))
    line.full_clean()
    line.save()
    _audit_row("budget_line.created", actor, line, "budget_line", grant=str(grant.pk))
    return line


@transaction.atomic
def do_update_budget_line(
    *, actor: User, line: BudgetLine, expected_version: int, values: BudgetLineValues
) -> BudgetLine:
    line = BudgetLine.objects.select_for_update().get(pk=line.pk, agency_id=line.agency_id)
    check_version(line.version, expected_version, {"category": line.category, "amount": str(line.amount)})
    return _update(line, expected_version, _check_line(values), actor, "budget_line")


@dataclass
class StaffTimeValues:
    staff_id: UUID | None
    worked_on: datetime.date | None
    hours: Decimal | None
    hourly_cost: Decimal | None
    budget_line_id: UUID | None = None


def _check_staff_time(grant: Grant, values: StaffTimeValues, staff_ids: Collection[UUID]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if values.staff_id is None or values.staff_id not in staff_ids:
        errors["staff_id"] = [_("Choose a staff member of your agency.")]
    _in_period(errors, "worked_on", grant, values.worked_on)
    if values.hours is None:
        errors["hours"] = [_("Enter the hours.")]
    elif values.hours <= 0 or values.hours > HOURS_MAX:
        errors["hours"] = [_("Enter hours between 0 and 24 for one day.")]
    elif values.hours.as_tuple().exponent < -DECIMAL_PLACES:  # type: ignore[operator]
        errors["hours"] = [_("Use at most two decimal places.")]
    _money(errors, "hourly_cost", values.hourly_cost)
    _budget_line(errors, grant, values.budget_line_id)
    _raise(errors, _("staff time"))
    return {
        "staff_id": values.staff_id,
        "worked_on": values.worked_on,
        "hours": values.hours,
        "hourly_cost": values.hourly_cost,
        "budget_line_id": values.budget_line_id,
    }


@transaction.atomic
def do_record_staff_time(
    *, actor: User, grant: Grant, values: StaffTimeValues, staff_ids: Collection[UUID]
) -> StaffTime:
    row = StaffTime(
        agency_id=grant.agency_id, grant=grant, recorded_by=actor, **_check_staff_time(grant, values, staff_ids)
    )
    row.full_clean()
    row.save()
    _audit_row("staff_time.created", actor, row, "staff_time", grant=str(grant.pk))
    return row


@transaction.atomic
def do_update_staff_time(
    *, actor: User, row: StaffTime, expected_version: int, values: StaffTimeValues, staff_ids: Collection[UUID]
) -> StaffTime:
    row = StaffTime.objects.select_for_update().select_related("grant").get(pk=row.pk, agency_id=row.agency_id)
    check_version(row.version, expected_version, {"worked_on": str(row.worked_on), "hours": str(row.hours)})
    return _update(row, expected_version, _check_staff_time(row.grant, values, staff_ids), actor, "staff_time")


@dataclass
class DirectCostValues:
    spent_on: datetime.date | None
    amount: Decimal | None
    description: str = ""
    service_category: str = ""
    budget_line_id: UUID | None = None


def _check_cost(grant: Grant, values: DirectCostValues, known_categories: Collection[str]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    _in_period(errors, "spent_on", grant, values.spent_on)
    _money(errors, "amount", values.amount)
    if values.service_category and values.service_category not in known_categories:
        errors["service_category"] = [_("Choose a kind of service from the list.")]
    _budget_line(errors, grant, values.budget_line_id)
    _raise(errors, _("cost"))
    return {
        "spent_on": values.spent_on,
        "amount": values.amount,
        "description": values.description.strip(),
        "service_category": values.service_category,
        "budget_line_id": values.budget_line_id,
    }


@transaction.atomic
def do_record_direct_cost(
    *, actor: User, grant: Grant, values: DirectCostValues, known_categories: Collection[str]
) -> DirectCost:
    row = DirectCost(
        agency_id=grant.agency_id, grant=grant, recorded_by=actor, **_check_cost(grant, values, known_categories)
    )
    row.full_clean()
    row.save()
    _audit_row("direct_cost.created", actor, row, "direct_cost", grant=str(grant.pk))
    return row


@transaction.atomic
def do_update_direct_cost(
    *, actor: User, row: DirectCost, expected_version: int, values: DirectCostValues, known_categories: Collection[str]
) -> DirectCost:
    row = DirectCost.objects.select_for_update().select_related("grant").get(pk=row.pk, agency_id=row.agency_id)
    check_version(row.version, expected_version, {"spent_on": str(row.spent_on), "amount": str(row.amount)})
    return _update(row, expected_version, _check_cost(row.grant, values, known_categories), actor, "direct_cost")


@dataclass
class InKindValues:
    kind: str
    received_on: datetime.date | None
    quantity: Decimal | None
    value: Decimal | None
    unit: str = ""
    valuation_note: str = ""
    grant_id: UUID | None = None
    organization_id: UUID | None = None


def _check_in_kind(agency_id: UUID, values: InKindValues, organization_ids: Collection[UUID]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if values.kind not in InKindKind.values:
        errors["kind"] = [_("Choose a kind of contribution from the list.")]
    grant = None
    if values.grant_id is not None:
        grant = Grant.objects.filter(agency_id=agency_id, pk=values.grant_id).first()
        if grant is None:
            errors["grant_id"] = [_("Choose one of your agency's grants.")]
    _in_period(errors, "received_on", grant, values.received_on)
    if values.quantity is None or values.quantity <= 0:
        errors["quantity"] = [_("Enter a quantity above 0.")]
    _money(errors, "value", values.value)
    if values.organization_id is not None and values.organization_id not in organization_ids:
        errors["organization_id"] = [_("Choose a partner from the directory.")]
    unit = values.unit.strip()
    if len(unit) > 40:  # noqa: PLR2004 — the column's length
        errors["unit"] = [_("Keep the unit under 40 characters.")]
    _raise(errors, _("contribution"))
    return {
        "kind": values.kind,
        "received_on": values.received_on,
        "quantity": values.quantity,
        "value": values.value,
        "unit": unit,
        "valuation_note": values.valuation_note.strip(),
        "grant_id": values.grant_id,
        "organization_id": values.organization_id,
    }


@transaction.atomic
def do_record_in_kind(
    *, actor: User, agency: Agency, values: InKindValues, organization_ids: Collection[UUID]
) -> InKind:
    row = InKind(agency=agency, recorded_by=actor, **_check_in_kind(agency.pk, values, organization_ids))
    row.full_clean()
    row.save()
    _audit_row("in_kind.created", actor, row, "in_kind")
    return row


@transaction.atomic
def do_update_in_kind(
    *, actor: User, row: InKind, expected_version: int, values: InKindValues, organization_ids: Collection[UUID]
) -> InKind:
    row = InKind.objects.select_for_update().get(pk=row.pk, agency_id=row.agency_id)
    check_version(row.version, expected_version, {"kind": row.kind, "value": str(row.value)})
    return _update(row, expected_version, _check_in_kind(row.agency_id, values, organization_ids), actor, "in_kind")
