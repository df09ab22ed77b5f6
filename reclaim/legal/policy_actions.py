"""The agency's legal settings (LegalPolicy): who may change them, and the one write.

Reminder offsets set here are copied onto each new deadline when it is made (actions.create_deadline);
deadlines made before keep theirs. The usual jurisdiction must be one the agency has matter types for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from reclaim.accounts.roles import Scope
from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.core.errors import DomainError, check_version
from reclaim.legal.actions import clean_offsets
from reclaim.legal.models import LegalPolicy
from reclaim.legal.selectors import matter_types_for

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency, Membership, User


def can_manage_policy(user: User) -> bool:
    """Agency admins, and program directors (agency-wide casework leads): as for the other agency settings."""
    caps = capabilities(user)
    return active_membership(user) is not None and (
        caps.manages_staff or (caps.approves_closure and caps.case_scope == Scope.AGENCY)
    )


def require_policy_manager(user: User) -> Membership:
    membership = active_membership(user)
    if membership is None or not can_manage_policy(user):
        raise PermissionDenied
    return membership


def jurisdictions_for(agency_id: object) -> list[str]:
    """The jurisdictions the agency has matter types for (shipped sets and its own), sorted."""
    return sorted(set(matter_types_for(agency_id).values_list("jurisdiction", flat=True)))


def parse_offsets(text: str) -> list[int]:
    """ "90, 30, 7" -> [90, 30, 7]; anything but whole numbers separated by commas is a field error."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    try:
        return [int(part) for part in parts]
    except ValueError:
        raise DomainError(
            _("Write whole numbers of days, separated by commas, for example 90, 30, 7."),
            code="legal.invalid_offsets",
            fields={"reminder_offsets": [_("Use whole numbers of days, separated by commas.")]},
        ) from None


@transaction.atomic
def do_save_legal_policy(
    *, actor: User, agency: Agency, reminder_offsets: list[int], default_jurisdiction: str, expected_version: int
) -> LegalPolicy:
    """Create or update the agency's legal policy; a stale version is an EditConflict, bad values a
    DomainError naming the field, and nothing is saved either way."""
    offsets = clean_offsets(reminder_offsets)
    jurisdiction = default_jurisdiction.strip()
    if jurisdiction not in jurisdictions_for(agency.pk):
        raise DomainError(
            _("Choose a jurisdiction your agency has legal matter types for."),
            code="legal.invalid_jurisdiction",
            fields={"default_jurisdiction": [_("Not a choice.")]},
        )
    policy, _created = LegalPolicy.objects.select_for_update().get_or_create(
        agency=agency, defaults={"reminder_offsets": list(LegalPolicy.DEFAULT_OFFSETS)}
    )
    check_version(
        policy.version,
        expected_version,
        {
            "reminder_offsets": ", ".join(str(n) for n in policy.reminder_offsets),
            "default_jurisdiction": policy.default_jurisdiction,
        },
    )
    policy.reminder_offsets = offsets
    policy.default_jurisdiction = jurisdiction
    policy.version += 1
    policy.save()
    write_audit(
        AuditEntry(
            "legal.policy_changed",
            actor_id=actor.pk,
            agency_id=agency.pk,
            object_type="legal_policy",
            object_id=str(policy.pk),
            detail={"reminder_offsets": offsets, "default_jurisdiction": jurisdiction},
        )
    )
    return policy
