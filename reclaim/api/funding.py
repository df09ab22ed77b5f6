"""Funding API: funders, budget lines, staff time, direct costs and in-kind contributions (list / create /
update, agency admins and program directors), and the aggregates (a grant's burn-down, cost per service and
per distinct survivor served, the funding gap) which data analysts read too. The grant list and grant edits
live in api/services.py (`/grants`). Staff time rows are staff pay: managers only. Bad values are 422 with
field errors and nothing saved; a stale version is 409."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError

from reclaim.accounts.http import request_user
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ConflictOut, ErrorOut
from reclaim.core.errors import DomainError
from reclaim.funding import access, actions, selectors
from reclaim.funding.models import BudgetCategory, DirectCost, Funder, FunderKind, InKind, InKindKind, StaffTime
from reclaim.legal.access import sees_exact_outcome_counts
from reclaim.reporting.selectors import small_cell_k
from reclaim.services.selectors import categories

router = Router(tags=["funding"])

# Money and quantities are checked by the actions (negative amounts: 422 naming the field, after the gate).
Money = Field(max_digits=12, decimal_places=2)
WRITE = {200: None, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut}


def _invalid(exc: DomainError) -> ValidationError | DomainError:
    if exc.code != "funding.invalid":
        return exc
    return ValidationError(
        [
            {"loc": ("body", "payload", name), "msg": message}
            for name, messages in exc.fields.items()
            for message in messages
        ]
    )


def _category_codes() -> list[str]:
    return [category.code for category in categories()]


# Funders -----------------------------------------------------------------------------------------------------


class FunderOut(Schema):
    id: UUID
    name: str
    kind: str
    contact_notes: str
    version: int

    @staticmethod
    def of(funder: Funder) -> FunderOut:
        return FunderOut(
            id=funder.pk, name=funder.name, kind=funder.kind, contact_notes=funder.contact_notes, version=funder.version
        )


class FunderIn(Schema):
    name: str = Field(max_length=actions.NAME_MAX_LENGTH)
    kind: FunderKind = FunderKind.OTHER
    contact_notes: str = Field(default="", max_length=4000)


class FunderPutIn(FunderIn):
    version: int


@router.get("/funders", response={200: Page[FunderOut], 403: ErrorOut}, summary="The agency's funders")
def list_funders(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    agency = access.require_grant_manager(request_user(request))
    return paginate(selectors.funders_for_agency(agency.pk), page, FunderOut.of)


@router.post("/funders", response={201: FunderOut, 400: ErrorOut, 403: ErrorOut, 422: ErrorOut}, summary="Add a funder")
def create_funder(request: HttpRequest, payload: FunderIn) -> Status[FunderOut]:
    user = request_user(request)
    agency = access.require_grant_manager(user)
    try:
        funder = actions.do_create_funder(
            actor=user, agency=agency, values=actions.FunderValues(**payload.model_dump())
        )
    except DomainError as exc:
        raise _invalid(exc) from exc
    return Status(201, FunderOut.of(funder))


@router.put(
    "/funders/{uuid:funder_id}",
    response=WRITE | {200: FunderOut},
    summary="Edit a funder (send the version you read; 409 if it changed)",
)
def update_funder(request: HttpRequest, funder_id: UUID, payload: FunderPutIn) -> FunderOut:
    user = request_user(request)
    funder = access.access_funder_by_id(user, funder_id, for_write=True)
    values = actions.FunderValues(**payload.model_dump(exclude={"version"}))
    try:
        funder = actions.do_update_funder(actor=user, funder=funder, expected_version=payload.version, values=values)
    except DomainError as exc:
        raise _invalid(exc) from exc
    return FunderOut.of(funder)


# Budget lines ------------------------------------------------------------------------------------------------


class BudgetLineOut(Schema):
    id: UUID
    grant_id: UUID
    category: str
    label: str
    amount: Decimal
    version: int


class BudgetLineIn(Schema):
    category: BudgetCategory
    amount: Decimal = Money
    label: str = Field(default="", max_length=actions.NAME_MAX_LENGTH)


class BudgetLinePutIn(BudgetLineIn):
    version: int


def _line_out(line: object) -> BudgetLineOut:
    return BudgetLineOut.model_validate(line, from_attributes=True)


@router.post(
    "/grants/{uuid:grant_id}/budget-lines",
    response={201: BudgetLineOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add a budget line to a grant (lines may add up to more than the award: the burn-down warns)",
)
def create_budget_line(request: HttpRequest, grant_id: UUID, payload: BudgetLineIn) -> Status[BudgetLineOut]:
    user = request_user(request)
    access.require_grant_manager(user)
    grant = access.access_grant_by_id(user, grant_id, for_write=True)
    try:
        line = actions.do_add_budget_line(
            actor=user, grant=grant, values=actions.BudgetLineValues(**payload.model_dump())
        )
    except DomainError as exc:
        raise _invalid(exc) from exc
    return Status(201, _line_out(line))


@router.put(
    "/grants/{uuid:grant_id}/budget-lines/{uuid:line_id}",
    response=WRITE | {200: BudgetLineOut},
    summary="Edit a budget line (409 if it changed since you read it)",
)
def update_budget_line(request: HttpRequest, grant_id: UUID, line_id: UUID, payload: BudgetLinePutIn) -> BudgetLineOut:
    user = request_user(request)
    access.require_grant_manager(user)
    grant = access.access_grant_by_id(user, grant_id, for_write=True)
    line = access.access_budget_line_by_id(user, grant, line_id, for_write=True)
    values = actions.BudgetLineValues(**payload.model_dump(exclude={"version"}))
    try:
        line = actions.do_update_budget_line(actor=user, line=line, expected_version=payload.version, values=values)
    except DomainError as exc:
        raise _invalid(exc) from exc
    return _line_out(line)


# Staff time --------------------------------------------------------------------------------------------------


class StaffTimeOut(Schema):
    id: UUID
    grant_id: UUID
    budget_line_id: UUID | None
    staff_id: UUID
    worked_on: date
    hours: Decimal
    hourly_cost: Decimal
    cost: Decimal
    version: int

    @staticmethod
    def of(row: StaffTime) -> StaffTimeOut:
        return StaffTimeOut(
            id=row.pk,
            grant_id=row.grant_id,
            budget_line_id=row.budget_line_id,
            staff_id=row.staff_id,
            worked_on=row.worked_on,
            hours=row.hours,
            hourly_cost=row.hourly_cost,
            cost=row.cost,
            version=row.version,
        )


class StaffTimeIn(Schema):
    staff_id: UUID
    worked_on: date
    hours: Decimal = Field(max_digits=6, decimal_places=2)
    hourly_cost: Decimal = Money
    budget_line_id: UUID | None = None


class StaffTimePutIn(StaffTimeIn):
    version: int


def _staff_ids(agency_id: object) -> list[UUID]:
    return [person.pk for person in selectors.agency_staff(agency_id)]


@router.get(
    "/grants/{uuid:grant_id}/staff-time",
    response={200: Page[StaffTimeOut], 403: ErrorOut, 404: ErrorOut},
    summary="Staff time charged to a grant, newest first (staff pay: agency admins and program directors only)",
)
def list_staff_time(request: HttpRequest, page: Query[PageQuery], grant_id: UUID) -> dict[str, Any]:
    user = request_user(request)
    access.require_grant_manager(user)
    grant = access.access_grant_by_id(user, grant_id, for_write=True)
    return paginate(selectors.staff_time_for_agency(grant.agency_id).filter(grant=grant), page, StaffTimeOut.of)


@router.post(
    "/grants/{uuid:grant_id}/staff-time",
    response={201: StaffTimeOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Record staff hours on a grant (date inside the grant's period)",
)
def create_staff_time(request: HttpRequest, grant_id: UUID, payload: StaffTimeIn) -> Status[StaffTimeOut]:
    user = request_user(request)
    access.require_grant_manager(user)
    grant = access.access_grant_by_id(user, grant_id, for_write=True)
    try:
        row = actions.do_record_staff_time(
            actor=user,
            grant=grant,
            values=actions.StaffTimeValues(**payload.model_dump()),
            staff_ids=_staff_ids(grant.agency_id),
        )
    except DomainError as exc:
        raise _invalid(exc) from exc
    return Status(201, StaffTimeOut.of(row))


@router.put(
    "/staff-time/{uuid:row_id}",
    response=WRITE | {200: StaffTimeOut},
    summary="Correct staff time (409 if it changed since you read it)",
)
def update_staff_time(request: HttpRequest, row_id: UUID, payload: StaffTimePutIn) -> StaffTimeOut:
    user = request_user(request)
    row = access.access_staff_time_by_id(user, row_id, for_write=True)
    values = actions.StaffTimeValues(**payload.model_dump(exclude={"version"}))
    try:
        row = actions.do_update_staff_time(
            actor=user, row=row, expected_version=payload.version, values=values, staff_ids=_staff_ids(row.agency_id)
        )
    except DomainError as exc:
        raise _invalid(exc) from exc
    return StaffTimeOut.of(row)


# Direct costs ------------------------------------------------------------------------------------------------


class DirectCostOut(Schema):
    id: UUID
    grant_id: UUID
    budget_line_id: UUID | None
    spent_on: date
    description: str
    amount: Decimal
    service_category: str
    version: int

    @staticmethod
    def of(row: DirectCost) -> DirectCostOut:
        return DirectCostOut(
            id=row.pk,
            grant_id=row.grant_id,
            budget_line_id=row.budget_line_id,
            spent_on=row.spent_on,
            description=row.description or "",
            amount=row.amount,
            service_category=row.service_category,
            version=row.version,
        )


class DirectCostIn(Schema):
    spent_on: date
    amount: Decimal = Money
    description: str = Field(default="", max_length=4000)
    service_category: str = Field(default="", max_length=40)
    budget_line_id: UUID | None = None


class DirectCostPutIn(DirectCostIn):
    version: int


@router.get(
    "/grants/{uuid:grant_id}/direct-costs",
    response={200: Page[DirectCostOut], 403: ErrorOut, 404: ErrorOut},
    summary="Direct costs charged to a grant, newest first",
)
def list_direct_costs(request: HttpRequest, page: Query[PageQuery], grant_id: UUID) -> dict[str, Any]:
    user = request_user(request)
    access.require_grant_manager(user)
    grant = access.access_grant_by_id(user, grant_id, for_write=True)
    return paginate(selectors.direct_costs_for_agency(grant.agency_id).filter(grant=grant), page, DirectCostOut.of)


@router.post(
    "/grants/{uuid:grant_id}/direct-costs",
    response={201: DirectCostOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Record a direct cost on a grant (date inside the grant's period)",
)
def create_direct_cost(request: HttpRequest, grant_id: UUID, payload: DirectCostIn) -> Status[DirectCostOut]:
    user = request_user(request)
    access.require_grant_manager(user)
    grant = access.access_grant_by_id(user, grant_id, for_write=True)
    try:
        row = actions.do_record_direct_cost(
            actor=user,
            grant=grant,
            values=actions.DirectCostValues(**payload.model_dump()),
            known_categories=_category_codes(),
        )
    except DomainError as exc:
        raise _invalid(exc) from exc
    return Status(201, DirectCostOut.of(row))


@router.put(
    "/direct-costs/{uuid:row_id}",
    response=WRITE | {200: DirectCostOut},
    summary="Correct a direct cost (409 if it changed since you read it)",
)
def update_direct_cost(request: HttpRequest, row_id: UUID, payload: DirectCostPutIn) -> DirectCostOut:
    user = request_user(request)
    row = access.access_direct_cost_by_id(user, row_id, for_write=True)
    values = actions.DirectCostValues(**payload.model_dump(exclude={"version"}))
    try:
        row = actions.do_update_direct_cost(
            actor=user, row=row, expected_version=payload.version, values=values, known_categories=_category_codes()
        )
    except DomainError as exc:
        raise _invalid(exc) from exc
    return DirectCostOut.of(row)


# In kind -----------------------------------------------------------------------------------------------------


class InKindOut(Schema):
    id: UUID
    grant_id: UUID | None
    kind: str
    organization_id: UUID | None
    received_on: date
    quantity: Decimal
    unit: str
    value: Decimal
    valuation_note: str
    version: int

    @staticmethod
    def of(row: InKind) -> InKindOut:
        return InKindOut(
            id=row.pk,
            grant_id=row.grant_id,
            kind=row.kind,
            organization_id=row.organization_id,
            received_on=row.received_on,
            quantity=row.quantity,
            unit=row.unit,
            value=row.value,
            valuation_note=row.valuation_note or "",
            version=row.version,
        )


class InKindIn(Schema):
    kind: InKindKind
    received_on: date
    quantity: Decimal = Field(max_digits=10, decimal_places=2)
    value: Decimal = Money
    unit: str = Field(default="", max_length=40)
    valuation_note: str = Field(default="", max_length=4000)
    grant_id: UUID | None = None
    organization_id: UUID | None = None


class InKindPutIn(InKindIn):
    version: int


def _organization_ids() -> list[UUID]:
    return list(selectors.directory_organizations().values_list("pk", flat=True))


@router.get("/in-kind", response={200: Page[InKindOut], 403: ErrorOut}, summary="In-kind contributions, newest first")
def list_in_kind(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    agency = access.require_grant_manager(request_user(request))
    return paginate(selectors.in_kind_for_agency(agency.pk), page, InKindOut.of)


@router.post(
    "/in-kind",
    response={201: InKindOut, 400: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Record an in-kind contribution with its value",
)
def create_in_kind(request: HttpRequest, payload: InKindIn) -> Status[InKindOut]:
    user = request_user(request)
    agency = access.require_grant_manager(user)
    try:
        row = actions.do_record_in_kind(
            actor=user,
            agency=agency,
            values=actions.InKindValues(**payload.model_dump()),
            organization_ids=_organization_ids(),
        )
    except DomainError as exc:
        raise _invalid(exc) from exc
    return Status(201, InKindOut.of(row))


@router.put(
    "/in-kind/{uuid:row_id}",
    response=WRITE | {200: InKindOut},
    summary="Correct an in-kind contribution (409 if it changed since you read it)",
)
def update_in_kind(request: HttpRequest, row_id: UUID, payload: InKindPutIn) -> InKindOut:
    user = request_user(request)
    row = access.access_in_kind_by_id(user, row_id, for_write=True)
    values = actions.InKindValues(**payload.model_dump(exclude={"version"}))
    try:
        row = actions.do_update_in_kind(
            actor=user, row=row, expected_version=payload.version, values=values, organization_ids=_organization_ids()
        )
    except DomainError as exc:
        raise _invalid(exc) from exc
    return InKindOut.of(row)


# Aggregates --------------------------------------------------------------------------------------------------


class LineSpendOut(Schema):
    category: str = Field(description="Budget category code; empty for costs on no budget line")
    label: str
    budget: Decimal | None
    spent: Decimal
    remaining: Decimal | None


class MonthOut(Schema):
    month: str = Field(description="YYYY-MM")
    staff_time: Decimal
    direct_costs: Decimal
    spent: Decimal
    spent_to_date: Decimal
    remaining: Decimal | None


class BurnDownOut(Schema):
    grant_id: UUID
    today: date
    currency: str
    award: Decimal | None
    budgeted: Decimal
    budget_lines_exceed_award: bool
    staff_time: Decimal
    direct_costs: Decimal
    spent: Decimal
    remaining: Decimal | None
    percent_spent: Decimal | None
    percent_elapsed: Decimal | None
    in_kind: Decimal
    full_cost: Decimal
    budget_lines: list[LineSpendOut]
    months: list[MonthOut]


@router.get(
    "/grants/{uuid:grant_id}/burn-down",
    response={200: BurnDownOut, 403: ErrorOut, 404: ErrorOut},
    summary="A grant's burn-down: award, spent to date, remaining, by budget line and month (aggregates only)",
)
def grant_burn_down(request: HttpRequest, grant_id: UUID) -> BurnDownOut:
    grant = access.access_grant_aggregates(request_user(request), grant_id)
    data = selectors.burn_down(grant, timezone.localdate())
    return BurnDownOut(
        grant_id=grant.pk,
        today=data.today,
        currency=grant.currency,
        award=data.award,
        budgeted=data.budgeted,
        budget_lines_exceed_award=data.lines_exceed_award,
        staff_time=data.staff,
        direct_costs=data.direct,
        spent=data.spent,
        remaining=data.remaining,
        percent_spent=data.percent_spent,
        percent_elapsed=data.percent_elapsed,
        in_kind=data.in_kind,
        full_cost=data.full_cost,
        budget_lines=[
            LineSpendOut(category=ln.code, label=ln.label, budget=ln.budget, spent=ln.spent, remaining=ln.remaining)
            for ln in data.lines
        ],
        months=[
            MonthOut(
                month=m.month.strftime("%Y-%m"),
                staff_time=m.staff,
                direct_costs=m.direct,
                spent=m.spent,
                spent_to_date=m.cumulative,
                remaining=m.remaining,
            )
            for m in data.months
        ],
    )


class CostQuery(Schema):
    grant: UUID | None = None
    start: date | None = None
    end: date | None = None


class TypeCostOut(Schema):
    service_type: str
    label: str
    services: int
    distinct_survivors: int
    cost: Decimal
    cost_per_service: Decimal | None
    cost_per_survivor: Decimal | None


class CostPerServiceOut(Schema):
    grant_id: UUID | None
    start: date
    end: date
    cash_cost: Decimal
    in_kind: Decimal
    full_cost: Decimal
    services: int
    distinct_survivors: int
    cost_per_service: Decimal | None
    cost_per_survivor: Decimal | None
    unallocated: Decimal
    service_types: list[TypeCostOut]


@router.get(
    "/funding/cost-per-service",
    response={200: CostPerServiceOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Cost per service type and per distinct survivor served, for a grant (or all) and a period",
)
def cost_per_service(request: HttpRequest, query: Query[CostQuery]) -> CostPerServiceOut:
    user = request_user(request)
    agency = access.access_funding_aggregates(user, "cost_per_service")
    grant = access.access_grant_aggregates(user, query.grant) if query.grant else None
    today = timezone.localdate()
    start = query.start or (grant.starts_on if grant and grant.starts_on else date(today.year, 1, 1))
    end = query.end or (grant.ends_on if grant and grant.ends_on else today)
    if end < start:
        raise ValidationError([{"loc": ("query", "end"), "msg": _("The period cannot end before it starts.")}])
    data = selectors.cost_per_service(agency.pk, start, end, grant)
    return CostPerServiceOut(
        grant_id=grant.pk if grant else None,
        start=start,
        end=end,
        cash_cost=data.cash,
        in_kind=data.in_kind,
        full_cost=data.full_cost,
        services=data.services,
        distinct_survivors=data.survivors,
        cost_per_service=data.per_service,
        cost_per_survivor=data.per_survivor,
        unallocated=data.unallocated,
        service_types=[
            TypeCostOut(
                service_type=t.code,
                label=t.label,
                services=t.services,
                distinct_survivors=t.survivors,
                cost=t.cost,
                cost_per_service=t.per_service,
                cost_per_survivor=t.per_survivor,
            )
            for t in data.types
        ],
    )


class GapOut(Schema):
    service_category: str
    label: str
    planned_services: int | None = Field(description="Null when suppressed (small cell)")
    distinct_survivors: int | None = Field(description="Null when under k for a viewer who may not read every case")


class GapsOut(Schema):
    on: date
    suppressed_below: int | None
    gaps: list[GapOut]


@router.get(
    "/funding/gaps",
    response={200: GapsOut, 403: ErrorOut},
    summary="Kinds of service open plan goals need that no active grant covers today (aggregates only)",
)
def funding_gaps(request: HttpRequest) -> GapsOut:
    user = request_user(request)
    agency = access.access_funding_aggregates(user, "funding_gaps")
    k = None if sees_exact_outcome_counts(user) else small_cell_k(agency.pk)
    today = timezone.localdate()
    gaps = []
    for row in selectors.funding_gaps(agency.pk, today):
        hidden = k is not None and row.survivors < k
        gaps.append(
            GapOut(
                service_category=row.code,
                label=row.label,
                planned_services=None if hidden else row.planned,
                distinct_survivors=None if hidden else row.survivors,
            )
        )
    return GapsOut(on=today, suppressed_below=k, gaps=gaps)
