"""The gates for group programs. Casework roles of the agency see every group; a facilitator (a volunteer
included) sees the groups they facilitate and may take attendance there, but nothing of the cases behind the
roster: case pages keep their own gate. "Not yours" is 404, a read-only write is 403, reads are audited."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from reclaim.accounts.access import audited_gate, works_cases_in
from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.services import group_selectors
from reclaim.services.models import Certificate, GroupEnrolment, GroupSession

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.services.models import GroupProgram


def can_manage_groups(user: User, agency_id: Any) -> bool:
    """Create and edit programs, enrol, mark completion: casework roles who may write, in this agency."""
    return works_cases_in(user, agency_id)


def is_facilitator(user: User, program: GroupProgram) -> bool:
    return user.pk in group_selectors.facilitator_ids(program)


def can_take_attendance(user: User, program: GroupProgram) -> bool:
    membership = active_membership(user)
    if membership is None or membership.agency_id != program.agency_id:
        return False
    return can_manage_groups(user, program.agency_id) or is_facilitator(user, program)


def can_see_groups(user: User) -> bool:
    """The groups list: casework roles, and anyone who facilitates a group."""
    return capabilities(user).works_cases or group_selectors.facilitates_any(user)


def require_group_reader(user: User) -> None:
    if not can_see_groups(user):
        raise PermissionDenied


def require_group_manager(user: User) -> None:
    membership = active_membership(user)
    if membership is None or not can_manage_groups(user, membership.agency_id):
        raise PermissionDenied


def access_program_by_id(user: User, program_id: Any, *, for_write: bool = False) -> GroupProgram:
    """A program the user may open (audited: the page shows who takes part); 403 on a write by a reader."""
    return audited_gate(
        user,
        group_selectors.program_for_page(group_selectors.programs_for_user(user)),
        program_id,
        object_type="group_program",
        read_action="group.read",
        for_write=for_write,
        can_write=lambda program: can_manage_groups(user, program.agency_id),
    )


def access_program_for_attendance(user: User, program_id: Any, *, for_write: bool = False) -> GroupProgram:
    """Like access_program_by_id, but facilitators may write (attendance)."""
    return audited_gate(
        user,
        group_selectors.program_for_page(group_selectors.programs_for_user(user)),
        program_id,
        object_type="group_program",
        read_action="group.read",
        for_write=for_write,
        can_write=lambda program: can_take_attendance(user, program),
    )


def access_session(program: GroupProgram, session_id: Any) -> GroupSession:
    """A session of a program the caller already passed a gate for; 404 for any other id."""
    try:
        session = GroupSession.objects.get(pk=session_id, program=program)
    except (GroupSession.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
    session.program = program
    return session


def access_enrolment(program: GroupProgram, enrolment_id: Any) -> GroupEnrolment:
    try:
        enrolment = GroupEnrolment.objects.select_related("case").get(pk=enrolment_id, program=program)
    except (GroupEnrolment.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
    enrolment.program = program
    return enrolment


def access_certificate(enrolment: GroupEnrolment) -> Certificate:
    """The certificate of an enrolment already through the gates; 404 when none was issued."""
    try:
        return Certificate.objects.get(enrolment=enrolment)
    except Certificate.DoesNotExist:
        raise Http404 from None
