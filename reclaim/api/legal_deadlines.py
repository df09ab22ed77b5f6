"""Legal deadlines API: agency-wide open deadlines with their reminder stage, matters with a deadline before a
day, and the agency's legal settings. Case numbers, codes and dates only: no names and no free text (a
deadline's own wording is read on its matter)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from reclaim.accounts.access import require_case_worker
from reclaim.accounts.http import request_user
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ConflictOut, ErrorOut
from reclaim.legal import deadline_calendar as cal
from reclaim.legal import policy_actions
from reclaim.legal.actions import MAX_OFFSETS
from reclaim.legal.models import DeadlineKind, LegalDeadline, LegalMatter, LegalPolicy
from reclaim.legal.reminders import status_of
from reclaim.legal.selectors import policy_for

router = Router(tags=["legal"])


class DeadlineOut(Schema):
    id: UUID
    matter_id: UUID
    case_id: UUID
    case_number: str
    matter_type: str = Field(description="The matter type's code")
    matter_type_label: str
    kind: str
    due_on: date
    days_left: int = Field(description="Days from today to the date; negative once overdue")
    overdue: bool
    reminder_stage: int | None = Field(
        description="The reminder offset reached (days before; 0 = the due day), null before the first reminder "
        "and once overdue"
    )
    wording: str
    reminder_offsets: list[int]
    advocate_id: UUID | None
    version: int

    @staticmethod
    def build(deadline: LegalDeadline, today: date) -> DeadlineOut:
        status = status_of(deadline, today)
        matter = deadline.matter
        return DeadlineOut(
            id=deadline.pk,
            matter_id=matter.pk,
            case_id=matter.case_id,
            case_number=matter.case.number,
            matter_type=matter.matter_type.code,
            matter_type_label=matter.matter_type.label,
            kind=deadline.kind,
            due_on=deadline.due_on,
            days_left=status.days_left,
            overdue=status.overdue,
            reminder_stage=status.stage,
            wording=status.wording,
            reminder_offsets=list(deadline.reminder_offsets or []),
            advocate_id=matter.advocate_id,
            version=deadline.version,
        )


class DeadlineListOut(Page[DeadlineOut]):
    pass


class DeadlineQuery(PageQuery):
    due_before: date | None = Field(default=None, description="Only deadlines strictly before this day")
    overdue: bool = False
    kind: DeadlineKind | None = None
    advocate_id: UUID | None = None


@router.get(
    "/legal-deadlines",
    response={200: DeadlineListOut, 403: ErrorOut, 422: ErrorOut},
    summary="Open legal deadlines on the cases you can see, soonest first, with where each stands",
)
def list_deadlines(request: HttpRequest, query: Query[DeadlineQuery]) -> dict[str, Any]:
    user = request_user(request)
    require_case_worker(user)
    today = timezone.localdate()
    filters = cal.DeadlineFilters(
        overdue=query.overdue, kind=query.kind or "", advocate_id=query.advocate_id, due_before=query.due_before
    )
    return paginate(cal.open_deadlines(user, filters, today), query, lambda d: DeadlineOut.build(d, today))


class MatterSummaryOut(Schema):
    id: UUID
    case_id: UUID
    case_number: str
    matter_type: str
    matter_type_label: str
    jurisdiction: str
    current_step: str
    status: str
    opened_on: date
    closed_on: date | None
    outcome: str
    advocate_id: UUID | None
    next_deadline_on: date | None = Field(description="The soonest open deadline, if any")
    version: int

    @staticmethod
    def build(matter: LegalMatter, next_due: date | None) -> MatterSummaryOut:
        return MatterSummaryOut(
            id=matter.pk,
            case_id=matter.case_id,
            case_number=matter.case.number,
            matter_type=matter.matter_type.code,
            matter_type_label=matter.matter_type.label,
            jurisdiction=matter.jurisdiction,
            current_step=matter.current_step.code,
            status=matter.status,
            opened_on=matter.opened_on,
            closed_on=matter.closed_on,
            outcome=matter.outcome,
            advocate_id=matter.advocate_id,
            next_deadline_on=next_due,
            version=matter.version,
        )


class MatterListOut(Page[MatterSummaryOut]):
    pass


class MatterQuery(PageQuery):
    due_before: date | None = Field(default=None, description="Only matters with an open deadline before this day")
    status: Literal["open", "closed"] | None = None
    matter_type: str | None = Field(default=None, max_length=60, description="A matter type code")


@router.get(
    "/legal-matters",
    response={200: MatterListOut, 403: ErrorOut, 422: ErrorOut},
    summary="Legal matters on the cases you can see, newest first; due_before keeps those with an open deadline",
)
def list_matters(request: HttpRequest, query: Query[MatterQuery]) -> dict[str, Any]:
    user = request_user(request)
    require_case_worker(user)
    matters = cal.matters_due_before(
        user, query.due_before, status=query.status or "", matter_type=query.matter_type or ""
    )
    result = paginate(matters, query)
    next_due = cal.next_due_of(user, [m.pk for m in result["items"]])
    result["items"] = [MatterSummaryOut.build(m, next_due.get(m.pk)) for m in result["items"]]
    return result


class PolicyOut(Schema):
    reminder_offsets: list[int] = Field(description="Days before a deadline, latest reminder last")
    default_jurisdiction: str
    jurisdictions: list[str] = Field(description="The jurisdictions the agency has matter types for")
    version: int = Field(description="Send it back on PUT")

    @staticmethod
    def build(policy: LegalPolicy, jurisdictions: list[str]) -> PolicyOut:
        return PolicyOut(
            reminder_offsets=list(policy.reminder_offsets),
            default_jurisdiction=policy.default_jurisdiction,
            jurisdictions=jurisdictions,
            version=policy.version,
        )


class PolicyIn(Schema):
    reminder_offsets: list[int] = Field(max_length=MAX_OFFSETS)
    default_jurisdiction: str = Field(max_length=20)
    version: int


@router.get(
    "/legal-policy",
    response={200: PolicyOut, 403: ErrorOut},
    summary="Your agency's legal settings (reminder offsets, usual jurisdiction): agency admins and directors",
)
def get_policy(request: HttpRequest) -> PolicyOut:
    membership = policy_actions.require_policy_manager(request_user(request))
    return PolicyOut.build(policy_for(membership.agency_id), policy_actions.jurisdictions_for(membership.agency_id))


@router.put(
    "/legal-policy",
    response={200: PolicyOut, 400: ErrorOut, 403: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Set the legal settings; 400 naming the field on bad values, 409 on a stale version",
)
def put_policy(request: HttpRequest, payload: PolicyIn) -> Any:
    user = request_user(request)
    membership = policy_actions.require_policy_manager(user)
    policy = policy_actions.do_save_legal_policy(
        actor=user,
        agency=membership.agency,
        reminder_offsets=payload.reminder_offsets,
        default_jurisdiction=payload.default_jurisdiction,
        expected_version=payload.version,
    )
    return PolicyOut.build(policy, policy_actions.jurisdictions_for(membership.agency_id))
