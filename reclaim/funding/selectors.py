"""Reads of funding, scoped to one agency: the lists, and the aggregates (burn-down per grant, cost per service
type and per distinct survivor served, the funding gap). Aggregates are computed in the database (one query
per table, whatever the number of rows) and never carry a name or a case id."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth

from reclaim.accounts.models import Agency, Membership, User
from reclaim.core.queries import read_together
from reclaim.funding.models import CENT, BudgetLine, DirectCost, Funder, Grant, InKind, StaffTime

if TYPE_CHECKING:
    from django.db.models import QuerySet

ZERO = Decimal("0.00")
STAFF_COST = ExpressionWrapper(
    F("hours") * F("hourly_cost"), output_field=DecimalField(max_digits=20, decimal_places=4)
)


def _cents(value: Decimal | None) -> Decimal:
    return (value or ZERO).quantize(CENT, rounding=ROUND_HALF_UP)


def grants_for_agency(agency_id: Any, *, active_only: bool = True) -> QuerySet[Grant]:
    grants = Grant.objects.filter(agency_id=agency_id).select_related("funder")
    return grants.filter(is_active=True) if active_only else grants


def grant_for_agency(agency_id: Any, grant_id: Any) -> Grant | None:
    return Grant.objects.filter(agency_id=agency_id, pk=grant_id).first()


def funders_for_agency(agency_id: Any) -> QuerySet[Funder]:
    return Funder.objects.filter(agency_id=agency_id).annotate(grant_count=Count("grants"))


def budget_lines(grant: Grant) -> QuerySet[BudgetLine]:
    return BudgetLine.objects.filter(agency_id=grant.agency_id, grant=grant)


def staff_time_for_agency(agency_id: Any) -> QuerySet[StaffTime]:
    return StaffTime.objects.filter(agency_id=agency_id).select_related("staff", "budget_line", "grant")


def direct_costs_for_agency(agency_id: Any) -> QuerySet[DirectCost]:
    return DirectCost.objects.filter(agency_id=agency_id).select_related("budget_line", "grant")


def in_kind_for_agency(agency_id: Any) -> QuerySet[InKind]:
    return InKind.objects.filter(agency_id=agency_id).select_related("grant", "organization")


def agency_staff(agency_id: Any) -> QuerySet[User]:
    """Staff with an active membership of the agency (whose time may be charged to its grants)."""
    members = Membership.objects.filter(agency_id=agency_id, is_active=True).values("user_id")
    return User.objects.filter(pk__in=members, is_active=True).order_by("display_name")


def directory_organizations() -> Any:
    from reclaim.referrals.models import Organization

    return Organization.objects.filter(is_active=True).order_by("name")


# Burn-down ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineSpend:
    code: str
    label: str
    budget: Decimal | None
    spent: Decimal

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.spent


@dataclass(frozen=True)
class MonthSpend:
    month: datetime.date  # the first of the month
    staff: Decimal
    direct: Decimal
    spent: Decimal
    cumulative: Decimal
    remaining: Decimal | None


@dataclass
class BurnDown:
    grant: Grant
    today: datetime.date
    award: Decimal | None
    budgeted: Decimal
    staff: Decimal
    direct: Decimal
    in_kind: Decimal
    lines: list[LineSpend] = field(default_factory=list)
    months: list[MonthSpend] = field(default_factory=list)

    @property
    def spent(self) -> Decimal:
        return self.staff + self.direct

    @property
    def remaining(self) -> Decimal | None:
        return None if self.award is None else self.award - self.spent

    @property
    def full_cost(self) -> Decimal:
        return self.spent + self.in_kind

    @property
    def lines_exceed_award(self) -> bool:
        return self.award is not None and self.budgeted > self.award

    @property
    def percent_spent(self) -> Decimal | None:
        if not self.award:
            return None
        return (self.spent * 100 / self.award).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def percent_elapsed(self) -> Decimal | None:
        """Whole days of the period passed by the end of today, over the days of the period."""
        start, end = self.grant.starts_on, self.grant.ends_on
        if start is None or end is None:
            return None
        total = (end - start).days + 1
        passed = min(max((self.today - start).days + 1, 0), total)
        return (Decimal(passed) * 100 / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, on = [], first.replace(day=1)
    while on <= last:
        months.append(on)
        on = (on.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return months


def month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def burn_down(grant: Grant, today: datetime.date) -> BurnDown:
    """Award, spent to date (staff time + direct costs dated up to today), by budget line, by month."""
    staff_rows = StaffTime.objects.filter(grant=grant, worked_on__lte=today)
    cost_rows = DirectCost.objects.filter(grant=grant, spent_on__lte=today)
    staff_by_line = dict(staff_rows.values_list("budget_line").annotate(total=Sum(STAFF_COST)).order_by())
    cost_by_line = dict(cost_rows.values_list("budget_line").annotate(total=Sum("amount")).order_by())
    staff_by_month = dict(
        staff_rows.annotate(m=TruncMonth("worked_on")).values_list("m").annotate(total=Sum(STAFF_COST)).order_by()
    )
    cost_by_month = dict(
        cost_rows.annotate(m=TruncMonth("spent_on")).values_list("m").annotate(total=Sum("amount")).order_by()
    )
    in_kind = InKind.objects.filter(grant=grant, received_on__lte=today).aggregate(total=Sum("value"))["total"]
    lines = list(budget_lines(grant))
    result = BurnDown(
        grant=grant,
        today=today,
        award=grant.amount_awarded,
        budgeted=sum((line.amount for line in lines), ZERO),
        staff=_cents(sum(staff_by_line.values(), Decimal(0))),
        direct=_cents(sum(cost_by_line.values(), Decimal(0))),
        in_kind=_cents(in_kind),
    )
    for line in lines:
        spent = _cents((staff_by_line.get(line.pk) or Decimal(0)) + (cost_by_line.get(line.pk) or Decimal(0)))
        result.lines.append(LineSpend(line.category, str(line), line.amount, spent))
    unassigned = _cents((staff_by_line.get(None) or Decimal(0)) + (cost_by_line.get(None) or Decimal(0)))
    if unassigned or not lines:
        result.lines.append(LineSpend("", "", None, unassigned))
    dated = [*staff_by_month, *cost_by_month]
    first = grant.starts_on or (min(dated) if dated else None)
    last = min(grant.ends_on or today, today)
    if first is not None and first <= last:
        cumulative = ZERO
        for month in _months(first, last):
            staff = _cents(staff_by_month.get(month))
            direct = _cents(cost_by_month.get(month))
            cumulative += staff + direct
            remaining = None if grant.amount_awarded is None else grant.amount_awarded - cumulative
            result.months.append(MonthSpend(month, staff, direct, staff + direct, cumulative, remaining))
    return result


# Cost per service type and per survivor served ---------------------------------------------------------------


@dataclass(frozen=True)
class TypeCost:
    code: str
    label: str
    services: int
    survivors: int
    cost: Decimal

    @property
    def per_service(self) -> Decimal | None:
        return _cents(self.cost / self.services) if self.services else None

    @property
    def per_survivor(self) -> Decimal | None:
        return _cents(self.cost / self.survivors) if self.survivors else None


@dataclass
class CostPerService:
    start: datetime.date
    end: datetime.date
    grant: Grant | None
    cash: Decimal
    in_kind: Decimal
    services: int
    survivors: int
    unallocated: Decimal
    types: list[TypeCost]

    @property
    def per_service(self) -> Decimal | None:
        return _cents(self.cash / self.services) if self.services else None

    @property
    def per_survivor(self) -> Decimal | None:
        return _cents(self.cash / self.survivors) if self.survivors else None

    @property
    def full_cost(self) -> Decimal:
        return self.cash + self.in_kind


def _agency_total(rows: QuerySet[Any], **aggregate: Any) -> Subquery:
    """One aggregate over rows of one agency, as a scalar subquery (NULL when there are no rows)."""
    ((name, expression),) = aggregate.items()
    return Subquery(rows.order_by().values("agency_id").annotate(**{name: expression}).values(name))


def _charged_services(agency_id: Any, start: datetime.date, end: datetime.date, grant: Grant | None) -> QuerySet[Any]:
    from reclaim.services.models import ServiceRecord

    scope: dict[str, Any] = {"grant": grant} if grant is not None else {"grant__agency_id": agency_id}
    return ServiceRecord.objects.filter(
        agency_id=agency_id, voided_at__isnull=True, delivered_on__range=(start, end), grant__isnull=False, **scope
    )


def _totals(agency_id: Any, start: datetime.date, end: datetime.date, grant: Grant | None) -> dict[str, Any]:
    """Distinct survivors served with charged services, staff cost and in-kind value of the period, as scalar
    subqueries (each has one group: the agency) to read in one statement with read_together."""
    scope: dict[str, Any] = {"grant": grant} if grant is not None else {"grant__agency_id": agency_id}
    in_kind_scope: dict[str, Any] = {"grant": grant} if grant is not None else {"grant__isnull": False}
    return {
        "survivors": Coalesce(
            _agency_total(
                _charged_services(agency_id, start, end, grant), people=Count("case__survivor_id", distinct=True)
            ),
            0,
        ),
        "staff": _agency_total(
            StaffTime.objects.filter(agency_id=agency_id, worked_on__range=(start, end), **scope),
            total=Sum(STAFF_COST),
        ),
        "in_kind": _agency_total(
            InKind.objects.filter(agency_id=agency_id, received_on__range=(start, end), **in_kind_scope),
            total=Sum("value"),
        ),
    }


@dataclass(frozen=True)
class CostTotals:
    """The period's cash cost (staff time and direct costs), in-kind value and distinct survivors served with
    grant-funded services, over every grant of the agency: cost_per_service's totals without its types."""

    cash: Decimal
    in_kind: Decimal
    survivors: int

    @property
    def per_survivor(self) -> Decimal | None:
        return _cents(self.cash / self.survivors) if self.survivors else None

    @property
    def full_cost(self) -> Decimal:
        return self.cash + self.in_kind


COST_TOTALS_PREFIX = "cost_"


def cost_total_expressions(agency_id: Any, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """CostTotals' numbers as scalar subqueries named cost_*, for a page that reads them in one statement with
    numbers of its own (read_together); cost_totals_from() makes the CostTotals of what was read."""
    expressions = _totals(agency_id, start, end, None)
    expressions["direct"] = _agency_total(
        DirectCost.objects.filter(agency_id=agency_id, spent_on__range=(start, end), grant__agency_id=agency_id),
        total=Sum("amount"),
    )
    return {COST_TOTALS_PREFIX + name: expression for name, expression in expressions.items()}


def cost_totals_from(found: dict[str, Any]) -> CostTotals:
    values = {name: found[COST_TOTALS_PREFIX + name] for name in ("survivors", "staff", "in_kind", "direct")}
    return CostTotals(
        cash=_cents((values["staff"] or Decimal(0)) + (values["direct"] or Decimal(0))),
        in_kind=_cents(values["in_kind"]),
        survivors=values["survivors"],
    )


def cost_per_service(
    agency_id: Any, start: datetime.date, end: datetime.date, grant: Grant | None = None
) -> CostPerService:
    """Cash costs of the period (staff time + direct costs of the grant, or of every grant) over the services
    charged to it (not voided), by service type; survivors are counted distinct (a survivor with five
    services is one). Direct costs tagged with a kind of service go to that kind's types; the rest is shared
    by all the services in proportion to their number. Costs of a kind with no service stay unallocated."""
    scope: dict[str, Any] = {"grant": grant} if grant is not None else {"grant__agency_id": agency_id}
    services = _charged_services(agency_id, start, end, grant)
    per_type = list(
        services.values("service_type__code", "service_type__label", "category_code")
        .annotate(n=Count("id"), people=Count("case__survivor_id", distinct=True))
        .order_by("service_type__code")
    )
    # three totals of the agency's rows, read in one statement (each subquery has one group: the agency)
    totals = read_together(Agency.objects.filter(pk=agency_id), **_totals(agency_id, start, end, grant))
    survivors = totals["survivors"]
    staff = totals["staff"] or Decimal(0)
    in_kind = totals["in_kind"]
    direct_by_category = dict(
        DirectCost.objects.filter(agency_id=agency_id, spent_on__range=(start, end), **scope)
        .values_list("service_category")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    total_services = sum(row["n"] for row in per_type)
    shared = staff + direct_by_category.pop("", Decimal(0))
    by_category: dict[str, int] = defaultdict(int)
    for row in per_type:
        by_category[row["category_code"]] += row["n"]
    unallocated = Decimal(0) if total_services else shared
    unallocated += sum((v for k, v in direct_by_category.items() if not by_category.get(k)), Decimal(0))
    types = []
    for row in per_type:
        cost = Decimal(0)
        if total_services:
            cost += shared * row["n"] / total_services
        tagged = direct_by_category.get(row["category_code"])
        if tagged:
            cost += tagged * row["n"] / by_category[row["category_code"]]
        types.append(
            TypeCost(row["service_type__code"], row["service_type__label"], row["n"], row["people"], _cents(cost))
        )
    cash = _cents(shared + sum(direct_by_category.values(), Decimal(0)))
    return CostPerService(
        start=start,
        end=end,
        grant=grant,
        cash=cash,
        in_kind=_cents(in_kind),
        services=total_services,
        survivors=survivors,
        unallocated=_cents(unallocated),
        types=types,
    )


# Funding gap -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GapRow:
    code: str
    label: str
    planned: int
    survivors: int


def funding_gaps(agency_id: Any, today: datetime.date) -> list[GapRow]:
    """Kinds of service that open goals of live plans need but no active grant covers today, with the number of
    planned services and of distinct survivors (aggregates only)."""
    from reclaim.plans.models import OPEN_GOAL_STATUSES, PlannedService, PlanStatus
    from reclaim.services.models import ServiceCategory

    planned = list(
        PlannedService.objects.filter(
            agency_id=agency_id,
            goal__status__in=OPEN_GOAL_STATUSES,
            goal__plan__status__in=[PlanStatus.DRAFT, PlanStatus.ACTIVE],
        )
        .exclude(goal__case__status="closed")
        .values_list("service_category", "service_type", "goal__case__survivor_id")
    )
    grants = list(grants_for_agency(agency_id))
    people: dict[str, set[Any]] = defaultdict(set)
    counts: dict[str, int] = defaultdict(int)
    for category, service_type, survivor_id in planned:
        code = category or service_type.split(".", 1)[0]
        if any(grant.covers(code, today) for grant in grants):
            continue
        counts[code] += 1
        people[code].add(survivor_id)
    labels = dict(ServiceCategory.objects.filter(code__in=list(counts)).values_list("code", "label"))
    return [GapRow(code, labels.get(code, code), counts[code], len(people[code])) for code in sorted(counts)]
