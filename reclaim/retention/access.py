"""Gates for retention. Policy, purge preview and erasure decisions: agency admins (`manages_retention`), 403 for
other staff. Holds: `places_legal_holds`, on a case the user can reach (404 otherwise), or by case number for the
agency admin. Recording an erasure request: whoever may edit the case."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.cases.access import access_case_by_id
from reclaim.cases.selectors import cases_for_user
from reclaim.core.access import gate
from reclaim.retention import selectors
from reclaim.retention.models import LegalHold

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency, User
    from reclaim.cases.models import Case
    from reclaim.retention.models import ErasureRequest


def can_manage_retention(user: User) -> bool:
    return active_membership(user) is not None and capabilities(user).manages_retention


def require_retention_manager(user: User) -> Agency:
    """The admin's agency; 403 for anyone else."""
    membership = active_membership(user)
    if membership is None or not capabilities(user).manages_retention:
        raise PermissionDenied
    return membership.agency


def can_place_holds(user: User) -> bool:
    return active_membership(user) is not None and capabilities(user).places_legal_holds


def access_case_for_holds(user: User, case_id: Any, *, for_write: bool = False) -> Case:
    """A case the user can reach (404 otherwise); placing a hold also needs `places_legal_holds` (403)."""
    case = access_case_by_id(user, case_id)
    if for_write and not can_place_holds(user):
        raise PermissionDenied
    return case


def access_hold_for_lift(user: User, hold_id: Any) -> LegalHold:
    """An active hold of the user's agency that they may lift: the admin any, the legal team those on their cases."""
    membership = active_membership(user)
    if membership is None:
        raise Http404
    holds = LegalHold.objects.filter(agency_id=membership.agency_id, lifted_at__isnull=True).select_related("case")
    if not can_manage_retention(user):
        holds = holds.filter(case__in=cases_for_user(user))
    hold = gate(holds, hold_id)
    if not can_place_holds(user):
        raise PermissionDenied
    return hold


def access_erasure_request(user: User, request_id: Any, *, for_write: bool = False) -> ErasureRequest:
    require_retention_manager(user)
    return gate(selectors.erasure_requests_for_admin(user), request_id, for_write=for_write, can_write=lambda _r: True)


def access_case_for_erasure(user: User, case_id: Any, *, for_write: bool = False) -> Case:
    """Recording an erasure request: anyone who may edit the case (404 for others, 403 for read-only readers)."""
    return access_case_by_id(user, case_id, for_write=for_write)
