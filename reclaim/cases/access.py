"""The one gate for cases: reads are audited, denials look like 404, read-only writes get 403."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from reclaim.accounts.access import audited_gate, require_case_worker, works_cases_in
from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.cases.models import ApprovalRequest, Case, CaseFlag, HistoricEvent
from reclaim.cases.selectors import cases_for_user
from reclaim.core.access import gate

__all__ = [
    "access_approval_for_decision",
    "access_case_by_id",
    "access_flag",
    "access_history_event",
    "can_approve",
    "can_edit_case",
    "can_open",
    "require_can_open_cases",
    "require_case_worker",
]

if TYPE_CHECKING:
    from reclaim.accounts.models import User


def can_edit_case(user: User, case: Case) -> bool:
    return works_cases_in(user, case.agency_id)


def can_approve(user: User, case: Case) -> bool:
    membership = active_membership(user)
    return membership is not None and membership.agency_id == case.agency_id and capabilities(user).approves_closure


def access_case_by_id(user: User, case_id: Any, *, for_write: bool = False) -> Case:
    """The case, or Http404 for "missing" and "not yours" alike; PermissionDenied for read-only writes."""
    return audited_gate(
        user,
        cases_for_user(user).select_related("survivor", "team", "lead_worker"),
        case_id,
        object_type="case",
        read_action="case.read",
        for_write=for_write,
        can_write=lambda case: can_edit_case(user, case),
    )


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


def access_history_event(
    user: User, case: Case, event_id: Any, *, for_write: bool = False, include_removed: bool = False
) -> HistoricEvent:
    """A history event of a case the caller already passed the gate for; 404 when not on this case."""
    events = HistoricEvent.objects.filter(case=case)
    if not include_removed:
        events = events.filter(archived_at__isnull=True)
    return gate(events, event_id, for_write=for_write, can_write=lambda _e: can_edit_case(user, case))


def access_flag(user: User, case: Case, flag_id: Any, *, for_write: bool = False) -> CaseFlag:
    return gate(
        CaseFlag.objects.filter(case=case).select_related("case"),
        flag_id,
        for_write=for_write,
        can_write=lambda _f: can_edit_case(user, case),
    )
