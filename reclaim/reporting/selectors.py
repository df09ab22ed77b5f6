"""Reads for reporting: the agency's reporting policy."""

from __future__ import annotations

from typing import Any

from reclaim.reporting.models import ReportingPolicy


def policy_for(agency_id: Any) -> ReportingPolicy:
    """The agency's reporting policy, or an unsaved one with the defaults (k = 11, October fiscal year)."""
    policy = ReportingPolicy.objects.filter(agency_id=agency_id).first()
    return policy or ReportingPolicy(agency_id=agency_id)
