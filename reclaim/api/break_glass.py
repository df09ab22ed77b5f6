"""Emergency access (break-glass) API (issue 11 D), with the pages' rules (reclaim/accounts/views.py).

A platform operator lists their grants, opens one (an active agency, a reason of at least 20 characters, 1 to
RECLAIM_BREAK_GLASS_MAX_HOURS hours; the agency's admins are alerted) and closes one. Opening is a step-up action
on the page, so an API token is always refused and a browser session must have re-entered its password just now
(reclaim/api/auth.py `require_step_up`). An agency admin lists the grants to their agency and marks them reviewed."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from reclaim.accounts import access, actions, selectors
from reclaim.accounts.http import request_user
from reclaim.accounts.models import BreakGlassGrant
from reclaim.api.auth import require_step_up
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ErrorOut

router = Router(tags=["break-glass"])


class BreakGlassGrantOut(Schema):
    id: UUID
    agency_id: UUID
    operator_id: UUID
    reason: str
    created_at: datetime
    expires_at: datetime
    ended_at: datetime | None
    live: bool = Field(description="Open now: not closed and not expired")
    reviewed_at: datetime | None
    reviewed_by_id: UUID | None

    @staticmethod
    def of(grant: BreakGlassGrant) -> BreakGlassGrantOut:
        return BreakGlassGrantOut(
            id=grant.pk,
            agency_id=grant.agency_id,
            operator_id=grant.operator_id,
            reason=grant.reason,
            created_at=grant.created_at,
            expires_at=grant.expires_at,
            ended_at=grant.ended_at,
            live=grant.ended_at is None and grant.expires_at > timezone.now(),
            reviewed_at=grant.reviewed_at,
            reviewed_by_id=grant.reviewed_by_id,
        )


class BreakGlassReviewOut(BreakGlassGrantOut):
    operator_name: str
    reviewed_by_name: str = Field(description="Empty until reviewed, or when the reviewer's account is gone")

    @staticmethod
    def of_review(grant: BreakGlassGrant) -> BreakGlassReviewOut:
        return BreakGlassReviewOut(
            **BreakGlassGrantOut.of(grant).model_dump(),
            operator_name=grant.operator.display_name,
            reviewed_by_name=grant.reviewed_by.display_name if grant.reviewed_by else "",
        )


class BreakGlassGrantIn(Schema):
    agency_id: UUID
    reason: str = Field(
        max_length=1000, description="Why emergency access is needed: at least 20 characters (400 otherwise)"
    )
    hours: int = Field(ge=1, le=settings.RECLAIM_BREAK_GLASS_MAX_HOURS, description="How long access stays open")


@router.get(
    "/break-glass/grants",
    response={200: Page[BreakGlassGrantOut], 403: ErrorOut},
    summary="Your emergency-access grants, newest first (platform operators)",
)
def list_grants(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    user = request_user(request)
    access.require_platform_operator(user)
    return paginate(selectors.grants_for_operator(user), page, BreakGlassGrantOut.of)


@router.post(
    "/break-glass/grants",
    response={201: BreakGlassGrantOut, 400: ErrorOut, 403: ErrorOut},
    summary="Open emergency access to an agency with a reason and a time limit; its admins are alerted "
    "(platform operators; needs the password re-entered: a browser session only, never an API token)",
)
def start_grant(request: HttpRequest, payload: BreakGlassGrantIn) -> Status[BreakGlassGrantOut]:
    user = request_user(request)
    agency = access.access_agency_for_operator(user, payload.agency_id)
    require_step_up(request)
    grant = actions.do_start_break_glass(actor=user, agency=agency, reason=payload.reason, hours=payload.hours)
    return Status(201, BreakGlassGrantOut.of(grant))


@router.post(
    "/break-glass/grants/{uuid:grant_id}/end",
    response={200: BreakGlassGrantOut},
    summary="Close one of your emergency-access grants now (platform operators)",
)
def end_grant(request: HttpRequest, grant_id: UUID) -> BreakGlassGrantOut:
    user = request_user(request)
    access.require_platform_operator(user)
    grant = access.access_operator_grant_by_id(user, grant_id, for_write=True)
    return BreakGlassGrantOut.of(actions.do_end_break_glass(actor=user, grant=grant))


@router.get(
    "/break-glass/review",
    response={200: Page[BreakGlassReviewOut], 403: ErrorOut},
    summary="Emergency-access grants to your agency, newest first, for review (agency admins)",
)
def list_grants_for_review(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    user = request_user(request)
    access.require_staff_manager(user)
    return paginate(selectors.grants_for_agency_admin(user), page, BreakGlassReviewOut.of_review)


@router.post(
    "/break-glass/review/{uuid:grant_id}",
    response={200: BreakGlassReviewOut},
    summary="Mark a grant to your agency as reviewed; its alerts close (agency admins)",
)
def review_grant(request: HttpRequest, grant_id: UUID) -> BreakGlassReviewOut:
    user = request_user(request)
    access.require_staff_manager(user)
    grant = access.access_admin_grant_by_id(user, grant_id, for_write=True)
    actions.do_review_break_glass(actor=user, grant=grant)
    return BreakGlassReviewOut.of_review(access.access_admin_grant_by_id(user, grant_id))
