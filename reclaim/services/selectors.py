"""Reads of the service taxonomy and the service log. Case-level reads take a case the caller already got
through the cases access gate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max, Prefetch, Q, Sum

from reclaim.accounts.selectors import active_membership
from reclaim.cases.selectors import cases_for_user, sees_many_cases
from reclaim.core.queries import checked_row_by_row
from reclaim.funding.models import Grant
from reclaim.plans.models import OPEN_GOAL_STATUSES, Goal
from reclaim.services.models import FunderMapping, FunderScheme, ServiceCategory, ServiceRecord, ServiceType

if TYPE_CHECKING:
    import datetime
    from uuid import UUID

    from django.db.models import QuerySet

    from reclaim.accounts.models import User
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


# --- The service log: filters, the agency-wide list, totals (service delivery log pages and API) ---


@dataclass(frozen=True)
class ServiceFilters:
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    category: str = ""  # a ServiceCategory code
    service_type: str = ""  # a ServiceType code
    include_void: bool = True


def filter_services(records: QuerySet[ServiceRecord], filters: ServiceFilters) -> QuerySet[ServiceRecord]:
    if not filters.include_void:
        records = records.filter(voided_at__isnull=True)
    if filters.date_from is not None:
        records = records.filter(delivered_on__gte=filters.date_from)
    if filters.date_to is not None:
        records = records.filter(delivered_on__lte=filters.date_to)
    if filters.category:
        records = records.filter(category_code=filters.category)
    if filters.service_type:
        records = records.filter(service_type__code=filters.service_type)
    return records


def case_services(case: Case, filters: ServiceFilters | None = None) -> QuerySet[ServiceRecord]:
    """A case's records (voided ones included, struck through by the page), newest first, in one query."""
    records = services_for_case(case, include_void=True).select_related("goal__plan", "voided_by")
    return filter_services(records, filters or ServiceFilters()).order_by("-delivered_on", "-created_at", "pk")


# From this many cases a user may see, the service log walks the agency's records newest first (see below).
MANY_CASES = 500


def services_for_user(user: User, filters: ServiceFilters | None = None) -> QuerySet[ServiceRecord]:
    """The agency-wide service log: records of the cases this user may read, newest first, in one query (two
    when the user's role is not agency-wide: `sees_many_cases` picks the query's shape)."""
    cases = cases_for_user(user)
    membership = active_membership(user)
    if membership is not None and sees_many_cases(user, more_than=MANY_CASES):
        # Many cases (a director; the demo case manager, assigned to their agency's 5,000): walk the agency's
        # records newest first (index services_record_agency_date; a record carries its case's agency) and check
        # each one's case, stopping at the page (core's checked_row_by_row: an EXISTS became a join that read
        # and sorted the 22,500 records of the 5,000 cases). With few cases `case IN (the user's cases)` is the
        # fast way, and stays.
        records = ServiceRecord.objects.filter(checked_row_by_row(cases, "case_id"), agency_id=membership.agency_id)
    else:
        records = ServiceRecord.objects.filter(case__in=cases.values("pk"))
    # the case's number is shown, never its (encrypted) identification place
    records = records.select_related("case", "service_type__category", "provider", "grant").defer(
        "case__identification_place"
    )
    return filter_services(records, filters or ServiceFilters()).order_by("-delivered_on", "-created_at", "pk")


@dataclass(frozen=True)
class CategoryTotal:
    code: str
    label: str
    count: int
    minutes: int

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


def totals_by_category(records: QuerySet[ServiceRecord]) -> tuple[list[CategoryTotal], int]:
    """Count and time of the live (not voided) records per category, in taxonomy order, and how many records there
    are in all, voided ones included: the length of the list they total, whose pages are numbered from it (two
    queries)."""
    live = Q(voided_at__isnull=True)
    rows = (
        records.order_by()
        .values("category_code")
        .annotate(count=Count("id", filter=live), minutes=Sum("duration_minutes", filter=live), records=Count("id"))
    )
    every = list(rows)
    found = {row["category_code"]: row for row in every if row["count"]}
    labels = {
        c.code: c.display_label
        for c in ServiceCategory.objects.filter(code__in=found).only("code", "label", "introduced_in")
    }
    order = {code: index for index, code in enumerate(ServiceCategory.objects.values_list("code", flat=True))}
    totals = [
        CategoryTotal(code, labels.get(code, code), row["count"], row["minutes"] or 0)
        for code, row in sorted(found.items(), key=lambda item: order.get(item[0], 999))
    ]
    return totals, sum(row["records"] for row in every)


def services_of_user_cases(user: User) -> QuerySet[ServiceRecord]:
    """Records of the cases this user may read (what the access gate fetches one record from)."""
    return ServiceRecord.objects.filter(case__in=cases_for_user(user).values("pk")).select_related(
        "case", "service_type__category", "provider", "goal", "grant", "recipient", "voided_by"
    )


def goals_for_case(case: Case) -> QuerySet[Goal]:
    """Goals of the case's plan (none when it has no plan yet), in plan order."""
    return Goal.objects.filter(case=case, agency_id=case.agency_id).order_by("position", "created_at")


def goals_for_open_cases(user: User) -> QuerySet[Goal]:
    """Open goals of the cases this user may read that are not closed (the day form's goal picker), one query."""
    return (
        Goal.objects.filter(
            case_id__in=cases_for_user(user).exclude(status="closed").values("pk"), status__in=OPEN_GOAL_STATUSES
        )
        .select_related("case")
        .order_by("case__number", "position")
    )


def grants_for_services(agency_id: Any, on: datetime.date | None = None) -> list[Grant]:
    """Active grants of the agency whose period covers `on` (any period when None): what a service may be
    charged to. The category check is the write path's (Grant.covers)."""
    grants = Grant.objects.filter(agency_id=agency_id, is_active=True).order_by("name")
    if on is not None:
        grants = grants.exclude(starts_on__gt=on).exclude(ends_on__lt=on)
    return list(grants)


def funder_schemes() -> QuerySet[FunderScheme]:
    return FunderScheme.objects.prefetch_related(
        Prefetch(
            "mappings",
            queryset=FunderMapping.objects.select_related("category").order_by("version", "category__position"),
        )
    ).order_by("name")


def editable_cases_by_number(user: User, numbers: set[str]) -> dict[str, Case]:
    """Cases this user may read, among `numbers` (one query); the caller checks write rights per case."""
    return {case.number: case for case in cases_for_user(user).filter(number__in=numbers)}
