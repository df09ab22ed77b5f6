"""Gates for accounts objects: 404 when the object is not the user's to see."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

from reclaim.accounts import selectors
from reclaim.core.access import gate

if TYPE_CHECKING:
    from reclaim.accounts.models import ApiToken, BreakGlassGrant, Invitation, Membership, User


def require_staff_manager(user: User) -> None:
    if not selectors.capabilities(user).manages_staff:
        raise PermissionDenied


def require_audit_viewer(user: User) -> None:
    if not selectors.capabilities(user).views_audit:
        raise PermissionDenied


def require_platform_operator(user: User) -> None:
    if not user.is_platform_operator:
        raise PermissionDenied


def access_membership_by_id(user: User, membership_id: Any, *, for_write: bool = False) -> Membership:
    return gate(selectors.members_for_admin(user), membership_id, for_write=for_write, can_write=lambda _m: True)


def access_invitation_by_id(user: User, invitation_id: Any, *, for_write: bool = False) -> Invitation:
    return gate(selectors.invitations_for_admin(user), invitation_id, for_write=for_write, can_write=lambda _i: True)


def access_token_by_id(user: User, token_id: Any, *, for_write: bool = False) -> ApiToken:
    return gate(selectors.tokens_for_user(user), token_id, for_write=for_write, can_write=lambda _t: True)


def access_operator_grant_by_id(user: User, grant_id: Any, *, for_write: bool = False) -> BreakGlassGrant:
    return gate(selectors.grants_for_operator(user), grant_id, for_write=for_write, can_write=lambda _g: True)


def access_admin_grant_by_id(user: User, grant_id: Any, *, for_write: bool = False) -> BreakGlassGrant:
    return gate(selectors.grants_for_agency_admin(user), grant_id, for_write=for_write, can_write=lambda _g: True)
