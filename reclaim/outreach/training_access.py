"""Gates of staff training. Courses, sessions, participants, external certificates and the required courses are kept
by training managers (`can_manage_training`): other members of the agency get 403 (training rows hold no case
data). Every member reads their own training record and their own certificates. Another agency's object is 404.
The block-until-trained setting shuts case workers out of case data, so only agency admins and program directors
may switch it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from reclaim.accounts.roles import Scope
from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.core.access import gate
from reclaim.outreach.access import can_manage_training
from reclaim.outreach.models import TrainingParticipant
from reclaim.outreach.training_selectors import certificates_for_agency, courses_for_agency, sessions_for_agency

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency, Membership, User
    from reclaim.outreach.models import Course, TrainingCertificate, TrainingSession


def require_training_manager(user: User) -> Agency:
    """The manager's agency, or PermissionDenied."""
    membership = active_membership(user)
    if membership is None or not can_manage_training(user):
        raise PermissionDenied
    return membership.agency


def require_member(user: User) -> Membership:
    """Any staff member of an agency (their own training record); 403 for anyone without a membership."""
    membership = active_membership(user) if user.is_authenticated else None
    if membership is None:
        raise PermissionDenied
    return membership


def can_set_training_block(user: User) -> bool:
    """Agency admins and program directors (agency-wide approvers): the setting decides who sees case data."""
    caps = capabilities(user)
    return active_membership(user) is not None and (
        caps.manages_staff or (caps.approves_closure and caps.case_scope == Scope.AGENCY)
    )


def access_course_by_id(user: User, course_id: Any, *, for_write: bool = False) -> Course:
    agency = require_training_manager(user)
    return gate(courses_for_agency(agency.pk), course_id, for_write=for_write, can_write=lambda _c: True)


def access_session_by_id(user: User, session_id: Any, *, for_write: bool = False) -> TrainingSession:
    agency = require_training_manager(user)
    return gate(sessions_for_agency(agency.pk), session_id, for_write=for_write, can_write=lambda _s: True)


def access_participant(session: TrainingSession, participant_id: Any) -> TrainingParticipant:
    """A participant of a session that already passed the session gate; 404 if it is not this session's."""
    try:
        return TrainingParticipant.objects.select_related("session", "session__course", "user").get(
            pk=participant_id, session=session, agency_id=session.agency_id
        )
    except (TrainingParticipant.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None


def access_certificate_by_id(user: User, certificate_id: Any) -> TrainingCertificate:
    """A certificate of the user's agency: training managers see every one, everyone else only their own (404)."""
    membership = require_member(user)
    certificates = certificates_for_agency(membership.agency_id)
    if not can_manage_training(user):
        certificates = certificates.filter(user_id=user.pk)
    return gate(certificates, certificate_id)
