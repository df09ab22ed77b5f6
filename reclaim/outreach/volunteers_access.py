"""Gates of the volunteers part (issue 10 item 5).

- Coordinators (`can_manage_volunteers`: outreach coordinators, agency admins) reach every volunteer of their agency;
  another agency's volunteer is 404, a member of the agency without the right gets 403 (no case data here).
- Reading a volunteer's record (contact details, screening notes) writes an audit row.
- A volunteer (`takes_volunteer_assignments`) reaches only their own record's assignments and hours: another
  volunteer's assignment is 404. Their pages are 403 for every other role.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

from reclaim.accounts.access import audited_gate
from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.core.access import gate
from reclaim.outreach.access import can_manage_volunteers
from reclaim.outreach.volunteers_selectors import (
    assignments_for_agency,
    hours_for_agency,
    screenings_for_agency,
    volunteer_for_user,
    volunteers_for_agency,
)

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency, User
    from reclaim.outreach.models import Volunteer, VolunteerAssignment, VolunteerHours, VolunteerScreening


def require_volunteer_manager(user: User) -> Agency:
    """The coordinator's agency, or 403."""
    membership = active_membership(user)
    if membership is None or not can_manage_volunteers(user):
        raise PermissionDenied
    return membership.agency


def access_volunteer_by_id(user: User, volunteer_id: Any, *, for_write: bool = False) -> Volunteer:
    """One of the agency's volunteers (404 otherwise); the read is audited (it holds contact details)."""
    agency = require_volunteer_manager(user)
    return audited_gate(
        user,
        volunteers_for_agency(agency.pk),
        volunteer_id,
        object_type="volunteer",
        read_action="volunteer.viewed",
        for_write=for_write,
        can_write=lambda _volunteer: True,
    )


def access_screening_by_id(user: User, volunteer: Volunteer, screening_id: Any) -> VolunteerScreening:
    agency = require_volunteer_manager(user)
    return gate(screenings_for_agency(agency.pk).filter(volunteer=volunteer), screening_id)


def access_assignment_by_id(user: User, assignment_id: Any) -> VolunteerAssignment:
    agency = require_volunteer_manager(user)
    return gate(assignments_for_agency(agency.pk), assignment_id)


def access_hours_by_id(user: User, hours_id: Any) -> VolunteerHours:
    agency = require_volunteer_manager(user)
    return gate(hours_for_agency(agency.pk), hours_id)


def takes_assignments(user: User) -> bool:
    return (
        bool(user.is_authenticated)
        and active_membership(user) is not None
        and (capabilities(user).takes_volunteer_assignments)
    )


def my_volunteer(user: User) -> Volunteer | None:
    """The signed-in volunteer's own record (None while no coordinator has linked their sign-in); 403 for other
    roles."""
    if not takes_assignments(user):
        raise PermissionDenied
    return volunteer_for_user(user)


def access_my_assignment(user: User, assignment_id: Any) -> VolunteerAssignment:
    """One of the signed-in volunteer's own assignments; anyone else's (or none linked) is 404."""
    volunteer = my_volunteer(user)
    if volunteer is None:
        return gate(assignments_for_agency(user.pk).none(), assignment_id)
    return gate(assignments_for_agency(volunteer.agency_id).filter(volunteer=volunteer), assignment_id)


def access_assignment_for_hours(user: User, assignment_id: Any) -> VolunteerAssignment:
    """The assignment hours are logged against: a coordinator's agency's, or the volunteer's own (API)."""
    if can_manage_volunteers(user):
        return access_assignment_by_id(user, assignment_id)
    return access_my_assignment(user, assignment_id)
