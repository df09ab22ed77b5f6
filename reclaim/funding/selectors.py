"""Reads of funding sources, scoped to one agency."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reclaim.funding.models import Grant

if TYPE_CHECKING:
    from django.db.models import QuerySet


def grants_for_agency(agency_id: Any, *, active_only: bool = True) -> QuerySet[Grant]:
    grants = Grant.objects.filter(agency_id=agency_id)
    return grants.filter(is_active=True) if active_only else grants


def grant_for_agency(agency_id: Any, grant_id: Any) -> Grant | None:
    return Grant.objects.filter(agency_id=agency_id, pk=grant_id).first()
