"""Gates for outcome ratings and the agency's outcome scale. Ratings are case data: the case gate comes first."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.assessments.outcome_selectors import ratings_for_case
from reclaim.cases.access import can_edit_case
from reclaim.core.access import gate

if TYPE_CHECKING:
    from reclaim.accounts.models import Membership, User
    from reclaim.assessments.models import OutcomeRating
    from reclaim.cases.models import Case


def access_outcome_rating(user: User, case: Case, rating_id: Any, *, for_write: bool = False) -> OutcomeRating:
    """A rating of this case (already through `access_case_by_id`), or Http404; 403 for a read-only write."""
    return gate(
        ratings_for_case(user, case), rating_id, for_write=for_write, can_write=lambda _r: can_edit_case(user, case)
    )


def can_manage_outcome_scale(user: User) -> bool:
    """Agency admins adopt and customise the agency's scale (wording, questions, closure rule)."""
    return active_membership(user) is not None and capabilities(user).manages_staff


def require_outcome_scale_manager(user: User) -> Membership:
    membership = active_membership(user)
    if membership is None or not capabilities(user).manages_staff:
        raise PermissionDenied
    return membership


def require_scale_reader(user: User) -> Membership:
    """Any staff member of an agency may read the scale it rates with (no case data in it)."""
    membership = active_membership(user)
    if membership is None:
        raise PermissionDenied
    return membership
