"""The one gate for survivor records: reads are audited, denials are audited and look like 404."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from reclaim.accounts.selectors import active_membership, capabilities, live_grants_for
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.people.models import Survivor
from reclaim.people.selectors import survivors_for_user

if TYPE_CHECKING:
    from reclaim.accounts.models import User


def require_case_worker(user: User) -> None:
    """Pages listing survivors are for roles that work cases, or an operator holding a live grant."""
    if capabilities(user).works_cases:
        return
    if user.is_platform_operator and live_grants_for(user).exists():
        return
    raise PermissionDenied


def require_can_check_duplicates(user: User) -> None:
    """The intake duplicate check is for staff who open cases."""
    if not capabilities(user).edits_cases:
        raise PermissionDenied


def can_edit_survivor(user: User, survivor: Survivor) -> bool:
    membership = active_membership(user)
    return membership is not None and membership.agency_id == survivor.agency_id and capabilities(user).edits_cases


def access_survivor_by_id(user: User, survivor_id: Any, *, for_write: bool = False, purpose: str = "") -> Survivor:
    """Return the survivor or raise Http404 ("missing" and "not yours" alike); 403 on read-only writes."""
    membership = active_membership(user)
    try:
        survivor = survivors_for_user(user).select_related("team").get(pk=survivor_id)
    except (Survivor.DoesNotExist, ValueError):
        write_audit(
            AuditEntry(
                "access.denied",
                actor_id=user.pk,
                agency_id=membership.agency_id if membership else None,
                object_type="survivor",
                object_id=str(survivor_id)[:64],
            )
        )
        raise Http404 from None
    if for_write and not can_edit_survivor(user, survivor):
        write_audit(
            AuditEntry(
                "access.denied_write",
                actor_id=user.pk,
                agency_id=survivor.agency_id,
                object_type="survivor",
                object_id=str(survivor.pk),
            )
        )
        raise PermissionDenied
    if membership is None:  # platform operator reading through a break-glass grant
        grant = live_grants_for(user).filter(agency_id=survivor.agency_id).first()
        purpose = f"break_glass:{grant.pk}" if grant else "break_glass"
    write_audit(
        AuditEntry(
            "survivor.read" if not for_write else "survivor.open_for_edit",
            actor_id=user.pk,
            agency_id=survivor.agency_id,
            object_type="survivor",
            object_id=str(survivor.pk),
            purpose=purpose,
        )
    )
    return survivor
