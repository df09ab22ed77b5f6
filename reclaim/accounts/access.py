"""Gates for accounts objects: 404 when the object is not the user's to see."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404

from reclaim.accounts import selectors
from reclaim.accounts.models import TenantModel
from reclaim.core.access import gate
from reclaim.core.audit import AuditEntry, write_audit

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.db.models import QuerySet

    from reclaim.accounts.models import Agency, ApiToken, BreakGlassGrant, Invitation, Membership, User
    from reclaim.core.models import Term, Vocabulary


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


def access_agency_for_operator(user: User, agency_id: Any) -> Agency:
    """An active agency a platform operator may open emergency access to; 403 for anyone else."""
    require_platform_operator(user)
    return gate(selectors.agencies_for_operator(user), agency_id)


def access_vocabulary_for_admin(user: User, vocabulary_id: Any) -> Vocabulary:
    """A vocabulary an agency admin may extend; 403 for other roles."""
    require_staff_manager(user)
    return gate(selectors.vocabularies_for_admin(user), vocabulary_id)


def access_agency_term_by_id(user: User, term_id: Any, *, for_write: bool = False) -> Term:
    """One of the admin's agency's own terms; the standard's terms and other agencies' terms are 404."""
    require_staff_manager(user)
    return gate(selectors.agency_terms_for_admin(user), term_id, for_write=for_write, can_write=lambda _t: True)


T = TypeVar("T", bound=TenantModel)


def works_cases_in(user: User, agency_id: Any) -> bool:
    """A casework role that may write, in this agency (operators under break-glass only read)."""
    membership = selectors.active_membership(user)
    return membership is not None and membership.agency_id == agency_id and selectors.capabilities(user).edits_cases


def require_case_worker(user: User) -> None:
    """Pages listing case data are for casework roles, or an operator holding a live break-glass grant."""
    if selectors.capabilities(user).works_cases or (
        user.is_platform_operator and selectors.live_grants_for(user).exists()
    ):
        return
    raise PermissionDenied


def audited_gate(
    user: User,
    queryset: QuerySet[T],
    pk: Any,
    *,
    object_type: str,
    read_action: str,
    for_write: bool = False,
    can_write: Callable[[T], bool],
    purpose: str = "",
) -> T:
    """The gate for records holding survivor data: 404 for "missing" and "not yours" alike, 403 for a
    read-only write, and an audit row for every read and every denial (with the break-glass grant as
    purpose when a platform operator reads)."""
    membership = selectors.active_membership(user)
    try:
        obj = queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, ValidationError):
        agency_id = membership.agency_id if membership else None
        write_audit(
            AuditEntry(
                "access.denied", actor_id=user.pk, agency_id=agency_id, object_type=object_type, object_id=str(pk)[:64]
            )
        )
        raise Http404 from None
    if for_write and not can_write(obj):
        write_audit(
            AuditEntry(
                "access.denied_write",
                actor_id=user.pk,
                agency_id=obj.agency_id,
                object_type=object_type,
                object_id=str(obj.pk),
            )
        )
        raise PermissionDenied
    if membership is None:
        grant = selectors.live_grants_for(user).filter(agency_id=obj.agency_id).first()
        purpose = f"break_glass:{grant.pk}" if grant else "break_glass"
    write_audit(
        AuditEntry(
            read_action,
            actor_id=user.pk,
            agency_id=obj.agency_id,
            object_type=object_type,
            object_id=str(obj.pk),
            purpose=purpose,
        )
    )
    return obj
