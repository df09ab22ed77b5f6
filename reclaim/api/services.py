"""Service delivery log API: record, list, correct and void services; the service types; the agency's grants.

Invalid entries (an unknown type, a goal of another case, a grant that does not cover the service) are
validation problems of the request body: 422 naming each field, like schema errors. A stale version is 409."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError

from reclaim.accounts.http import request_user
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ConflictOut, ErrorOut
from reclaim.cases import access as case_access
from reclaim.cases.models import NoteConfidentiality
from reclaim.core.errors import DomainError
from reclaim.funding import access as funding_access
from reclaim.funding import actions as funding_actions
from reclaim.funding.models import Grant
from reclaim.funding.selectors import grants_for_agency
from reclaim.services import access, actions, selectors
from reclaim.services.models import MAX_DURATION_MINUTES, DeliveryMode, Provision, ServiceOutcome, ServiceRecord

router = Router(tags=["services"])

INVALID_CODES = {"services.invalid_entry", "funding.invalid_grant", "services.void_reason_required"}


def _invalid(exc: DomainError) -> ValidationError:
    return ValidationError(
        [
            {"loc": ("body", "payload", *name.split(".", 1)), "msg": message}
            for name, messages in exc.fields.items()
            for message in messages
        ]
    )


class ServiceOut(Schema):
    id: UUID
    case_id: UUID
    case_number: str
    service_type: str
    category: str
    delivered_on: date
    duration_minutes: int | None
    provider_id: UUID | None
    provider_organisation: str
    provision: str
    mode: str
    location: str | None = Field(description="null when the notes' level is one the caller may not read")
    recipient_id: UUID | None
    goal_id: UUID | None
    grant_id: UUID | None
    cost: Decimal | None
    outcome: str
    notes: str | None = Field(description="null when the caller may not read the notes' level")
    notes_confidentiality: str
    source_kind: str
    source_id: UUID | None
    voided_at: datetime | None
    void_reason: str | None = Field(description="only for those who may edit the case")
    version: int

    @staticmethod
    def build(record: ServiceRecord, *, notes_readable: bool, can_edit: bool) -> ServiceOut:
        return ServiceOut(
            id=record.pk,
            case_id=record.case_id,
            case_number=record.case.number,
            service_type=record.service_type.code,
            category=record.category_code,
            delivered_on=record.delivered_on,
            duration_minutes=record.duration_minutes,
            provider_id=record.provider_id,
            provider_organisation=record.provider_organisation,
            provision=record.provision,
            mode=record.mode,
            location=(record.location or "") if notes_readable else None,
            recipient_id=record.recipient_id,
            goal_id=record.goal_id,
            grant_id=record.grant_id,
            cost=record.cost,
            outcome=record.outcome,
            notes=(record.notes or "") if notes_readable else None,
            notes_confidentiality=record.notes_confidentiality,
            source_kind=record.source_kind,
            source_id=record.source_id,
            voided_at=record.voided_at,
            void_reason=(record.void_reason or "") if (record.voided_at and can_edit) else None,
            version=record.version,
        )


class ServiceListOut(Page[ServiceOut]):
    pass


class ServiceIn(Schema):
    service_type: str = Field(max_length=80, description='a taxonomy code, e.g. "psychological_support.cbt"')
    delivered_on: date
    duration_minutes: int | None = Field(default=None, ge=1, le=MAX_DURATION_MINUTES)
    provider_id: UUID | None = None
    provider_organisation: str = Field(default="", max_length=actions.ORGANISATION_MAX_LENGTH)
    provision: Provision = Provision.DIRECT
    mode: DeliveryMode = DeliveryMode.IN_PERSON
    location: str = Field(default="", max_length=actions.LOCATION_MAX_LENGTH)
    recipient_id: UUID | None = None
    goal_id: UUID | None = None
    grant_id: UUID | None = None
    cost: Decimal | None = Field(default=None, ge=0, max_digits=10, decimal_places=2)
    outcome: ServiceOutcome | Literal[""] = ""
    notes: str = Field(default="", max_length=actions.NOTES_MAX_LENGTH)
    notes_confidentiality: NoteConfidentiality = NoteConfidentiality.GENERAL

    def entry(self) -> actions.ServiceEntry:
        return actions.ServiceEntry(
            service_type=self.service_type,
            delivered_on=self.delivered_on,
            duration_minutes=self.duration_minutes,
            provider_id=self.provider_id,
            provider_organisation=self.provider_organisation,
            provision=str(self.provision),
            mode=str(self.mode),
            location=self.location,
            recipient_id=self.recipient_id,
            goal_id=self.goal_id,
            grant_id=self.grant_id,
            cost=self.cost,
            outcome=str(self.outcome),
            notes=self.notes,
            notes_confidentiality=str(self.notes_confidentiality),
        )


class ServicePatchIn(Schema):
    """Only the fields sent are changed; `version` is the one you read (409 when someone saved since)."""

    version: int
    service_type: str | None = Field(default=None, max_length=80)
    delivered_on: date | None = None
    duration_minutes: int | None = Field(default=None, ge=1, le=MAX_DURATION_MINUTES)
    provider_id: UUID | None = None
    provider_organisation: str | None = Field(default=None, max_length=actions.ORGANISATION_MAX_LENGTH)
    provision: Provision | None = None
    mode: DeliveryMode | None = None
    location: str | None = Field(default=None, max_length=actions.LOCATION_MAX_LENGTH)
    goal_id: UUID | None = None
    grant_id: UUID | None = None
    cost: Decimal | None = Field(default=None, ge=0, max_digits=10, decimal_places=2)
    outcome: ServiceOutcome | Literal[""] | None = None
    notes: str | None = Field(default=None, max_length=actions.NOTES_MAX_LENGTH)
    notes_confidentiality: NoteConfidentiality | None = None


class VoidIn(Schema):
    version: int
    reason: str = Field(max_length=actions.VOID_REASON_MAX_LENGTH)


class ServiceQuery(PageQuery):
    date_from: date | None = Field(default=None, alias="from")
    date_to: date | None = Field(default=None, alias="to")
    type: str = Field(default="", max_length=80)
    category: str = Field(default="", max_length=40)


class CaseServiceQuery(PageQuery):
    date_from: date | None = Field(default=None, alias="from")
    date_to: date | None = Field(default=None, alias="to")
    category: str = Field(default="", max_length=40)


def _page(request: HttpRequest, records: QuerySet[ServiceRecord], page: PageQuery) -> dict[str, Any]:
    user = request_user(request)
    result = paginate(records, page)
    rows = result["items"]
    editable: dict[object, bool] = {}
    items = []
    readable = access.readable_notes(user, rows)
    for record in rows:
        if record.agency_id not in editable:
            editable[record.agency_id] = case_access.can_edit_case(user, record.case)
        items.append(
            ServiceOut.build(record, notes_readable=record.pk in readable, can_edit=editable[record.agency_id])
        )
    return {"items": items, "next_cursor": result["next_cursor"]}


@router.get(
    "/cases/{uuid:case_id}/services",
    response={200: ServiceListOut, 404: ErrorOut, 422: ErrorOut},
    summary="The case's services, newest first, voided ones included (audited read)",
)
def list_case_services(request: HttpRequest, case_id: UUID, query: Query[CaseServiceQuery]) -> dict[str, Any]:
    case = case_access.access_case_by_id(request_user(request), case_id)
    filters = selectors.ServiceFilters(date_from=query.date_from, date_to=query.date_to, category=query.category)
    return _page(request, selectors.case_services(case, filters).select_related("case"), query)


@router.post(
    "/cases/{uuid:case_id}/services",
    response={201: ServiceOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Record a service on the case (an unknown type, goal or grant: 422)",
)
def record_service(request: HttpRequest, case_id: UUID, payload: ServiceIn) -> Status[ServiceOut]:
    user = request_user(request)
    case = case_access.access_case_by_id(user, case_id, for_write=True)
    try:
        record = actions.do_record_service(actor=user, case=case, entry=payload.entry())
    except DomainError as exc:
        if exc.code in INVALID_CODES:
            raise _invalid(exc) from exc
        raise
    record = access.access_service_on_case(user, case, record.pk)
    return Status(201, ServiceOut.build(record, notes_readable=True, can_edit=True))


@router.get(
    "/services",
    response={200: ServiceListOut, 403: ErrorOut, 422: ErrorOut},
    summary="The service log of the cases the caller may read, newest first (filters: from, to, type, category)",
)
def list_services(request: HttpRequest, query: Query[ServiceQuery]) -> dict[str, Any]:
    user = request_user(request)
    access.require_service_log_reader(user)
    filters = selectors.ServiceFilters(
        date_from=query.date_from, date_to=query.date_to, service_type=query.type, category=query.category
    )
    return _page(request, selectors.services_for_user(user, filters), query)


@router.patch(
    "/services/{uuid:service_id}",
    response={200: ServiceOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Correct a service record (send the version you read; 409 if it changed)",
)
def correct_service(request: HttpRequest, service_id: UUID, payload: ServicePatchIn) -> ServiceOut:
    user = request_user(request)
    record = access.access_service_by_id(user, service_id, for_write=True)
    entry = actions.entry_from_record(record)
    for name, value in payload.model_dump(exclude_unset=True, exclude={"version"}).items():
        setattr(entry, name, str(value) if name in {"provision", "mode", "outcome", "notes_confidentiality"} else value)
    try:
        actions.do_correct_service(actor=user, record=record, expected_version=payload.version, entry=entry)
    except DomainError as exc:
        if exc.code in INVALID_CODES:
            raise _invalid(exc) from exc
        raise
    record = access.access_service_by_id(user, service_id)
    return ServiceOut.build(record, notes_readable=access.can_read_notes(user, record), can_edit=True)


@router.post(
    "/services/{uuid:service_id}/void",
    response={200: ServiceOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Void a service record with a reason (it stays, out of totals; 409 if it changed)",
)
def void_service(request: HttpRequest, service_id: UUID, payload: VoidIn) -> ServiceOut:
    user = request_user(request)
    record = access.access_service_by_id(user, service_id, for_write=True)
    try:
        actions.do_void_service(actor=user, record=record, expected_version=payload.version, reason=payload.reason)
    except DomainError as exc:
        if exc.code in INVALID_CODES:
            raise _invalid(exc) from exc
        raise
    record = access.access_service_by_id(user, service_id)
    return ServiceOut.build(record, notes_readable=access.can_read_notes(user, record), can_edit=True)


class ServiceTypeOut(Schema):
    code: str
    label: str
    category: str
    category_label: str
    htcds_plan_types: list[str]


@router.get("/service-types", response={200: list[ServiceTypeOut], 403: ErrorOut}, summary="The service types in use")
def list_service_types(request: HttpRequest) -> list[ServiceTypeOut]:
    access.require_agency_member(request_user(request))
    return [
        ServiceTypeOut(
            code=t.code,
            label=t.label,
            category=t.category.code,
            category_label=t.category.label,
            htcds_plan_types=list(t.category.htcds_plan_types),
        )
        for t in selectors.service_types()
    ]


class ServiceBudgetLineOut(Schema):
    id: UUID
    category: str
    label: str
    amount: Decimal
    version: int


class GrantOut(Schema):
    id: UUID
    name: str
    funder_id: UUID | None
    funder_name: str
    reference: str
    starts_on: date | None
    ends_on: date | None
    allowed_categories: list[str]
    amount_awarded: Decimal | None
    currency: str
    reporting_cadence: str
    fiscal_notes: str
    budget_lines: list[ServiceBudgetLineOut]
    is_active: bool
    version: int

    @staticmethod
    def from_grant(grant: Grant) -> GrantOut:
        return GrantOut(
            id=grant.pk,
            name=grant.name,
            funder_id=grant.funder_id,
            funder_name=grant.funder_label,
            amount_awarded=grant.amount_awarded,
            currency=grant.currency,
            reporting_cadence=grant.reporting_cadence,
            fiscal_notes=grant.fiscal_notes,
            budget_lines=[
                ServiceBudgetLineOut(
                    id=line.pk, category=line.category, label=line.label, amount=line.amount, version=line.version
                )
                for line in grant.budget_lines.all()
            ],
            reference=grant.reference,
            starts_on=grant.starts_on,
            ends_on=grant.ends_on,
            allowed_categories=list(grant.allowed_categories),
            is_active=grant.is_active,
            version=grant.version,
        )


class GrantIn(Schema):
    name: str = Field(max_length=funding_actions.NAME_MAX_LENGTH)
    funder_name: str = Field(default="", max_length=funding_actions.NAME_MAX_LENGTH)
    reference: str = Field(default="", max_length=funding_actions.REFERENCE_MAX_LENGTH)
    starts_on: date | None = None
    ends_on: date | None = None
    allowed_categories: list[str] = Field(default_factory=list, max_length=100)
    funder_id: UUID | None = None
    amount_awarded: Decimal | None = Field(default=None, ge=0, max_digits=12, decimal_places=2)
    currency: str = Field(default="USD", max_length=3)
    reporting_cadence: Literal["", "monthly", "quarterly", "semiannual", "annual"] = ""
    fiscal_notes: str = Field(default="", max_length=4000)


class GrantPatchIn(Schema):
    version: int
    name: str | None = Field(default=None, max_length=funding_actions.NAME_MAX_LENGTH)
    funder_name: str | None = Field(default=None, max_length=funding_actions.NAME_MAX_LENGTH)
    reference: str | None = Field(default=None, max_length=funding_actions.REFERENCE_MAX_LENGTH)
    starts_on: date | None = None
    ends_on: date | None = None
    allowed_categories: list[str] | None = Field(default=None, max_length=100)
    funder_id: UUID | None = None
    amount_awarded: Decimal | None = Field(default=None, ge=0, max_digits=12, decimal_places=2)
    currency: str | None = Field(default=None, max_length=3)
    reporting_cadence: Literal["", "monthly", "quarterly", "semiannual", "annual"] | None = None
    fiscal_notes: str | None = Field(default=None, max_length=4000)
    is_active: bool | None = None


def _category_codes() -> list[str]:
    return [category.code for category in selectors.categories()]


@router.get(
    "/grants",
    response={200: Page[GrantOut], 403: ErrorOut},
    summary="The agency's funding sources (casework roles see those in use; managers see all)",
)
def list_grants(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    user = request_user(request)
    agency = funding_access.require_grant_reader(user)
    active_only = not funding_access.can_manage_grants(user)
    grants = grants_for_agency(agency.pk, active_only=active_only).prefetch_related("budget_lines").order_by("name")
    return paginate(grants, page, GrantOut.from_grant)


@router.post(
    "/grants",
    response={201: GrantOut, 400: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Add a funding source (agency admins and program directors)",
)
def create_grant(request: HttpRequest, payload: GrantIn) -> Status[GrantOut]:
    user = request_user(request)
    agency = funding_access.require_grant_manager(user)
    values = funding_actions.GrantValues(**payload.model_dump())
    try:
        grant = funding_actions.do_create_grant(
            actor=user, agency=agency, values=values, known_categories=_category_codes()
        )
    except DomainError as exc:
        if exc.code in INVALID_CODES:
            raise _invalid(exc) from exc
        raise
    return Status(201, GrantOut.from_grant(funding_access.access_grant_by_id(user, grant.pk)))


@router.patch(
    "/grants/{uuid:grant_id}",
    response={200: GrantOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Edit or (de)activate a funding source (send the version you read; 409 if it changed)",
)
def update_grant(request: HttpRequest, grant_id: UUID, payload: GrantPatchIn) -> GrantOut:
    user = request_user(request)
    funding_access.require_grant_manager(user)
    grant = funding_access.access_grant_by_id(user, grant_id, for_write=True)
    changes = payload.model_dump(exclude_unset=True, exclude={"version", "is_active"})
    values = funding_actions.GrantValues(**{name: getattr(grant, name) for name in funding_actions.EDITABLE})
    for name, value in changes.items():
        setattr(
            values,
            name,
            value
            if value is not None
            else ("" if name in {"name", "funder_name", "reference", "fiscal_notes", "reporting_cadence"} else value),
        )
    try:
        version = payload.version
        if changes:
            grant = funding_actions.do_update_grant(
                actor=user, grant=grant, expected_version=version, values=values, known_categories=_category_codes()
            )
            version = grant.version
        if payload.is_active is not None:
            grant = funding_actions.do_set_grant_active(
                actor=user, grant=grant, expected_version=version, active=payload.is_active
            )
        elif not changes:
            funding_actions.do_set_grant_active(
                actor=user, grant=grant, expected_version=version, active=grant.is_active
            )
    except DomainError as exc:
        if exc.code in INVALID_CODES:
            raise _invalid(exc) from exc
        raise
    return GrantOut.from_grant(funding_access.access_grant_by_id(user, grant_id))
