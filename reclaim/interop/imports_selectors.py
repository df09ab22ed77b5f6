"""Reads of imports, scoped to one agency."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reclaim.interop.imports_models import ImportMapping, ImportRun

if TYPE_CHECKING:
    from uuid import UUID

    from django.db.models import QuerySet


def runs_of(agency_id: UUID) -> QuerySet[ImportRun]:
    return (
        ImportRun.objects.filter(agency_id=agency_id)
        .select_related("mapping", "created_by")
        .order_by("-created_at", "-pk")
    )


def mappings_of(agency_id: UUID, kind: str = "") -> QuerySet[ImportMapping]:
    mappings = ImportMapping.objects.filter(agency_id=agency_id).order_by("name")
    return mappings.filter(kind=kind) if kind else mappings


def mapping_named(agency_id: UUID, name: str) -> ImportMapping | None:
    return mappings_of(agency_id).filter(name=name).first()
