"""Who manages portal access: case workers who may edit the case (its account); agency admins and program
directors (the agency's portal settings). Everyone else gets the case gate's 404 or a 403."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q

from reclaim.accounts.access import audited_gate
from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.cases.access import can_edit_case
from reclaim.cases.selectors import cases_for_user
from reclaim.connect.models import CheckIn, PortalSettings

if TYPE_CHECKING:
    from typing import Any

    from reclaim.accounts.models import Agency, User
    from reclaim.cases.models import Case


def can_manage_portal_access(user: User, case: Case) -> bool:
    return can_edit_case(user, case)


def require_can_manage_portal_access(user: User, case: Case) -> None:
    if not can_manage_portal_access(user, case):
        raise PermissionDenied


def can_manage_portal_settings(user: User) -> bool:
    """Agency admins and program directors keep the agency's portal settings."""
    caps = capabilities(user)
    return active_membership(user) is not None and (
        caps.manages_staff or (caps.approves_closure and caps.views_aggregates)
    )


def portal_settings_agency(user: User) -> Agency:
    """The agency whose portal settings the user may change, else 403."""
    membership = active_membership(user)
    if membership is None or not can_manage_portal_settings(user):
        raise PermissionDenied
    return membership.agency


def is_on_call_for(user: User, agency_id: Any) -> bool:
    settings_row = PortalSettings.objects.filter(agency_id=agency_id).only("on_call_id").first()
    return settings_row is not None and settings_row.on_call_id == user.pk


def access_urgent_check_in(user: User, check_in_id: Any, *, for_write: bool = False) -> CheckIn:
    """An urgent check-in, for the case's readers and for the agency's on-call supervisor, who may not read
    the case (they see the alert and the safe way to reach the person, never the note or the case file).
    Acknowledging needs the right to edit the case, or being on call. 404 for everyone else; audited."""
    membership = active_membership(user)
    if membership is None:
        rows = CheckIn.objects.none()
    else:
        on_call = Exists(PortalSettings.objects.filter(agency_id=OuterRef("agency_id"), on_call_id=user.pk))
        rows = (
            CheckIn.objects.filter(agency_id=membership.agency_id, urgent=True)
            .filter(Q(case__in=cases_for_user(user)) | Q(on_call))
            .select_related("case", "case__lead_worker", "account", "acknowledged_by")
        )
    return audited_gate(
        user,
        rows,
        check_in_id,
        object_type="portal_check_in",
        read_action="portal.check_in_read",
        for_write=for_write,
        can_write=lambda row: can_edit_case(user, row.case) or is_on_call_for(user, row.agency_id),
    )
