from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema

from reclaim.accounts.http import request_user
from reclaim.accounts.selectors import active_membership, capabilities

router = Router(tags=["me"])


class CapabilitiesOut(Schema):
    case_scope: str
    edits_cases: bool
    sees_clinical: bool
    sees_legal: bool
    manages_staff: bool
    views_audit: bool
    views_aggregates: bool


class MeOut(Schema):
    id: UUID
    display_name: str
    email: str
    agency_id: UUID | None
    agency_name: str | None
    role: str | None
    is_platform_operator: bool
    capabilities: CapabilitiesOut


@router.get("/me", response=MeOut, summary="The signed-in user, their agency, role and capabilities")
def me(request: HttpRequest) -> MeOut:
    user = request_user(request)
    membership = active_membership(user)
    caps = capabilities(user)
    return MeOut(
        id=user.pk,
        display_name=user.display_name,
        email=user.email,
        agency_id=membership.agency_id if membership else None,
        agency_name=membership.agency.name if membership else None,
        role=membership.role if membership else None,
        is_platform_operator=user.is_platform_operator,
        capabilities=CapabilitiesOut(
            case_scope=str(caps.case_scope),
            edits_cases=caps.edits_cases,
            sees_clinical=caps.sees_clinical,
            sees_legal=caps.sees_legal,
            manages_staff=caps.manages_staff,
            views_audit=caps.views_audit,
            views_aggregates=caps.views_aggregates,
        ),
    )
