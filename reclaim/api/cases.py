"""Cases API: list, open, read, stage moves, timeline and approvals, with the UI's permissions."""

from __future__ import annotations

from datetime import date, datetime
from typing import cast
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from reclaim.accounts.models import User
from reclaim.accounts.selectors import active_membership
from reclaim.api.schemas import ErrorOut
from reclaim.cases import access, actions, selectors
from reclaim.cases.models import Case, IdentificationSource, TraffickingStatus
from reclaim.cases.state import CaseStatus
from reclaim.core.errors import DomainError
from reclaim.people.access import access_survivor_by_id

router = Router(tags=["cases"])


def _user(request: HttpRequest) -> User:
    return cast("User", request.user)


class CaseOut(Schema):
    id: UUID
    number: str
    status: str
    survivor_id: UUID
    team_id: UUID | None
    lead_worker_id: UUID | None
    identified_on: date | None
    identification_source: str
    is_minor: bool | None
    danger_now: bool
    services_consent_on: date | None
    intake_on: date | None
    closed_at: datetime | None
    close_reason: str
    version: int

    @staticmethod
    def from_case(case: Case) -> CaseOut:
        return CaseOut(
            id=case.pk,
            number=case.number,
            status=case.status,
            survivor_id=case.survivor_id,
            team_id=case.team_id,
            lead_worker_id=case.lead_worker_id,
            identified_on=case.identified_on,
            identification_source=case.identification_source,
            is_minor=case.is_minor,
            danger_now=case.danger_now,
            services_consent_on=case.services_consent_on,
            intake_on=case.intake_on,
            closed_at=case.closed_at,
            close_reason=case.close_reason,
            version=case.version,
        )


class CaseListOut(Schema):
    items: list[CaseOut]
    next_cursor: int | None


class CaseOpenIn(Schema):
    survivor_id: UUID
    identified_on: date | None = None
    identification_source: IdentificationSource | None = None
    is_minor: bool | None = None
    danger_now: bool = False
    trafficking_status: TraffickingStatus | None = None


class TransitionIn(Schema):
    to: CaseStatus
    version: int
    services_consent_on: date | None = None


class ApprovalIn(Schema):
    kind: str = Field(pattern="^(close|exit_to_follow_up)$")
    close_reason: str = ""
    living_situation: str = ""
    relief_obtained: str = ""
    referred_on: bool | None = None


class ApprovalOut(Schema):
    id: UUID
    kind: str
    status: str


class TimelineEventOut(Schema):
    type: str
    at: datetime
    actor_id: UUID | None
    parameters: dict[str, str]


@router.get("/cases", response={200: CaseListOut, 403: ErrorOut}, summary="Cases the caller may see, newest first")
def list_cases(
    request: HttpRequest, status: CaseStatus | None = None, mine: bool = False, cursor: int = 0, limit: int = 50
) -> CaseListOut:
    user = _user(request)
    access.require_case_worker(user)
    limit = max(1, min(limit, 100))
    cursor = max(0, cursor)
    rows = list(
        selectors.case_list(user, selectors.CaseFilters(status=status or "", mine=mine))[cursor : cursor + limit + 1]
    )
    return CaseListOut(
        items=[CaseOut.from_case(c) for c in rows[:limit]], next_cursor=cursor + limit if len(rows) > limit else None
    )


@router.post(
    "/cases",
    response={201: CaseOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Open a case on an existing survivor",
)
def open_case(request: HttpRequest, payload: CaseOpenIn) -> Status[CaseOut]:
    user = _user(request)
    access.require_can_open_cases(user)
    survivor = access_survivor_by_id(user, payload.survivor_id, for_write=True)
    membership = active_membership(user)
    if membership is None:
        raise DomainError("No agency.", code="cases.no_agency")
    case = actions.do_open_case(
        actor=user,
        survivor=survivor,
        identified_on=payload.identified_on,
        identification_source=payload.identification_source or "",
        is_minor=payload.is_minor,
        danger_now=payload.danger_now,
        trafficking_status=payload.trafficking_status or "",
    )
    return Status(201, CaseOut.from_case(case))


@router.get("/cases/{uuid:case_id}", response={200: CaseOut, 404: ErrorOut}, summary="One case (audited read)")
def get_case(request: HttpRequest, case_id: UUID) -> CaseOut:
    return CaseOut.from_case(access.access_case_by_id(_user(request), case_id))


@router.post(
    "/cases/{uuid:case_id}/transitions",
    response={200: CaseOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Move a case to another stage; closing and exit to follow-up need an approval",
)
def transition_case(request: HttpRequest, case_id: UUID, payload: TransitionIn) -> CaseOut:
    user = _user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    case = actions.do_transition_case(
        actor=user,
        case=case,
        to=payload.to,
        expected_version=payload.version,
        services_consent_on=payload.services_consent_on,
    )
    return CaseOut.from_case(case)


@router.get(
    "/cases/{uuid:case_id}/timeline",
    response={200: list[TimelineEventOut], 404: ErrorOut},
    summary="The case's timeline, newest first",
)
def case_timeline(request: HttpRequest, case_id: UUID) -> list[TimelineEventOut]:
    user = _user(request)
    case = access.access_case_by_id(user, case_id)
    return [
        TimelineEventOut(
            type=e.type, at=e.at, actor_id=e.actor_id, parameters={k: str(v) for k, v in e.parameters.items()}
        )
        for e in selectors.timeline_for_case(case, user)[:200]
    ]


@router.post(
    "/cases/{uuid:case_id}/approvals",
    response={201: ApprovalOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Ask a supervisor to approve closing or exit",
)
def request_approval(request: HttpRequest, case_id: UUID, payload: ApprovalIn) -> Status[ApprovalOut]:
    user = _user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    approval = actions.do_request_approval(actor=user, case=case, **payload.model_dump())
    return Status(201, ApprovalOut(id=approval.pk, kind=approval.kind, status=approval.status))


class DecisionIn(Schema):
    approve: bool
    comment: str = Field(default="", max_length=2000)


@router.post(
    "/cases/{uuid:case_id}/approvals/{uuid:approval_id}/decision",
    response={200: ApprovalOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Approve or return an approval request (supervisors; never one's own)",
)
def decide_approval(request: HttpRequest, case_id: UUID, approval_id: UUID, payload: DecisionIn) -> ApprovalOut:
    user = _user(request)
    case = access.access_case_by_id(user, case_id)
    approval = access.access_approval_for_decision(user, case, approval_id)
    approval = actions.do_decide_approval(
        actor=user, approval=approval, approve=payload.approve, comment=payload.comment
    )
    return ApprovalOut(id=approval.pk, kind=approval.kind, status=approval.status)
