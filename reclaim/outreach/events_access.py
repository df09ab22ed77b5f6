"""Gates of the events pages and API. Events hold no case data.

- Read (list, page, survey results): whoever reads outreach (outreach coordinators, agency admins, program
  directors, data analysts) and, for one event, its facilitators.
- Plan and edit an event: whoever runs outreach (outreach coordinators, agency admins).
- Record what happened (attendance, paper survey forms, opening and closing the public survey link,
  follow-ups): whoever runs outreach and the event's facilitators.
- Someone who owns a follow-up of an event reads that event (to mark it done from their task list).
- A confidential place is shown only to those who run outreach and to the event's facilitators.

Another agency's event (or none at all) is 404; a member of the agency without the right gets 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from reclaim.accounts.selectors import active_membership
from reclaim.core.access import gate
from reclaim.core.audit import AuditEntry, write_audit
from reclaim.outreach.access import can_read_outreach, can_run_outreach
from reclaim.outreach.events_selectors import events_for_agency, follow_ups_for_event

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency, User
    from reclaim.outreach.models import EventFollowUp, OutreachEvent

READ, EDIT, RECORD = "read", "edit", "record"


def require_event_reader(user: User) -> Agency:
    """The agency whose events the user may list (403 otherwise)."""
    membership = active_membership(user)
    if membership is None or not can_read_outreach(user):
        raise PermissionDenied
    return membership.agency


def require_event_planner(user: User) -> Agency:
    """The agency in which the user may plan events (403 otherwise)."""
    membership = active_membership(user)
    if membership is None or not can_run_outreach(user):
        raise PermissionDenied
    return membership.agency


def is_facilitator(user: User, event: OutreachEvent) -> bool:
    """Uses the prefetched facilitators (no query when the event came from events_for_agency)."""
    return any(person.pk == user.pk for person in event.facilitators.all())


def may(user: User, event: OutreachEvent, right: str) -> bool:
    if right == EDIT:
        return can_run_outreach(user)
    if right == RECORD:
        return can_run_outreach(user) or is_facilitator(user, event)
    return (
        can_read_outreach(user)
        or is_facilitator(user, event)
        or follow_ups_for_event(event).filter(owner_id=user.pk).exists()
    )


def sees_place(user: User, event: OutreachEvent) -> bool:
    return not event.place_is_confidential or may(user, event, RECORD)


def access_event_by_id(user: User, event_id: Any, *, right: str = READ) -> OutreachEvent:
    """One of the user's agency's events: 404 when it is not (or the user has no agency), 403 without the right.
    Opening an event with a confidential place, for someone who sees that place, is audited."""
    membership = active_membership(user)
    if membership is None:
        raise Http404
    event = gate(events_for_agency(membership.agency_id), event_id)
    if not may(user, event, READ) or not may(user, event, right):
        raise PermissionDenied
    if right == READ and event.place_is_confidential and sees_place(user, event):
        write_audit(
            AuditEntry(
                "outreach_event.confidential_place_read",
                actor_id=user.pk,
                agency_id=event.agency_id,
                object_type="outreach_event",
                object_id=str(event.pk),
            )
        )
    return event


def access_follow_up_by_id(user: User, event: OutreachEvent, follow_up_id: Any) -> EventFollowUp:
    """A follow-up of this event, to change: those who record for the event, and its owner."""
    follow_up = gate(follow_ups_for_event(event), follow_up_id)
    if not (may(user, event, RECORD) or follow_up.owner_id == user.pk):
        raise PermissionDenied
    return follow_up


def may_plan(user: User) -> bool:
    return can_run_outreach(user)
