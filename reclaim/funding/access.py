"""Gates of the funding-source list: agency admins and program directors manage it; casework roles read it
(to charge a service to a grant); another agency's grant is 404."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model

from reclaim.accounts.roles import Scope
from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.core.access import gate
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.funding.selectors import (
    budget_lines,
    direct_costs_for_agency,
    funders_for_agency,
    grants_for_agency,
    in_kind_for_agency,
    staff_time_for_agency,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.db.models import QuerySet

    from reclaim.accounts.models import Agency, User
    from reclaim.funding.models import BudgetLine, DirectCost, Funder, Grant, InKind, StaffTime


M = TypeVar("M", bound=Model)


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


def can_read_funding_aggregates(user: User) -> bool:
    """Burn-down, cost per service and the funding gap (aggregates, no staff pay, no names): grant managers
    and data analysts (anyone who sees aggregates)."""
    return active_membership(user) is not None and (can_manage_grants(user) or capabilities(user).views_aggregates)


def access_funding_aggregates(user: User, what: str, object_id: str = "") -> Agency:
    """The agency whose funding aggregates the user may read (403 otherwise); the read is audited."""
    membership = active_membership(user)
    if membership is None or not can_read_funding_aggregates(user):
        raise PermissionDenied
    write_audit(
        AuditEntry(
            "funding.aggregate_read",
            actor_id=user.pk,
            agency_id=membership.agency_id,
            object_type=what,
            object_id=object_id,
        )
    )
    return membership.agency


def access_grant_aggregates(user: User, grant_id: Any) -> Grant:
    """One of the agency's grants for its burn-down (404 when not the user's agency's; 403 without the right)."""
    membership = active_membership(user)
    if membership is None or not can_read_funding_aggregates(user):
        raise PermissionDenied
    grant = gate(grants_for_agency(membership.agency_id, active_only=False), grant_id)
    access_funding_aggregates(user, "grant_burn_down", str(grant.pk))
    return grant


def _by_id(user: User, queryset_for: Callable[[Any], QuerySet[M]], pk: Any, *, for_write: bool) -> M:
    """A funding row of the manager's agency (404 otherwise). Only managers reach the rows at all."""
    agency = require_grant_manager(user)
    return gate(queryset_for(agency.pk), pk, for_write=for_write, can_write=lambda _row: True)


def access_funder_by_id(user: User, funder_id: Any, *, for_write: bool = False) -> Funder:
    return _by_id(user, funders_for_agency, funder_id, for_write=for_write)


def access_budget_line_by_id(user: User, grant: Grant, line_id: Any, *, for_write: bool = False) -> BudgetLine:
    return _by_id(user, lambda _agency_id: budget_lines(grant), line_id, for_write=for_write)


def access_staff_time_by_id(user: User, row_id: Any, *, for_write: bool = False) -> StaffTime:
    return _by_id(user, staff_time_for_agency, row_id, for_write=for_write)


def access_direct_cost_by_id(user: User, row_id: Any, *, for_write: bool = False) -> DirectCost:
    return _by_id(user, direct_costs_for_agency, row_id, for_write=for_write)


def access_in_kind_by_id(user: User, row_id: Any, *, for_write: bool = False) -> InKind:
    return _by_id(user, in_kind_for_agency, row_id, for_write=for_write)
