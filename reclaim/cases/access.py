"""The one gate for cases: reads are audited, denials look like 404, read-only writes get 403."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from reclaim.accounts.access import audited_gate, require_case_worker, works_cases_in
from reclaim.accounts.roles import Scope
from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.cases.models import ApprovalRequest, Case, CaseFlag, CaseNote, FollowUp, HistoricEvent, ImmediateNeed
from reclaim.cases.selectors import (
    cases_for_user,
    mark_passed_gate,
    marked_cases,
    note_levels_for,
    note_levels_on_case,
    notes_for_case,
)
from reclaim.core.access import gate
from reclaim.core.audit import AuditEntry, write_audit

__all__ = [
    "access_approval_for_decision",
    "access_case_by_id",
    "access_follow_up_by_id",
    "access_need",
    "access_note_by_id",
    "access_notes_for_case",
    "can_approve",
    "can_edit_case",
    "can_edit_note",
    "can_manage_follow_up_policy",
    "can_open",
    "require_can_approve_somewhere",
    "require_can_open_cases",
    "require_case_worker",
    "require_follow_up_policy_manager",
]

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from reclaim.accounts.models import User


def can_edit_case(user: User, case: Case) -> bool:
    return works_cases_in(user, case.agency_id)


def can_approve(user: User, case: Case) -> bool:
    membership = active_membership(user)
    return membership is not None and membership.agency_id == case.agency_id and capabilities(user).approves_closure


def access_case_by_id(user: User, case_id: Any, *, for_write: bool = False) -> Case:
    """The case, or Http404 for "missing" and "not yours" alike; PermissionDenied for read-only writes.

    The case carries what every case page's banners need to know (`with_page_marks`: urgent needs not yet
    resolved, whether any flag or alert is open; the marked query is built once per process, `marked_cases`), and
    the mark that lets the reads of its rows in this request skip re-checking the gate (`case_if_seen`)."""
    case = audited_gate(
        user,
        marked_cases() & cases_for_user(user),
        case_id,
        object_type="case",
        read_action="case.read",
        for_write=for_write,
        can_write=lambda case: can_edit_case(user, case),
    )
    mark_passed_gate(user, case)
    return case


def can_open(user: User) -> bool:
    return capabilities(user).edits_cases


def require_can_open_cases(user: User) -> None:
    if not can_open(user):
        raise PermissionDenied


def require_can_approve_somewhere(user: User) -> None:
    """Pages for supervisors and directors of an agency (caseloads, the approval queue)."""
    if active_membership(user) is None or not capabilities(user).approves_closure:
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


def can_manage_follow_up_policy(user: User) -> bool:
    """Agency admins (manages_staff) and program directors (approve closures across the whole agency).

    Supervisors also approve closures but only for their teams; the schedule is agency-wide."""
    caps = capabilities(user)
    return active_membership(user) is not None and (
        caps.manages_staff or (caps.approves_closure and caps.case_scope == Scope.AGENCY)
    )


def require_follow_up_policy_manager(user: User) -> None:
    if not can_manage_follow_up_policy(user):
        raise PermissionDenied


def access_follow_up_by_id(case: Case, follow_up_id: Any) -> FollowUp:
    """A follow-up contact of a case that already passed the case gate; 404 if it is not this case's."""
    try:
        return FollowUp.objects.select_related("case", "recorded_by").get(pk=follow_up_id, case=case)
    except (FollowUp.DoesNotExist, ValueError):
        raise Http404 from None


def access_need(case: Case, need_id: Any) -> ImmediateNeed:
    """A checklist row of this case (already through the case gate), or Http404."""
    try:
        need = ImmediateNeed.objects.get(pk=need_id, case=case)
    except (ImmediateNeed.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
    need.case = case
    return need


def can_edit_note(user: User, note: CaseNote) -> bool:
    """Only the author edits or strikes a note, while they still work cases in its agency and may write its level
    (a legal-access grant lets someone read legal notes, never change them)."""
    return (
        note.author_id == user.pk
        and works_cases_in(user, note.agency_id)
        and note.confidentiality in note_levels_for(user)
    )


def access_notes_for_case(user: User, case: Case) -> QuerySet[CaseNote]:
    """The notes of a case (already through `access_case_by_id`) this user may read; the read is audited
    with the levels it covered (codes only)."""
    write_audit(
        AuditEntry(
            "case.notes_read",
            actor_id=user.pk,
            agency_id=case.agency_id,
            object_type="case",
            object_id=str(case.pk),
            detail={"levels": note_levels_on_case(user, case)},
        )
    )
    return notes_for_case(user, case)


def access_note_by_id(user: User, case: Case, note_id: Any, *, for_write: bool = False) -> CaseNote:
    """One note of this case, or Http404 when it is missing or at a level the user may not read;
    PermissionDenied when someone other than its author tries to change it."""
    return audited_gate(
        user,
        notes_for_case(user, case),
        note_id,
        object_type="case_note",
        read_action="case_note.read",
        for_write=for_write,
        can_write=lambda note: can_edit_note(user, note),
    )


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
