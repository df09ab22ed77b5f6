"""Gates for assessments: the case gate first (404 for "missing" and "not yours"), then the right to see
screen results (403 for case readers without it, such as the legal advocate), then the right to write
(403 for read-only roles)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from reclaim.accounts.access import audited_gate
from reclaim.accounts.selectors import active_membership
from reclaim.assessments import selectors
from reclaim.cases.access import access_case_by_id, can_edit_case, can_manage_follow_up_policy
from reclaim.core.access import gate

if TYPE_CHECKING:
    from reclaim.accounts.models import Membership, User
    from reclaim.assessments.models import Assessment, AssessmentAlert, Instrument
    from reclaim.cases.models import Case

__all__ = [
    "access_alert",
    "access_assessment_by_id",
    "access_case_for_assessments",
    "access_instrument_by_code",
    "can_record_assessments",
    "require_due_list_reader",
    "require_instrument_reader",
    "require_plan_manager",
]


def can_record_assessments(user: User, case: Case) -> bool:
    return selectors.sees_results(user) and can_edit_case(user, case)


def access_case_for_assessments(user: User, case_id: Any, *, for_write: bool = False) -> Case:
    """The case (audited read), or 404; 403 when the user may not see screen results or, for a write,
    may not record them."""
    case = access_case_by_id(user, case_id)
    if not selectors.sees_results(user):
        raise PermissionDenied
    if for_write and not can_record_assessments(user, case):
        raise PermissionDenied
    return case


def access_assessment_by_id(user: User, case: Case, assessment_id: Any) -> Assessment:
    """One assessment of a case already through `access_case_for_assessments`; the read is audited."""
    return audited_gate(
        user,
        selectors.assessments_for_case(user, case),
        assessment_id,
        object_type="assessment",
        read_action="assessment.read",
        can_write=lambda _a: False,
    )


def access_alert(user: User, case: Case, alert_id: Any, *, for_write: bool = False) -> AssessmentAlert:
    return gate(
        selectors.alerts_for_case(user, case),
        alert_id,
        for_write=for_write,
        can_write=lambda _a: can_record_assessments(user, case),
    )


def access_instrument_by_code(user: User, code: str) -> Instrument:
    """An instrument offered to the user's agency (shipped or its own), or 404."""
    membership = active_membership(user)
    instrument = selectors.instrument_by_code(membership.agency_id if membership else None, code)
    if instrument is None:
        raise Http404
    return instrument


def require_plan_manager(user: User) -> Membership:
    """Agency admins and program directors set the reassessment plans: the same rule as the agency's
    follow-up schedule (`cases.access.can_manage_follow_up_policy`)."""
    membership = active_membership(user)
    if membership is None or not can_manage_follow_up_policy(user):
        raise PermissionDenied
    return membership


def require_due_list_reader(user: User) -> None:
    """The due list names instruments per case: for staff who work cases and see screen results (403 else)."""
    if not selectors.sees_results(user) or active_membership(user) is None:
        raise PermissionDenied


def require_instrument_reader(user: User) -> Membership:
    """The instrument library (which instruments, in which languages, from which sources) is configuration, not
    case data: for staff who see screen results and for those who choose the agency's instruments (403 else)."""
    membership = active_membership(user)
    if membership is None or not (selectors.sees_results(user) or can_manage_follow_up_policy(user)):
        raise PermissionDenied
    return membership
