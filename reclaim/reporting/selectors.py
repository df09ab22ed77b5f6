"""Reads for reporting: the agency's reporting policy and its small-cell threshold k."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings

from reclaim.accounts.selectors import active_membership
from reclaim.reporting.models import MIN_K, ReportingPolicy, ReportJob

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from reclaim.accounts.models import User


def default_k() -> int:
    """k for an agency that has not chosen its own: RECLAIM_SMALL_CELL_K (default 11), never below 5."""
    return max(MIN_K, int(settings.RECLAIM_SMALL_CELL_K))


def policy_for(agency_id: Any) -> ReportingPolicy:
    """The agency's reporting policy, or an unsaved one with the defaults (k from the setting, October fiscal
    year)."""
    policy = ReportingPolicy.objects.filter(agency_id=agency_id).first()
    return policy or ReportingPolicy(agency_id=agency_id, k=default_k())


def small_cell_k(agency_id: Any) -> int:
    """The smallest count any aggregate output of this agency shows (DOMAIN.md §11): one rule for every page."""
    return policy_for(agency_id).k


def jobs_of(user: User) -> QuerySet[ReportJob]:
    """The user's own report jobs in their current agency, newest first (nobody sees another's jobs)."""
    membership = active_membership(user)
    if membership is None:
        return ReportJob.objects.none()
    return ReportJob.objects.filter(agency_id=membership.agency_id, created_by=user).order_by("-created_at", "-pk")
