"""Legal-access grants API: who besides the legal team may read a case's privileged material (its legal
notes and documents, reading only). Case readers list them; only the legal team grants and revokes."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from reclaim.accounts.http import request_user
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ErrorOut
from reclaim.cases.access import access_case_by_id
from reclaim.legal import access, actions, selectors
from reclaim.legal.actions import MAX_GRANT_REASON
from reclaim.legal.models import LegalAccessGrant

router = Router(tags=["legal"])


class AccessGrantOut(Schema):
    id: UUID
    case_id: UUID
    user_id: UUID
    user_name: str
    granted_by_id: UUID | None
    granted_at: datetime
    revoked_at: datetime | None
    revoked_by_id: UUID | None
    reason: str | None = Field(description="Why access was given: shown to the legal team only")

    @staticmethod
    def build(grant: LegalAccessGrant, *, show_reason: bool) -> AccessGrantOut:
        return AccessGrantOut(
            id=grant.pk,
            case_id=grant.case_id,
            user_id=grant.user_id,
            user_name=grant.user.display_name,
            granted_by_id=grant.granted_by_id,
            granted_at=grant.created_at,
            revoked_at=grant.revoked_at,
            revoked_by_id=grant.revoked_by_id,
            reason=(grant.reason or "") if show_reason else None,
        )


class AccessGrantIn(Schema):
    user_id: UUID
    reason: str = Field(max_length=MAX_GRANT_REASON)


@router.get(
    "/cases/{uuid:case_id}/legal-access-grants",
    response={200: Page[AccessGrantOut], 404: ErrorOut},
    summary="Colleagues given access to the case's privileged material (live ones; `include_revoked` for all)",
)
def list_grants(
    request: HttpRequest, page: Query[PageQuery], case_id: UUID, include_revoked: bool = False
) -> dict[str, Any]:
    user = request_user(request)
    case = access_case_by_id(user, case_id)
    show_reason = access.can_grant_privileged_access(user, case)
    grants = list(selectors.live_grants_for_case(case).order_by("created_at", "pk"))
    if include_revoked:
        grants += list(selectors.past_grants_for_case(case))
    return paginate(grants, page, lambda grant: AccessGrantOut.build(grant, show_reason=show_reason))


@router.post(
    "/cases/{uuid:case_id}/legal-access-grants",
    response={201: AccessGrantOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Let a colleague read the case's legal notes and documents (legal team only; a reason is required)",
)
def grant_access(request: HttpRequest, case_id: UUID, payload: AccessGrantIn) -> Status[AccessGrantOut]:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    access.require_can_grant_privileged_access(user, case)
    grantee = selectors.colleague_by_id(case.agency_id, payload.user_id)
    grant = actions.do_grant_privileged_access(actor=user, case=case, user=grantee, reason=payload.reason)
    return Status(201, AccessGrantOut.build(grant, show_reason=True))


@router.post(
    "/legal-access-grants/{uuid:grant_id}/revoke",
    response={200: AccessGrantOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="End a colleague's access to the case's privileged material (legal team only)",
)
def revoke_access(request: HttpRequest, grant_id: UUID) -> AccessGrantOut:
    user = request_user(request)
    grant = access.access_grant_by_id(user, grant_id, for_write=True)
    grant = actions.do_revoke_privileged_access(actor=user, grant=grant)
    return AccessGrantOut.build(grant, show_reason=True)
