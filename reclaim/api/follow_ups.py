"""Follow-up API (DOMAIN.md §10): a case's follow-up contacts, recording one, stopping at the person's request;
and the agency's follow-up schedule (the settings page `cases:follow_up_policy`)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from reclaim.accounts.http import request_user
from reclaim.accounts.models import Membership, User
from reclaim.accounts.selectors import active_membership
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ConflictOut, ErrorOut
from reclaim.cases import access, actions, schedule, selectors
from reclaim.cases.models import FollowUp, FollowUpChannel, FollowUpOutcome, FollowUpPolicy, Indicator

router = Router(tags=["follow-up"])


class FollowUpOut(Schema):
    id: UUID
    period: int
    sequence: int
    offset_months: int
    due_on: date
    window_opens_on: date
    window_closes_on: date
    is_current: bool
    status: str
    contacted_on: date | None
    channel: str
    outcome: str
    indicators_checked: bool
    indicators: list[str]
    notes: str
    recorded_by_id: UUID | None
    version: int

    @staticmethod
    def from_follow_up(row: FollowUp) -> FollowUpOut:
        return FollowUpOut(
            id=row.pk,
            period=row.period,
            sequence=row.sequence,
            offset_months=row.offset_months,
            due_on=row.due_on,
            window_opens_on=row.opens_on,
            window_closes_on=row.closes_on,
            is_current=row.is_current,
            status=row.status,
            contacted_on=row.contacted_on,
            channel=row.channel,
            outcome=row.outcome,
            indicators_checked=row.indicators_checked,
            indicators=[check.code for check in row.indicator_checks.all()],
            notes=row.notes or "",
            recorded_by_id=row.recorded_by_id,
            version=row.version,
        )


class FollowUpRecordIn(Schema):
    version: int
    outcome: FollowUpOutcome
    contacted_on: date | None = None
    channel: FollowUpChannel | None = None
    indicators_checked: bool = False
    indicators: list[Indicator] = Field(default_factory=list, max_length=20)
    notes: str = Field(default="", max_length=4000)


class FollowUpStopOut(Schema):
    stopped: int


@router.get(
    "/cases/{uuid:case_id}/follow-ups",
    response={200: Page[FollowUpOut], 404: ErrorOut},
    summary="The case's follow-up contacts, current period first (audited read)",
)
def list_follow_ups(request: HttpRequest, page: Query[PageQuery], case_id: UUID) -> dict[str, Any]:
    case = access.access_case_by_id(request_user(request), case_id)
    return paginate(selectors.follow_ups_for_case(case), page, FollowUpOut.from_follow_up)


@router.patch(
    "/cases/{uuid:case_id}/follow-ups/{uuid:follow_up_id}",
    response={200: FollowUpOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Record how a follow-up contact went (send the version you read; 409 if it changed)",
)
def record_follow_up(request: HttpRequest, case_id: UUID, follow_up_id: UUID, payload: FollowUpRecordIn) -> FollowUpOut:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    follow_up = access.access_follow_up_by_id(case, follow_up_id)
    follow_up = actions.do_record_follow_up(
        actor=user,
        follow_up=follow_up,
        expected_version=payload.version,
        outcome=payload.outcome,
        contacted_on=payload.contacted_on,
        channel=payload.channel or "",
        indicators=[str(code) for code in payload.indicators],
        indicators_checked=payload.indicators_checked,
        notes=payload.notes,
    )
    return FollowUpOut.from_follow_up(access.access_follow_up_by_id(case, follow_up.pk))


@router.post(
    "/cases/{uuid:case_id}/follow-ups/stop",
    response={200: FollowUpStopOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Stop follow-up at the person's request: the contacts still scheduled are cancelled",
)
def stop_follow_up(request: HttpRequest, case_id: UUID) -> FollowUpStopOut:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    return FollowUpStopOut(stopped=actions.do_stop_follow_up(actor=user, case=case))


class FollowUpPolicyOut(Schema):
    offsets_months: list[int] = Field(description="Contacts, in months after exit, increasing; the last is 24 or later")
    window_days: int = Field(description="Days either side of each due date before a contact counts as missed")
    version: int = Field(description="0 while the agency uses the defaults (nothing saved yet)")

    @staticmethod
    def of(policy: FollowUpPolicy) -> FollowUpPolicyOut:
        return FollowUpPolicyOut(
            offsets_months=list(policy.offsets_months), window_days=policy.window_days, version=policy.version
        )


class FollowUpPolicyIn(Schema):
    """The whole schedule; it applies to cases that exit from now on, never to contacts already scheduled."""

    version: int = Field(description="The version you read (0 for the defaults); 409 if it changed")
    offsets_months: list[int] = Field(max_length=100, description=f"At most {schedule.MAX_CONTACTS} contacts")
    window_days: int = Field(description=f"1 to {schedule.MAX_WINDOW_DAYS}")


def _policy_manager(user: User) -> Membership:
    access.require_follow_up_policy_manager(user)
    membership = active_membership(user)
    assert membership is not None  # noqa: S101 — the policy managers have a membership
    return membership


@router.get(
    "/follow-up-policy",
    response={200: FollowUpPolicyOut, 403: ErrorOut},
    summary="Your agency's follow-up schedule after exit: agency admins and program directors",
)
def get_follow_up_policy(request: HttpRequest) -> FollowUpPolicyOut:
    membership = _policy_manager(request_user(request))
    return FollowUpPolicyOut.of(selectors.follow_up_policy_for(membership.agency_id))


@router.put(
    "/follow-up-policy",
    response={200: FollowUpPolicyOut, 400: ErrorOut, 403: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Set the follow-up schedule (never shorter than 24 months); 400 naming the field, 409 on a stale version",
)
def put_follow_up_policy(request: HttpRequest, payload: FollowUpPolicyIn) -> FollowUpPolicyOut:
    user = request_user(request)
    membership = _policy_manager(user)
    policy = actions.do_set_follow_up_policy(
        actor=user,
        agency=membership.agency,
        offsets_months=payload.offsets_months,
        window_days=payload.window_days,
        expected_version=payload.version,
    )
    return FollowUpPolicyOut.of(policy)
