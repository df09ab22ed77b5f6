"""The gate to the partner directory.

Reading: every signed-in staff member of an agency (anyone else: 403, a platform operator included).
Writing an entry: an agency admin, or staff who edit cases, of the agency that maintains it (others: 403).
Creating an entry and importing HSDS files: agency admins. A confidential location of another agency is
answered 404, like a missing one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.core.access import gate
from reclaim.referrals import directory_selectors as selectors

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency, User
    from reclaim.referrals.models import Contact, Location, Organization, OrgService


def require_directory_reader(user: User) -> Agency:
    """The reader's agency; 403 for anyone who is not staff of an agency."""
    membership = active_membership(user)
    if membership is None:
        raise PermissionDenied
    return membership.agency


def can_create_entries(user: User) -> bool:
    return active_membership(user) is not None and capabilities(user).manages_staff


def require_directory_admin(user: User) -> Agency:
    """Creating entries and importing files: agency admins only."""
    agency = require_directory_reader(user)
    if not can_create_entries(user):
        raise PermissionDenied
    return agency


def can_edit_entry(user: User, organization: Organization) -> bool:
    membership = active_membership(user)
    if membership is None or organization.maintained_by_id != membership.agency_id:
        return False
    caps = capabilities(user)
    return caps.manages_staff or caps.edits_cases


def access_organization_by_id(user: User, organization_id: Any, *, for_write: bool = False) -> Organization:
    require_directory_reader(user)
    return gate(
        selectors.organization_detail(user),
        organization_id,
        for_write=for_write,
        can_write=lambda organization: can_edit_entry(user, organization),
    )


def access_service(user: User, organization_id: Any, service_id: Any) -> tuple[Organization, OrgService]:
    organization = access_organization_by_id(user, organization_id, for_write=True)
    service = selectors.directory_service(organization, service_id)
    if service is None:
        raise Http404
    return organization, service


def access_location(user: User, organization_id: Any, location_id: Any) -> tuple[Organization, Location]:
    organization = access_organization_by_id(user, organization_id, for_write=True)
    location = selectors.directory_location(user, organization, location_id)
    if location is None:
        raise Http404
    return organization, location


def access_contact(user: User, organization_id: Any, contact_id: Any) -> tuple[Organization, Contact]:
    organization = access_organization_by_id(user, organization_id, for_write=True)
    contact = selectors.directory_contact(organization, contact_id)
    if contact is None:
        raise Http404
    return organization, contact
