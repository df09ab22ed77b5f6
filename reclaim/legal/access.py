"""The one gate to legal matters: a matter is reached through its case (404 for missing or not yours,
403 for read-only writes; reads audited)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

from reclaim.accounts.access import audited_gate, works_cases_in
from reclaim.accounts.selectors import capabilities
from reclaim.legal.selectors import grants_for_user, matters_for_user

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.legal.models import LegalAccessGrant, LegalMatter


def can_work_matter(user: User, matter: LegalMatter) -> bool:
    return works_cases_in(user, matter.agency_id)


def can_grant_privileged_access(user: User, case: Case) -> bool:
    """Only the legal team shares privileged material, and only on a case they work."""
    return capabilities(user).sees_legal and works_cases_in(user, case.agency_id)


def access_matter_by_id(user: User, matter_id: Any, *, for_write: bool = False) -> LegalMatter:
    return audited_gate(
        user,
        matters_for_user(user).select_related("case__survivor"),
        matter_id,
        object_type="legal_matter",
        read_action="legal_matter.read",
        for_write=for_write,
        can_write=lambda matter: can_work_matter(user, matter),
    )


def require_can_grant_privileged_access(user: User, case: Case) -> None:
    """403 for a case reader who is not on the legal team (or not working in the case's agency)."""
    if not can_grant_privileged_access(user, case):
        raise PermissionDenied


def access_grant_by_id(user: User, grant_id: Any, *, for_write: bool = False) -> LegalAccessGrant:
    """A legal-access grant on a case this user reads (404 otherwise); only the legal team may change it (403)."""
    return audited_gate(
        user,
        grants_for_user(user),
        grant_id,
        object_type="legal_access_grant",
        read_action="legal_access_grant.read",
        for_write=for_write,
        can_write=lambda grant: can_grant_privileged_access(user, grant.case),
    )
