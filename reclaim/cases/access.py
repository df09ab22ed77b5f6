"""The one gate for cases: reads are audited, denials look like 404, read-only writes get 403."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from reclaim.accounts.selectors import active_membership, capabilities, live_grants_for
from reclaim.cases.models import ApprovalRequest, Case
from reclaim.cases.selectors import cases_for_user
from reclaim.core.audit import AuditEntry, write_audit

if TYPE_CHECKING:
    from reclaim.accounts.models import User


def can_edit_case(user: User, case: Case) -> bool:
    membership = active_membership(user)
    return membership is not None and membership.agency_id == case.agency_id and capabilities(user).edits_cases


def can_approve(user: User, case: Case) -> bool:
    membership = active_membership(user)
    return membership is not None and membership.agency_id == case.agency_id and capabilities(user).approves_closure


def access_case_by_id(user: User, case_id: Any, *, for_write: bool = False) -> Case:
    """The case, or Http404 for "missing" and "not yours" alike; PermissionDenied for read-only writes."""
    membership = active_membership(user)
    try:
        case = cases_for_user(user).select_related("survivor", "team", "lead_worker").get(pk=case_id)
    except (Case.DoesNotExist, ValueError):
        write_audit(
            AuditEntry(
                "access.denied",
                actor_id=user.pk,
                agency_id=membership.agency_id if membership else None,
                object_type="case",
                object_id=str(case_id)[:64],
            )
        )
        raise Http404 from None
    if for_write and not can_edit_case(user, case):
        write_audit(
            AuditEntry(
                "access.denied_write",
                actor_id=user.pk,
                agency_id=case.agency_id,
                object_type="case",
                object_id=str(case.pk),
            )
        )
        raise PermissionDenied
    purpose = ""
    if membership is None:
        grant = live_grants_for(user).filter(agency_id=case.agency_id).first()
        purpose = f"break_glass:{grant.pk}" if grant else "break_glass"
    write_audit(
        AuditEntry(
            "case.read",
            actor_id=user.pk,
            agency_id=case.agency_id,
            object_type="case",
            object_id=str(case.pk),
            purpose=purpose,
        )
    )
    return case


def require_case_worker(user: User) -> None:
    if capabilities(user).works_cases or (user.is_platform_operator and live_grants_for(user).exists()):
        return
    raise PermissionDenied


def can_open(user: User) -> bool:
    return capabilities(user).edits_cases


def require_can_open_cases(user: User) -> None:
    if not can_open(user):
        raise PermissionDenied


def access_approval_for_decision(user: User, case: Case, approval_id: Any) -> ApprovalRequest:
    """A pending approval on this case that the user may decide (supervisor or director, not the requester)."""
    if not can_approve(user, case):
        raise PermissionDenied
    try:
        approval = ApprovalRequest.objects.get(pk=approval_id, case=case)
    except (ApprovalRequest.DoesNotExist, ValueError):
        raise Http404 from None
    return approval
