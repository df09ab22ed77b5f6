"""Gates of the funding-source list: agency admins and program directors manage it; casework roles read it
(to charge a service to a grant); another agency's grant is 404."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

from reclaim.accounts.roles import Scope
from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.core.access import gate
from reclaim.funding.selectors import grants_for_agency

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency, User
    from reclaim.funding.models import Grant


def can_manage_grants(user: User) -> bool:
    """Agency admins (manages_staff) and program directors (agency-wide closure approval)."""
    caps = capabilities(user)
    return active_membership(user) is not None and (
        caps.manages_staff or (caps.approves_closure and caps.case_scope == Scope.AGENCY)
    )


def require_grant_manager(user: User) -> Agency:
    """The manager's agency, or PermissionDenied."""
    membership = active_membership(user)
    if membership is None or not can_manage_grants(user):
        raise PermissionDenied
    return membership.agency


def require_grant_reader(user: User) -> Agency:
    """Grant managers and casework roles (they pick a grant when recording a service)."""
    membership = active_membership(user)
    if membership is None or not (can_manage_grants(user) or capabilities(user).works_cases):
        raise PermissionDenied
    return membership.agency


def access_grant_by_id(user: User, grant_id: Any, *, for_write: bool = False) -> Grant:
    """One of the user's agency's grants (404 otherwise); only managers may write (403)."""
    membership = active_membership(user)
    if membership is None:
        raise PermissionDenied
    return gate(
        grants_for_agency(membership.agency_id, active_only=False),
        grant_id,
        for_write=for_write,
        can_write=lambda _grant: can_manage_grants(user),
    )
