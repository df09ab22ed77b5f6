"""Who manages portal access: case workers who may edit the case (its account); agency admins and program
directors (the agency's portal settings). Everyone else gets the case gate's 404 or a 403."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.cases.access import can_edit_case

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency, User
    from reclaim.cases.models import Case


def can_manage_portal_access(user: User, case: Case) -> bool:
    return can_edit_case(user, case)


def require_can_manage_portal_access(user: User, case: Case) -> None:
    if not can_manage_portal_access(user, case):
        raise PermissionDenied


def portal_settings_agency(user: User) -> Agency:
    """The agency whose portal settings the user may change (agency admins, program directors), else 403."""
    membership = active_membership(user)
    caps = capabilities(user)
    if membership is None or not (caps.manages_staff or (caps.approves_closure and caps.views_aggregates)):
        raise PermissionDenied
    return membership.agency
