"""Who reads, edits and shares the rights pages.

Readers: staff who work cases and agency admins. Editors: agency admins, program directors, supervisors
and the legal team (`manages_staff`, `approves_closure` or `sees_legal`); case managers and clinicians read
and share. A page of another agency is "not found". Sharing is a write on the case (its gate decides).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

from reclaim.accounts.access import audited_gate, works_cases_in
from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.cases.selectors import cases_for_user
from reclaim.core.access import gate
from reclaim.legal.rights_selectors import shares_for_case, shares_for_cases, visible_articles

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.legal.models import RightsArticle, RightsShare


def can_read_library(user: User) -> bool:
    caps = capabilities(user)
    return active_membership(user) is not None and (caps.works_cases or caps.manages_staff)


def can_edit_articles(user: User) -> bool:
    caps = capabilities(user)
    return active_membership(user) is not None and (caps.manages_staff or caps.approves_closure or caps.sees_legal)


def require_library_reader(user: User) -> Any:
    """The reader's agency id; PermissionDenied for anyone else."""
    membership = active_membership(user)
    if membership is None or not can_read_library(user):
        raise PermissionDenied
    return membership.agency_id


def require_article_editor(user: User) -> Any:
    agency_id = require_library_reader(user)
    if not can_edit_articles(user):
        raise PermissionDenied
    return agency_id


def access_article_by_id(user: User, article_id: Any, *, for_write: bool = False) -> RightsArticle:
    """A shipped page or one of the user's agency; 404 for another agency's, 403 for a reader who writes."""
    agency_id = require_library_reader(user)
    return gate(
        visible_articles(agency_id).select_related("updated_by", "based_on"),
        article_id,
        for_write=for_write,
        can_write=lambda _a: can_edit_articles(user),
    )


def access_share(user: User, case: Case, share_id: Any, *, for_write: bool = False) -> RightsShare:
    """A share of this case (already through the case gate), or 404."""
    return gate(
        shares_for_case(case),
        share_id,
        for_write=for_write,
        can_write=lambda share: works_cases_in(user, share.agency_id),
    )


def access_share_by_id(user: User, share_id: Any, *, for_write: bool = False) -> RightsShare:
    """A share on a case the user may read (audited), 404 otherwise; 403 for a read-only write."""
    return audited_gate(
        user,
        shares_for_cases(cases_for_user(user)),
        share_id,
        object_type="rights_share",
        read_action="legal.rights_share_read",
        for_write=for_write,
        can_write=lambda share: works_cases_in(user, share.agency_id),
    )
