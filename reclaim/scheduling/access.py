"""The gates for appointments, calendars and calendar feeds: 404 for "missing" and "not yours" alike,
403 for a read-only write; reads of an appointment are audited like reads of its case."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404

from reclaim.accounts.access import audited_gate
from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.cases.access import can_edit_case
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.scheduling import selectors

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.scheduling.models import Appointment, CalendarFeedToken


def access_appointment_by_id(user: User, appointment_id: Any, *, for_write: bool = False) -> Appointment:
    """An appointment on a case the user may read; PermissionDenied when a read-only user asks to change it."""
    return audited_gate(
        user,
        selectors.appointments_for_user(user).select_related("case", "service_type").prefetch_related("attendees"),
        appointment_id,
        object_type="appointment",
        read_action="appointment.read",
        for_write=for_write,
        can_write=lambda appointment: can_edit_case(user, appointment.case),
    )


def access_case_appointment(user: User, case_id: Any, appointment_id: Any, *, for_write: bool = False) -> Appointment:
    """An appointment reached through its case's URL: 404 unless it belongs to that case."""
    appointment = access_appointment_by_id(user, appointment_id, for_write=for_write)
    if str(appointment.case_id) != str(case_id):
        raise Http404
    return appointment


def has_calendar(user: User) -> bool:
    """Staff who work cases have a calendar (and may have a calendar feed). Survivors never do."""
    return active_membership(user) is not None and capabilities(user).works_cases


def require_calendar(user: User) -> None:
    if not has_calendar(user):
        raise PermissionDenied


def access_calendar_of(user: User, staff_id: Any) -> User:
    """Whose calendar to show: the user's own, or a team member's for a supervisor (audited); 404 otherwise."""
    require_calendar(user)
    if staff_id in (None, "", user.pk, str(user.pk)):
        return user
    try:
        staff = selectors.calendar_people(user).get(pk=staff_id)
    except (ObjectDoesNotExist, ValueError, ValidationError):  # missing, not theirs, or malformed: one 404
        raise Http404 from None
    membership = active_membership(user)
    write_audit(
        AuditEntry(
            "calendar.read",
            actor_id=user.pk,
            agency_id=membership.agency_id if membership else None,
            object_type="user",
            object_id=str(staff.pk),
        )
    )
    return staff


def access_feed_by_secret(secret: str) -> CalendarFeedToken:
    """The live feed token for this secret, for a staff member who still has a calendar; Http404 otherwise
    (a revoked, unknown or malformed token looks the same)."""
    if not secret or len(secret) > 128:  # noqa: PLR2004 — far longer than any secret we issue
        raise Http404
    token = selectors.feed_token_by_hash(hashlib.sha256(secret.encode("utf-8")).hexdigest())
    if token is None or not token.user.is_active or not has_calendar(token.user):
        raise Http404
    membership = active_membership(token.user)
    if membership is None or membership.agency_id != token.agency_id:
        raise Http404
    return token
