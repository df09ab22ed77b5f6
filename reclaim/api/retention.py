"""Retention API (issue 13; docs/retention.md), the operations of the retention pages with their gates:

- the agency's retention policy (read; change with the version you read, 409 when stale) and the purge preview
  (what the next run would remove: counts, never names): agency admins (`manages_retention`), 403 for other staff;
- legal holds (`places_legal_holds`): a case's holds for whoever reads the case, placed and lifted by the legal
  team on the cases they reach; the agency admin lists the agency's active holds and places one by case number;
- erasure requests: recorded from a case by whoever may edit it; listed (with "blocked by a legal hold") and
  decided by the agency admin, never by the person who recorded the request.

Values wrong on their own (a blank reason, months out of range, a date still to come) are 422; rules about other
records (a hold already in place, a request already decided, a legal hold blocking an erasure) are 400."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from reclaim.accounts.http import request_user
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ConflictOut, ErrorOut
from reclaim.core.errors import DomainError
from reclaim.retention import access, actions, selectors
from reclaim.retention.models import (
    MAX_MONTHS,
    MIN_MONTHS,
    ErasureRequest,
    ErasureStatus,
    LegalHold,
    Requester,
    RetentionPolicy,
    Verification,
)

router = Router(tags=["retention"])

REASON = Field(max_length=actions.REASON_LENGTH, description="Required: not blank, at most 2000 characters")


# --- Policy and purge preview ---------------------------------------------------------------------------------


class RetentionPolicyOut(Schema):
    case_months: int = Field(description="Closed cases are kept this many months after closure")
    document_months: int = Field(description="Documents of closed cases are kept this many months after closure")
    version: int = Field(description="0 while the agency uses the defaults (nothing saved yet)")

    @staticmethod
    def of(policy: RetentionPolicy) -> RetentionPolicyOut:
        return RetentionPolicyOut(
            case_months=policy.case_months, document_months=policy.document_months, version=policy.version
        )


class RetentionPolicyIn(Schema):
    version: int = Field(description="The version you read (0 for the defaults); 409 if it changed")
    case_months: int = Field(ge=MIN_MONTHS, le=MAX_MONTHS, description=f"{MIN_MONTHS} to {MAX_MONTHS}")
    document_months: int = Field(
        ge=MIN_MONTHS, le=MAX_MONTHS, description=f"At least {MIN_MONTHS}, and no more than `case_months`"
    )


class PurgePreviewOut(Schema):
    """What the next purge would remove in your agency, and what a hold keeps: counts only."""

    cases: int = Field(description="Closed cases past the case period, held ones left out")
    survivors: int = Field(description="People who go with their last case")
    documents: int = Field(description="Documents past the document period on cases that are kept")
    held: int = Field(description="Cases past the case period kept by a legal hold, open matter or open deadline")
    case_cutoff: datetime = Field(description="Cases closed before this go")
    document_cutoff: datetime = Field(description="Documents of cases closed before this go")
    message_days: int = Field(description="Portal messages are kept this many days (the portal settings)")


@router.get(
    "/retention-policy",
    response={200: RetentionPolicyOut, 403: ErrorOut},
    summary="Your agency's retention periods (agency admins)",
)
def get_retention_policy(request: HttpRequest) -> RetentionPolicyOut:
    agency = access.require_retention_manager(request_user(request))
    return RetentionPolicyOut.of(selectors.policy_for(agency.pk))


@router.put(
    "/retention-policy",
    response={200: RetentionPolicyOut, 403: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Set the retention periods (36 to 600 months; documents no longer than cases); 409 on a stale version",
)
def put_retention_policy(request: HttpRequest, payload: RetentionPolicyIn) -> RetentionPolicyOut:
    user = request_user(request)
    agency = access.require_retention_manager(user)
    policy = actions.do_set_retention_policy(
        actor=user,
        agency=agency,
        case_months=payload.case_months,
        document_months=payload.document_months,
        expected_version=payload.version,
    )
    return RetentionPolicyOut.of(policy)


@router.get(
    "/retention-policy/purge-preview",
    response={200: PurgePreviewOut, 403: ErrorOut},
    summary="What the next purge would remove in your agency: counts, never names (agency admins)",
)
def purge_preview(request: HttpRequest) -> PurgePreviewOut:
    agency = access.require_retention_manager(request_user(request))
    preview = selectors.preview_for(agency.pk)
    return PurgePreviewOut(
        cases=preview.cases,
        survivors=preview.survivors,
        documents=preview.documents,
        held=preview.held,
        case_cutoff=preview.case_cutoff,
        document_cutoff=preview.document_cutoff,
        message_days=preview.message_days,
    )


# --- Legal holds ----------------------------------------------------------------------------------------------


class LegalHoldOut(Schema):
    id: UUID
    case_id: UUID
    case_number: str
    reason: str
    placed_at: datetime
    placed_by_id: UUID | None
    active: bool
    lifted_at: datetime | None
    lifted_by_id: UUID | None

    @staticmethod
    def of(hold: LegalHold, case_number: str) -> LegalHoldOut:
        return LegalHoldOut(
            id=hold.pk,
            case_id=hold.case_id,
            case_number=case_number,
            reason=hold.reason or "",
            placed_at=hold.created_at,
            placed_by_id=hold.placed_by_id,
            active=hold.is_active,
            lifted_at=hold.lifted_at,
            lifted_by_id=hold.lifted_by_id,
        )


class LegalHoldIn(Schema):
    reason: str = REASON


class LegalHoldByNumberIn(Schema):
    case_number: str = Field(min_length=1, max_length=24, description="A case number of your agency")
    reason: str = REASON


class LegalHoldLiftIn(Schema):
    reason: str = REASON


class CaseRetentionOut(Schema):
    held: bool = Field(description="Never purged, and its person never erased, while held")
    held_because: list[str] = Field(description="`legal_hold`, `open_matter`, `open_deadline`")
    erasure_request_pending: bool = Field(description="The person's request to be erased waits for a decision")


@router.get(
    "/cases/{uuid:case_id}/retention",
    response={200: CaseRetentionOut, 404: ErrorOut},
    summary="Whether a hold keeps this case, and why; whether its person's erasure request is waiting",
)
def case_retention(request: HttpRequest, case_id: UUID) -> CaseRetentionOut:
    case = access.access_case_for_holds(request_user(request), case_id)
    reasons = selectors.hold_reasons([case.pk]).get(case.pk, [])
    return CaseRetentionOut(
        held=bool(reasons),
        held_because=reasons,
        erasure_request_pending=selectors.pending_erasure_for(case.survivor_id) is not None,
    )


@router.get(
    "/cases/{uuid:case_id}/legal-holds",
    response={200: Page[LegalHoldOut], 404: ErrorOut},
    summary="The case's legal holds, lifted ones too, newest first",
)
def list_case_holds(request: HttpRequest, page: Query[PageQuery], case_id: UUID) -> dict[str, Any]:
    case = access.access_case_for_holds(request_user(request), case_id)
    return paginate(selectors.holds_on_case(case), page, lambda hold: LegalHoldOut.of(hold, case.number))


@router.post(
    "/cases/{uuid:case_id}/legal-holds",
    response={201: LegalHoldOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Place a legal hold on the case (the legal team); 400 `retention.hold_exists` if one is in place",
)
def place_case_hold(request: HttpRequest, case_id: UUID, payload: LegalHoldIn) -> Status[LegalHoldOut]:
    user = request_user(request)
    case = access.access_case_for_holds(user, case_id, for_write=True)
    hold = actions.do_place_legal_hold(actor=user, case=case, reason=payload.reason)
    return Status(201, LegalHoldOut.of(hold, case.number))


@router.get(
    "/legal-holds",
    response={200: Page[LegalHoldOut], 403: ErrorOut},
    summary="Your agency's active legal holds, newest first (agency admins)",
)
def list_holds(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    user = request_user(request)
    access.require_retention_manager(user)
    return paginate(selectors.active_holds_for_admin(user), page, lambda hold: LegalHoldOut.of(hold, hold.case.number))


@router.post(
    "/legal-holds",
    response={201: LegalHoldOut, 400: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Place a legal hold by case number (agency admins); 400 `retention.case_not_found` for an unknown number",
)
def place_hold_by_number(request: HttpRequest, payload: LegalHoldByNumberIn) -> Status[LegalHoldOut]:
    user = request_user(request)
    agency = access.require_retention_manager(user)
    case = selectors.case_by_number(agency.pk, payload.case_number)
    if case is None:
        message = _("No case of your agency has this number.")
        raise DomainError(message, code="retention.case_not_found", fields={"case_number": [message]})
    hold = actions.do_place_legal_hold(actor=user, case=case, reason=payload.reason)
    return Status(201, LegalHoldOut.of(hold, case.number))


@router.post(
    "/legal-holds/{uuid:hold_id}/lift",
    response={200: LegalHoldOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Lift an active legal hold, with a reason (the agency admin, or the legal team on their cases)",
)
def lift_hold(request: HttpRequest, hold_id: UUID, payload: LegalHoldLiftIn) -> LegalHoldOut:
    user = request_user(request)
    hold = access.access_hold_for_lift(user, hold_id)
    case_number = hold.case.number
    hold = actions.do_lift_legal_hold(actor=user, hold=hold, reason=payload.reason)
    return LegalHoldOut.of(hold, case_number)


# --- Erasure requests -----------------------------------------------------------------------------------------


class ErasureRequestOut(Schema):
    id: UUID
    survivor_id: UUID = Field(description="The person's id; it stays after the erasure (the record is gone)")
    requested_on: date
    requested_by: Requester
    verification: Verification
    verified_by_id: UUID | None = Field(description="Who recorded the request (and checked the identity)")
    status: ErasureStatus
    blocked_by_legal_hold: bool = Field(description="Pending, and a legal hold applies to one of the person's cases")
    decided_by_id: UUID | None
    decided_at: datetime | None
    counts: dict[str, int] = Field(description="Rows removed by the erasure, by table: counts only")
    recorded_at: datetime
    version: int

    @staticmethod
    def of(request: ErasureRequest, blocked: bool = False) -> ErasureRequestOut:
        return ErasureRequestOut(
            id=request.pk,
            survivor_id=request.survivor_ref,
            requested_on=request.requested_on,
            requested_by=Requester(request.requested_by),
            verification=Verification(request.verification),
            verified_by_id=request.verified_by_id,
            status=ErasureStatus(request.status),
            blocked_by_legal_hold=blocked,
            decided_by_id=request.decided_by_id,
            decided_at=request.decided_at,
            counts={str(label): int(count) for label, count in (request.counts or {}).items()},
            recorded_at=request.created_at,
            version=request.version,
        )


class ErasureRequestIn(Schema):
    requested_on: date = Field(description="When the person asked; not in the future")
    requested_by: Requester
    verification: Verification = Field(description="How their identity was checked")


class ErasureDecisionIn(Schema):
    version: int = Field(description="The version you read; 409 if it changed")
    approve: bool = Field(description="true: erase now (refused while a legal hold applies); false: decline")
    comment: str = Field(default="", max_length=actions.REASON_LENGTH, description="Why (kept encrypted)")


class ErasureQuery(PageQuery):
    status: ErasureStatus | None = Field(default=None, description="Only requests with this status")


def _blocked(request: ErasureRequest) -> bool:
    return (
        request.status == ErasureStatus.PENDING
        and request.survivor_id is not None
        and bool(selectors.blocked_survivor_ids([request.survivor_id]))
    )


@router.post(
    "/cases/{uuid:case_id}/erasure-requests",
    response={201: ErasureRequestOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Record the person's verified request to be erased (whoever may edit the case); the admin decides",
)
def record_erasure_request(request: HttpRequest, case_id: UUID, payload: ErasureRequestIn) -> Status[ErasureRequestOut]:
    user = request_user(request)
    case = access.access_case_for_erasure(user, case_id, for_write=True)
    erasure = actions.do_record_erasure_request(
        actor=user,
        survivor=case.survivor,
        requested_on=payload.requested_on,
        requested_by=payload.requested_by,
        verification=payload.verification,
    )
    return Status(201, ErasureRequestOut.of(erasure, _blocked(erasure)))


@router.get(
    "/erasure-requests",
    response={200: Page[ErasureRequestOut], 403: ErrorOut, 422: ErrorOut},
    summary="Your agency's erasure requests, pending first, with whether a legal hold blocks them (agency admins)",
)
def list_erasure_requests(request: HttpRequest, query: Query[ErasureQuery]) -> dict[str, Any]:
    user = request_user(request)
    access.require_retention_manager(user)
    requests = selectors.erasure_requests_for_admin(user)
    if query.status is not None:
        requests = requests.filter(status=query.status)
    result = paginate(requests, query)
    rows: list[ErasureRequest] = result["items"]
    pending = [r.survivor_id for r in rows if r.survivor_id is not None and r.status == ErasureStatus.PENDING]
    blocked = selectors.blocked_survivor_ids(pending) if pending else set()
    result["items"] = [
        ErasureRequestOut.of(r, r.status == ErasureStatus.PENDING and r.survivor_id in blocked) for r in rows
    ]
    return result


@router.post(
    "/erasure-requests/{uuid:request_id}/decision",
    response={200: ErasureRequestOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary=(
        "Approve (erase now) or decline (agency admins, never the recorder); 400 `retention.legal_hold` while a "
        "hold applies, 409 on a stale version"
    ),
)
def decide_erasure_request(request: HttpRequest, request_id: UUID, payload: ErasureDecisionIn) -> ErasureRequestOut:
    user = request_user(request)
    erasure = access.access_erasure_request(user, request_id, for_write=True)
    erasure = actions.do_decide_erasure_request(
        actor=user,
        request=erasure,
        approve=payload.approve,
        comment=payload.comment,
        expected_version=payload.version,
    )
    return ErasureRequestOut.of(erasure, _blocked(erasure))
