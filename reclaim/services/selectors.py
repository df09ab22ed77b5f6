"""Reads of the service taxonomy and the service log. Case-level reads take a case the caller already got
through the cases access gate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max, Sum

from reclaim.services.models import FunderMapping, ServiceCategory, ServiceRecord, ServiceType

if TYPE_CHECKING:
    import datetime
    from uuid import UUID

    from django.db.models import QuerySet

    from reclaim.cases.models import Case


def categories() -> QuerySet[ServiceCategory]:
    return ServiceCategory.objects.filter(retired=False).prefetch_related("types")


def service_types() -> QuerySet[ServiceType]:
    """Types in use, in taxonomy order, with their category (one query)."""
    return ServiceType.objects.filter(retired=False, category__retired=False).select_related("category")


def service_type_by_code(code: str) -> ServiceType | None:
    return service_types().filter(code=code).first()


def funder_category(scheme_code: str, category_code: str, on: datetime.date) -> str:
    """The funder's category for one of ours on a date: the latest mapping version in force then; "" if none."""
    mapping = (
        FunderMapping.objects.filter(scheme__code=scheme_code, category__code=category_code)
        .exclude(effective_from__gt=on)
        .order_by("-version")
        .first()
    )
    return mapping.funder_category if mapping else ""


def services_for_case(case: Case, *, include_void: bool = False) -> QuerySet[ServiceRecord]:
    records = ServiceRecord.objects.filter(case=case).select_related(
        "service_type__category", "provider", "goal", "grant", "recipient"
    )
    return records if include_void else records.filter(voided_at__isnull=True)


@dataclass(frozen=True)
class GoalDelivery:
    count: int
    minutes: int
    last_on: datetime.date | None


def delivered_per_goal(case: Case) -> dict[UUID, GoalDelivery]:
    """Services given (not voided) per goal of a case, in one query: planned vs delivered."""
    rows = (
        ServiceRecord.objects.filter(case=case, goal__isnull=False, voided_at__isnull=True)
        .values("goal_id")
        .annotate(count=Count("id"), minutes=Sum("duration_minutes"), last_on=Max("delivered_on"))
    )
    return {row["goal_id"]: GoalDelivery(row["count"], row["minutes"] or 0, row["last_on"]) for row in rows}


def service_for_case(case: Case, service_id: Any) -> ServiceRecord | None:
    return services_for_case(case, include_void=True).filter(pk=service_id).first()


def live_records_for_source(source_kind: str, source_id: Any) -> dict[Any, ServiceRecord]:
    """The live records already written for one source (e.g. a group session), by case id: lets the caller
    write attendance idempotently."""
    records = ServiceRecord.objects.filter(source_kind=source_kind, source_id=source_id, voided_at__isnull=True)
    return {record.case_id: record for record in records}
