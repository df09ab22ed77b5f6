"""Gates for progress pages. The case's Progress tab uses the assessments gate (case gate, then the right
to see screen results); the cohort view needs `views_aggregates` and an active membership, and shows the
member's own agency only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

from reclaim.accounts.selectors import active_membership, capabilities
from reclaim.assessments.access import access_case_for_assessments
from reclaim.core.audit import AuditEntry, write_audit

if TYPE_CHECKING:
    from reclaim.accounts.models import User
    from reclaim.cases.models import Case

__all__ = ["access_case_for_progress", "access_cohort"]


def access_case_for_progress(user: User, case_id: Any) -> Case:
    """The case (audited read) or 404; 403 for case readers who may not see screen results."""
    return access_case_for_assessments(user, case_id)


def access_cohort(user: User) -> Any:
    """The agency id whose cohort the user may see, or 403 (denials and views are audited)."""
    membership = active_membership(user)
    agency_id = membership.agency_id if membership else None
    if membership is None or not capabilities(user).views_aggregates:
        write_audit(AuditEntry("access.denied", actor_id=user.pk, agency_id=agency_id, object_type="cohort"))
        raise PermissionDenied
    write_audit(AuditEntry("assessments.cohort_viewed", actor_id=user.pk, agency_id=agency_id, object_type="cohort"))
    return agency_id
