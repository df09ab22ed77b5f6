"""Volunteer screening steps and signed agreements (issue 11 API completeness; the volunteer page's
"Screening" and "Agreements" panels).

Same gates and actions as the pages (reclaim/outreach/views/volunteers.py): volunteer coordinators and agency
admins of the volunteer's agency (`can_manage_volunteers`); others 403, another agency's volunteer 404. Reading
is audited like the page (the volunteer record holds contact details). A screening step is changed with the
version read (stale: 409); waiving one needs the reason in `note`. Signing an agreement again adds a row (the
latest counts). Bad values are 422 naming the field, and nothing is saved."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError

from reclaim.accounts.http import request_user
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ConflictOut, ErrorOut
from reclaim.core.errors import DomainError, EditConflict
from reclaim.outreach import volunteers_access as access
from reclaim.outreach import volunteers_actions as actions
from reclaim.outreach import volunteers_selectors as selectors
from reclaim.outreach.models import VolunteerAgreement, VolunteerScreening

router = Router(tags=["outreach: volunteers"])

READ = {403: ErrorOut, 404: ErrorOut}
WRITE = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut}
BASE = "/outreach/volunteers/{uuid:volunteer_id}"


def _invalid(exc: DomainError) -> Exception:
    if isinstance(exc, EditConflict) or not exc.fields:
        return exc
    return ValidationError(
        [
            {"loc": ("body", "payload", name), "msg": message}
            for name, messages in exc.fields.items()
            for message in messages
        ]
    )


class VolunteerScreeningOut(Schema):
    id: UUID
    kind: str = Field(description="interview, references or background_check")
    status: str = Field(description="not_started, in_progress, passed, failed or waived")
    done_on: date | None
    note: str
    version: int

    @staticmethod
    def of(screening: VolunteerScreening) -> VolunteerScreeningOut:
        return VolunteerScreeningOut(
            id=screening.pk,
            kind=screening.kind,
            status=screening.status,
            done_on=screening.done_on,
            note=screening.note or "",
            version=screening.version,
        )


class VolunteerScreeningIn(Schema):
    version: int
    status: str = Field(description="not_started, in_progress, passed, failed or waived")
    done_on: date | None = None
    note: str = Field("", description="when you waive a step, say why here")


class VolunteerAgreementOut(Schema):
    id: UUID
    kind: str = Field(description="confidentiality, code_of_conduct or volunteer_agreement")
    signed_on: date
    document_version: str
    expires_on: date | None

    @staticmethod
    def of(agreement: VolunteerAgreement) -> VolunteerAgreementOut:
        return VolunteerAgreementOut(
            id=agreement.pk,
            kind=agreement.kind,
            signed_on=agreement.signed_on,
            document_version=agreement.document_version,
            expires_on=agreement.expires_on,
        )


class VolunteerAgreementIn(Schema):
    kind: str = Field(description="confidentiality, code_of_conduct or volunteer_agreement")
    signed_on: date | None = None
    document_version: str = ""
    expires_on: date | None = None


@router.get(
    f"{BASE}/screenings", response={200: Page[VolunteerScreeningOut], **READ}, summary="The volunteer's screening steps"
)
def list_screenings(request: HttpRequest, volunteer_id: UUID, page: Query[PageQuery]) -> dict[str, Any]:
    volunteer = access.access_volunteer_by_id(request_user(request), volunteer_id)
    return paginate(selectors.screenings(volunteer), page, VolunteerScreeningOut.of)


@router.put(
    f"{BASE}/screenings/{{uuid:screening_id}}",
    response={200: VolunteerScreeningOut, **WRITE},
    summary="Record where a screening step stands, with the version read",
)
def record_screening(
    request: HttpRequest, volunteer_id: UUID, screening_id: UUID, payload: VolunteerScreeningIn
) -> VolunteerScreeningOut:
    user = request_user(request)
    volunteer = access.access_volunteer_by_id(user, volunteer_id, for_write=True)
    screening = access.access_screening_by_id(user, volunteer, screening_id)
    try:
        screening = actions.do_record_screening(
            actor=user,
            screening=screening,
            expected_version=payload.version,
            values=actions.ScreeningValues(status=payload.status, done_on=payload.done_on, note=payload.note),
        )
    except DomainError as exc:
        raise _invalid(exc) from exc
    return VolunteerScreeningOut.of(screening)


@router.get(
    f"{BASE}/agreements",
    response={200: Page[VolunteerAgreementOut], **READ},
    summary="Every agreement the volunteer signed (latest first within a kind; the latest of a kind counts)",
)
def list_agreements(request: HttpRequest, volunteer_id: UUID, page: Query[PageQuery]) -> dict[str, Any]:
    volunteer = access.access_volunteer_by_id(request_user(request), volunteer_id)
    return paginate(selectors.agreements(volunteer), page, VolunteerAgreementOut.of)


@router.post(f"{BASE}/agreements", response={201: VolunteerAgreementOut, **WRITE}, summary="Record a signed agreement")
def create_agreement(
    request: HttpRequest, volunteer_id: UUID, payload: VolunteerAgreementIn
) -> Status[VolunteerAgreementOut]:
    user = request_user(request)
    volunteer = access.access_volunteer_by_id(user, volunteer_id, for_write=True)
    values = actions.AgreementValues(
        kind=payload.kind,
        signed_on=payload.signed_on,
        document_version=payload.document_version,
        expires_on=payload.expires_on,
    )
    try:
        agreement = actions.do_record_agreement(actor=user, volunteer=volunteer, values=values)
    except DomainError as exc:
        raise _invalid(exc) from exc
    return Status(201, VolunteerAgreementOut.of(agreement))
