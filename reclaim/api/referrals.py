"""Referral API (DOMAIN.md §7.3, §8): create (and send), list by direction, read, move, override consent.

The recipient reads exactly the frozen packet, and only while consent still covers it; never anything else
of the sender's case. Data classes no live consent covers give 422 naming them; a user on neither side gets
404; a stale version 409. There is no client flag that skips the consent check: an override is its own
operation, for roles with `overrides_consent` only."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema, Status

from reclaim.accounts.http import request_user
from reclaim.accounts.selectors import active_membership
from reclaim.api.pagination import Page, PageQuery, checked_sort, paginate
from reclaim.api.schemas import ConflictOut, ErrorOut
from reclaim.cases.access import access_case_by_id, require_case_worker
from reclaim.consent.models import DataClass
from reclaim.people.access import access_survivor_by_id
from reclaim.referrals import actions, selectors
from reclaim.referrals.access import access_referral_by_id, require_override_right, require_policy_manager
from reclaim.referrals.models import ReferralStatus, Urgency
from reclaim.referrals.referral_states import DeclineReason, Outcome, Side, State

if TYPE_CHECKING:
    from django.http import HttpRequest

    from reclaim.referrals.models import Referral

router = Router(tags=["referrals"])


class TransitionOut(Schema):
    from_status: str
    to_status: str
    at: datetime
    by_agency_id: UUID
    reason_code: str
    outcome: str
    note: str


class ReferralOut(Schema):
    id: UUID
    direction: Literal["outgoing", "incoming"]
    status: str
    from_agency_id: UUID
    to_agency_id: UUID | None
    to_organization_id: UUID | None
    service_category: str
    urgency: str
    data_classes: list[str]
    sent_at: datetime | None
    acknowledge_by: datetime | None
    acknowledged_at: datetime | None
    escalated_at: datetime | None
    closed_at: datetime | None
    decline_reason: str
    outcome: str
    # Computed on read, for one referral at a time: null in lists.
    packet_available: bool | None
    # The frozen packet; for the recipient null once consent no longer covers it.
    packet: dict[str, Any] | None
    version: int
    # Sender side only (null for the recipient):
    case_id: UUID | None = None
    reason: str | None = None
    outcome_note: str | None = None
    consent_override_classes: list[str] | None = None
    receiving_case_id: UUID | None = None
    outcome_seen_at: datetime | None = Field(
        default=None, description="When a worker on the sending case marked the outcome seen (sender side only)"
    )
    transitions: list[TransitionOut] = Field(default_factory=list)

    @staticmethod
    def of(referral: Referral, side: Side, *, detail: bool = False) -> ReferralOut:
        available = selectors.packet_available(referral) if detail else False
        sender = side == Side.SENDER
        show_notes = sender or available
        transitions = (
            [
                TransitionOut(
                    from_status=row.from_status,
                    to_status=row.to_status,
                    at=row.at,
                    by_agency_id=row.by_agency_id,
                    reason_code=row.reason_code,
                    outcome=row.outcome,
                    note=(row.reason or "") if show_notes else "",
                )
                for row in selectors.transitions_for(referral)
            ]
            if detail
            else []
        )
        if sender:
            packet = referral.packet if detail and referral.status != State.DRAFT else None
        else:
            packet = referral.packet if detail and available else None
        return ReferralOut(
            id=referral.pk,
            direction="outgoing" if sender else "incoming",
            status=referral.status,
            from_agency_id=referral.agency_id,
            to_agency_id=referral.to_agency_id,
            to_organization_id=referral.to_organization_id if sender else None,
            service_category=referral.service_category,
            urgency=referral.urgency,
            data_classes=list(referral.data_classes),
            sent_at=referral.sent_at,
            acknowledge_by=referral.acknowledge_by,
            acknowledged_at=referral.acknowledged_at,
            escalated_at=referral.escalated_at if sender else None,
            closed_at=referral.closed_at,
            decline_reason=referral.status_reason,
            outcome=referral.outcome,
            packet_available=available if detail else None,
            packet=packet,
            version=referral.version,
            case_id=referral.case_id if sender else None,
            reason=(referral.reason or "") if sender else None,
            outcome_note=(referral.outcome_note or "") if sender or available else None,
            consent_override_classes=list(referral.consent_override_classes) if sender else None,
            receiving_case_id=referral.receiving_case_id if not sender else None,
            outcome_seen_at=referral.outcome_seen_at if sender else None,
            transitions=transitions,
        )


class ReferralIn(Schema):
    case_id: UUID
    to_agency_id: UUID | None = None
    to_organization_id: UUID | None = None
    service_category: str = Field(max_length=40)
    goal_id: UUID | None = None
    reason: str = Field(default="", max_length=actions.REASON_MAX_LENGTH)
    urgency: Urgency = Urgency.ROUTINE
    data_classes: list[DataClass] = Field(default_factory=list, max_length=12)
    send: bool = True


class ReferralTransitionIn(Schema):
    version: int
    to: ReferralStatus
    reason: DeclineReason | None = None
    outcome: Outcome | None = None
    note: str = Field(default="", max_length=2000)
    # Accepting (recipient): open a case in our agency with the packet's consented identity.
    open_case: bool = False
    existing_survivor_id: UUID | None = None
    confirm_new: bool = False


class OverrideIn(Schema):
    version: int
    reason: str = Field(max_length=actions.REASON_MAX_LENGTH)


REFERRAL_SORTS = ("-created_at", "created_at", "-updated_at", "updated_at", "status", "-status", "urgency", "-urgency")


class ListQuery(PageQuery):
    direction: Literal["incoming", "outgoing"] = "outgoing"
    status: str = ""
    sort: str = Field(default="-created_at", description=f"One of {', '.join(REFERRAL_SORTS)} (- is descending).")


@router.post(
    "/referrals",
    response={201: ReferralOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Refer from a case; sent at once unless `send` is false. Classes without consent: 422 naming them",
)
def create_referral(request: HttpRequest, payload: ReferralIn) -> Status[ReferralOut]:
    user = request_user(request)
    case = access_case_by_id(user, payload.case_id, for_write=True)
    referral = actions.do_create_referral(
        actor=user,
        case=case,
        data=actions.ReferralInput(
            service_category=payload.service_category,
            to_agency_id=payload.to_agency_id,
            to_organization_id=payload.to_organization_id,
            reason=payload.reason,
            urgency=payload.urgency,
            data_classes=[str(code) for code in payload.data_classes],
            goal_id=payload.goal_id,
        ),
        send=payload.send,
    )
    return Status(201, ReferralOut.of(referral, Side.SENDER, detail=True))


@router.get(
    "/referrals",
    response={200: Page[ReferralOut], 403: ErrorOut},
    summary="Referrals sent from your cases (outgoing) or to your agency (incoming); packets only on GET by id",
)
def list_referrals(request: HttpRequest, query: Query[ListQuery]) -> dict[str, Any]:
    user = request_user(request)
    if query.direction == "incoming":
        if not selectors.can_receive(user):
            raise PermissionDenied
        rows, side = selectors.incoming_for_user(user), Side.RECIPIENT
    else:
        require_case_worker(user)
        rows, side = selectors.outgoing_for_user(user), Side.SENDER
    rows = selectors.filter_status(rows, query.status).order_by(checked_sort(query.sort, REFERRAL_SORTS))
    return paginate(rows, query, lambda referral: ReferralOut.of(referral, side))


@router.get(
    "/referrals/{uuid:referral_id}",
    response={200: ReferralOut, 404: ErrorOut},
    summary="One referral (audited read). The recipient sees the packet only, and only while consent covers it",
)
def get_referral(request: HttpRequest, referral_id: UUID) -> ReferralOut:
    referral, side = access_referral_by_id(request_user(request), referral_id)
    return ReferralOut.of(referral, side, detail=True)


@router.post(
    "/referrals/{uuid:referral_id}/transitions",
    response={200: ReferralOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Move a referral (send the version you read; 409 if it changed). Declining needs a reason and a "
    "note, completing an outcome and a note, failing a note",
)
def transition_referral(request: HttpRequest, referral_id: UUID, payload: ReferralTransitionIn) -> ReferralOut:
    user = request_user(request)
    referral, side = access_referral_by_id(user, referral_id, for_write=True)
    new_case = None
    if payload.open_case and str(payload.to) == State.ACCEPTED.value:
        existing = (
            access_survivor_by_id(user, payload.existing_survivor_id, for_write=True, purpose="referral: same person")
            if payload.existing_survivor_id
            else None
        )
        new_case = actions.NewCase(existing_survivor=existing, confirm_new=payload.confirm_new)
    referral = actions.do_transition_referral(
        actor=user,
        referral=referral,
        to=payload.to,
        expected_version=payload.version,
        reason_code=payload.reason or "",
        outcome=payload.outcome or "",
        note=payload.note,
        new_case=new_case,
    )
    return ReferralOut.of(referral, side, detail=True)


@router.post(
    "/referrals/{uuid:referral_id}/override-consent",
    response={200: ReferralOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut},
    summary="Let a draft go without consent for the classes none covers (supervisors, program directors; "
    "reason required, audited)",
)
def override_consent(request: HttpRequest, referral_id: UUID, payload: OverrideIn) -> ReferralOut:
    user = request_user(request)
    referral, side = access_referral_by_id(user, referral_id)
    if side != Side.SENDER:
        raise PermissionDenied
    require_override_right(user, referral)
    referral = actions.do_override_consent(
        actor=user, referral=referral, reason=payload.reason, expected_version=payload.version
    )
    return ReferralOut.of(referral, Side.SENDER, detail=True)


@router.post(
    "/referrals/{uuid:referral_id}/outcome-seen",
    response={200: ReferralOut, 403: ErrorOut, 404: ErrorOut},
    summary="Mark the outcome read by the sending case's worker: it leaves the task list (idempotent)",
)
def mark_outcome_seen(request: HttpRequest, referral_id: UUID) -> ReferralOut:
    user = request_user(request)
    referral, side = access_referral_by_id(user, referral_id, for_write=True)
    if side != Side.SENDER:
        raise PermissionDenied  # the recipient reads the referral; the outcome is the sender's to note
    referral = actions.do_mark_outcome_seen(actor=user, referral=referral)
    return ReferralOut.of(referral, Side.SENDER, detail=True)


class ReferralPolicyOut(Schema):
    ack_business_days: int = Field(description="Business days a recipient has to acknowledge a referral")
    stale_days: int = Field(description="Days without movement after which a referral counts as stale")
    version: int


class ReferralPolicyIn(Schema):
    version: int = Field(description="The version you read; 409 if it changed")
    ack_business_days: int = Field(description="1 to 30")
    stale_days: int = Field(description="1 to 365")


def _policy_out(agency_id: Any) -> ReferralPolicyOut:
    row, values = selectors.policy_row(agency_id), selectors.policy_for(agency_id)
    return ReferralPolicyOut(
        ack_business_days=values.ack_business_days,
        stale_days=values.stale_days,
        version=row.version if row else 1,  # as the settings page: the row is made at version 1 on first save
    )


def _policy_agency(user: Any) -> Any:
    require_policy_manager(user)
    membership = active_membership(user)
    assert membership is not None  # noqa: S101 — require_policy_manager needs a membership
    return membership.agency


@router.get(
    "/referral-policy",
    response={200: ReferralPolicyOut, 403: ErrorOut},
    summary="Your agency's referral deadlines (acknowledgement, stale period): agency admins and directors",
)
def get_referral_policy(request: HttpRequest) -> ReferralPolicyOut:
    return _policy_out(_policy_agency(request_user(request)).pk)


@router.put(
    "/referral-policy",
    response={200: ReferralPolicyOut, 400: ErrorOut, 403: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Set the referral deadlines; 400 naming the field on bad values, 409 on a stale version",
)
def put_referral_policy(request: HttpRequest, payload: ReferralPolicyIn) -> ReferralPolicyOut:
    user = request_user(request)
    agency = _policy_agency(user)
    actions.do_set_referral_policy(
        actor=user,
        agency=agency,
        ack_business_days=payload.ack_business_days,
        stale_days=payload.stale_days,
        expected_version=payload.version,
    )
    return _policy_out(agency.pk)
