"""Writes to the funding-source list: add, edit (optimistic lock), deactivate. Each writes an audit row
(grants belong to the agency, not to a case, so there is no timeline event)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.errors import DomainError, check_version
from reclaim.funding.models import Grant

if TYPE_CHECKING:
    import datetime
    from collections.abc import Collection
    from uuid import UUID

    from reclaim.accounts.models import Agency, User

NAME_MAX_LENGTH = 200
REFERENCE_MAX_LENGTH = 60


@dataclass
class GrantValues:
    name: str
    funder_name: str = ""
    reference: str = ""
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    allowed_categories: list[str] = field(default_factory=list)


EDITABLE = ("name", "funder_name", "reference", "starts_on", "ends_on", "allowed_categories")


def _check(agency_id: UUID, values: GrantValues, known_categories: Collection[str], grant: Grant | None) -> None:
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
