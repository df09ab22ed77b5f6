"""Consent API (DOMAIN.md §7.2): record, list and revoke a survivor's consents. Every rule is checked on the
server by consent.actions; a signature is accepted as a PNG data URL or a typed name."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from reclaim.accounts.http import request_user
from reclaim.accounts.selectors import active_membership
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ErrorOut
from reclaim.cases.access import access_case_by_id
from reclaim.consent import actions, selectors
from reclaim.consent import template_actions as tactions
from reclaim.consent.access import (
    access_consent_by_id,
    access_template_for_admin,
    access_template_for_reader,
    require_template_admin,
    require_template_reader,
)
from reclaim.consent.models import Channel, DataClass, GivenBy, InformedOf, Method, Purpose, RecipientKind, RevokedHow
from reclaim.people.access import access_survivor_by_id

if TYPE_CHECKING:
    from django.http import HttpRequest

    from reclaim.consent.models import ConsentRecord, ConsentTemplate

router = Router(tags=["consent"])


class ConsentOut(Schema):
    id: UUID
    survivor_id: UUID
    case_id: UUID | None
    purpose: str
    recipient_kind: str
    recipient_agency_id: UUID | None
    recipient_organization_id: UUID | None
    recipient_name: str
    data_classes: list[str]
    channels: list[str]
    method: str
    given_by: str
    signer_name: str
    second_signer_name: str
    witness_name: str
    document_id: UUID | None
    informed_of: list[str]
    summary_language: str
    starts_on: date
    expires_on: date
    status: str
    revoked_at: datetime | None
    revoked_by_whom: str
    revoked_how: str
    version: int
    template_id: UUID | None = Field(description="The consent template version the record was started from.")

    @staticmethod
    def from_consent(consent: ConsentRecord) -> ConsentOut:
        return ConsentOut(
            id=consent.pk,
            survivor_id=consent.survivor_id,
            case_id=consent.case_id,
            purpose=consent.purpose,
            recipient_kind=consent.recipient_kind,
            recipient_agency_id=consent.recipient_agency_id,
            recipient_organization_id=consent.recipient_organization_id,
            recipient_name=consent.recipient_name or "",
            data_classes=list(consent.data_classes),
            channels=list(consent.channels),
            method=consent.method,
            given_by=consent.given_by,
            signer_name=consent.signer_name or "",
            second_signer_name=consent.second_signer_name or "",
            witness_name=consent.witness_name or "",
            document_id=consent.document_id,
            informed_of=list(consent.informed_of),
            summary_language=consent.summary_language,
            starts_on=consent.starts_on,
            expires_on=consent.expires_on,
            status=consent.status_on(timezone.localdate()),
            revoked_at=consent.revoked_at,
            revoked_by_whom=consent.revoked_by_whom,
            revoked_how=consent.revoked_how,
            version=consent.version,
            template_id=consent.template_id,
        )


class ConsentIn(Schema):
    survivor_id: UUID
    case_id: UUID | None = None
    purpose: Purpose
    method: Method
    signer_name: str = Field(max_length=200)
    recipient_kind: RecipientKind | None = None
    recipient_agency_id: UUID | None = None
    recipient_organization_id: UUID | None = None
    recipient_name: str = Field(default="", max_length=200)
    data_classes: list[DataClass] = Field(default_factory=list, max_length=20)
    channels: list[Channel] = Field(default_factory=list, max_length=3)
    signature: str = Field(default="", max_length=actions.SIGNATURE_MAX_LENGTH)
    witness_name: str = Field(default="", max_length=200)
    document_id: UUID | None = None
    given_by: GivenBy = GivenBy.SURVIVOR
    second_signer_name: str = Field(default="", max_length=200)
    informed_of: list[InformedOf] = Field(default_factory=list, max_length=10)
    summary_language: str = Field(default="", max_length=10)
    starts_on: date | None = None
    expires_on: date
    template_id: UUID | None = Field(default=None, description="A consent template (version) it was started from.")


class RevokeIn(Schema):
    version: int
    by_whom: GivenBy
    how: RevokedHow
    note: str = Field(default="", max_length=actions.NOTE_MAX_LENGTH)


@router.post(
    "/consents",
    response={201: ConsentOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Record a consent a survivor (or their guardian) gave; expiry is required",
)
def create_consent(request: HttpRequest, payload: ConsentIn) -> Status[ConsentOut]:
    user = request_user(request)
    survivor = access_survivor_by_id(user, payload.survivor_id, for_write=True, purpose="consent")
    case = access_case_by_id(user, payload.case_id, for_write=True) if payload.case_id else None
    consent = actions.do_record_consent(
        actor=user,
        survivor=survivor,
        case=case,
        data=actions.ConsentInput(
            purpose=payload.purpose,
            method=payload.method,
            signer_name=payload.signer_name,
            recipient_kind=payload.recipient_kind or "",
            recipient_agency_id=payload.recipient_agency_id,
            recipient_organization_id=payload.recipient_organization_id,
            recipient_name=payload.recipient_name,
            data_classes=[str(code) for code in payload.data_classes],
            channels=[str(code) for code in payload.channels],
            signature=payload.signature,
            witness_name=payload.witness_name,
            document_id=payload.document_id,
            given_by=payload.given_by,
            second_signer_name=payload.second_signer_name,
            informed_of=[str(code) for code in payload.informed_of],
            summary_language=payload.summary_language,
            starts_on=payload.starts_on,
            expires_on=payload.expires_on,
            template_id=payload.template_id,
        ),
    )
    return Status(201, ConsentOut.from_consent(consent))


@router.get(
    "/survivors/{uuid:survivor_id}/consents",
    response={200: Page[ConsentOut], 404: ErrorOut},
    summary="A survivor's consents, newest first, with their status today (audited read)",
)
def list_consents(request: HttpRequest, page: Query[PageQuery], survivor_id: UUID) -> dict[str, Any]:
    survivor = access_survivor_by_id(request_user(request), survivor_id, purpose="consent")
    return paginate(selectors.consents_for_survivor(survivor), page, ConsentOut.from_consent)


@router.post(
    "/consents/{uuid:consent_id}/revoke",
    response={200: ConsentOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Take a consent back, at once (send the version you read; 409 if it changed)",
)
def revoke_consent(request: HttpRequest, consent_id: UUID, payload: RevokeIn) -> ConsentOut:
    user = request_user(request)
    consent = access_consent_by_id(user, consent_id, for_write=True)
    consent = actions.do_revoke_consent(
        actor=user,
        consent=consent,
        by_whom=payload.by_whom,
        how=payload.how,
        note=payload.note,
        expected_version=payload.version,
    )
    return ConsentOut.from_consent(consent)


# Consent templates (consent:templates in the UI): admins and staff who record consents read them; agency admins
# write them. An edit of a version a record used answers the new version (another id, the next `number`).


class ConsentTemplateOut(Schema):
    id: UUID
    family: UUID = Field(description="Shared by every version of one template.")
    number: int = Field(description="The template's version number (1, 2, ...).")
    name: str
    purpose: str
    data_classes: list[str]
    channels: list[str]
    length_days: int
    informed_of: list[str]
    requires_second_signer: bool
    text_en: str
    text_es: str
    text_fr: str
    text_ar: str
    current: bool = Field(description="False once a later version replaced this one.")
    retired: bool
    version: int = Field(description="The edit lock: send it back to change or retire the template.")

    @staticmethod
    def from_template(template: ConsentTemplate) -> ConsentTemplateOut:
        return ConsentTemplateOut(
            id=template.pk,
            family=template.family,
            number=template.number,
            name=template.name,
            purpose=template.purpose,
            data_classes=list(template.data_classes),
            channels=list(template.channels),
            length_days=template.length_days,
            informed_of=list(template.informed_of),
            requires_second_signer=template.requires_second_signer,
            text_en=template.text_en,
            text_es=template.text_es,
            text_fr=template.text_fr,
            text_ar=template.text_ar,
            current=template.superseded_at is None,
            retired=template.retired_at is not None,
            version=template.version,
        )


class ConsentTemplateIn(Schema):
    name: str = Field(max_length=tactions.NAME_MAX_LENGTH)
    purpose: Purpose
    length_days: int = Field(ge=1, le=tactions.MAX_LENGTH_DAYS)
    text_en: str = Field(max_length=tactions.TEXT_MAX_LENGTH)
    text_es: str = Field(default="", max_length=tactions.TEXT_MAX_LENGTH)
    text_fr: str = Field(default="", max_length=tactions.TEXT_MAX_LENGTH)
    text_ar: str = Field(default="", max_length=tactions.TEXT_MAX_LENGTH)
    data_classes: list[DataClass] = Field(default_factory=list, max_length=20)
    channels: list[Channel] = Field(default_factory=list, max_length=3)
    informed_of: list[InformedOf] = Field(default_factory=list, max_length=10)
    requires_second_signer: bool = False

    def to_input(self) -> tactions.TemplateInput:
        return tactions.TemplateInput(
            name=self.name,
            purpose=self.purpose,
            length_days=self.length_days,
            text_en=self.text_en,
            text_es=self.text_es,
            text_fr=self.text_fr,
            text_ar=self.text_ar,
            data_classes=[str(code) for code in self.data_classes],
            channels=[str(code) for code in self.channels],
            informed_of=[str(code) for code in self.informed_of],
            requires_second_signer=self.requires_second_signer,
        )


class ConsentTemplateUpdateIn(ConsentTemplateIn):
    version: int


class ConsentTemplateRetireIn(Schema):
    version: int


class ConsentTemplateQuery(PageQuery):
    include_retired: bool = Field(default=False, description="Also list retired templates.")


@router.get(
    "/consent-templates",
    response={200: Page[ConsentTemplateOut], 403: ErrorOut, 422: ErrorOut},
    summary="The agency's consent templates: the current version of each, by name (retired ones on request)",
)
def list_consent_templates(request: HttpRequest, query: Query[ConsentTemplateQuery]) -> dict[str, Any]:
    user = request_user(request)
    require_template_reader(user)
    rows = selectors.current_templates_for_reader(user, include_retired=query.include_retired)
    scope = "consent-templates:all" if query.include_retired else "consent-templates"
    return paginate(rows.order_by("name", "pk"), query, ConsentTemplateOut.from_template, scope=scope)


@router.get(
    "/consent-templates/{uuid:template_id}",
    response={200: ConsentTemplateOut, 403: ErrorOut, 404: ErrorOut},
    summary="One consent template version (also an old one a consent record names)",
)
def get_consent_template(request: HttpRequest, template_id: UUID) -> ConsentTemplateOut:
    return ConsentTemplateOut.from_template(access_template_for_reader(request_user(request), template_id))


@router.post(
    "/consent-templates",
    response={201: ConsentTemplateOut, 400: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Add a consent template (agency admins)",
)
def create_consent_template(request: HttpRequest, payload: ConsentTemplateIn) -> Status[ConsentTemplateOut]:
    user = request_user(request)
    require_template_admin(user)
    membership = active_membership(user)
    assert membership is not None  # noqa: S101 — an agency admin has a membership
    template = tactions.do_create_consent_template(actor=user, agency=membership.agency, data=payload.to_input())
    return Status(201, ConsentTemplateOut.from_template(template))


@router.put(
    "/consent-templates/{uuid:template_id}",
    response={200: ConsentTemplateOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Change a template's current version (a used one becomes a new version: the answer's id)",
)
def update_consent_template(
    request: HttpRequest, template_id: UUID, payload: ConsentTemplateUpdateIn
) -> ConsentTemplateOut:
    user = request_user(request)
    template = access_template_for_admin(user, template_id, for_write=True)
    saved = tactions.do_update_consent_template(
        actor=user, template=template, data=payload.to_input(), expected_version=payload.version
    )
    return ConsentTemplateOut.from_template(saved)


@router.post(
    "/consent-templates/{uuid:template_id}/retire",
    response={200: ConsentTemplateOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Retire a template: no longer offered; consents made from it keep it",
)
def retire_consent_template(
    request: HttpRequest, template_id: UUID, payload: ConsentTemplateRetireIn
) -> ConsentTemplateOut:
    user = request_user(request)
    template = access_template_for_admin(user, template_id, for_write=True)
    retired = tactions.do_retire_consent_template(actor=user, template=template, expected_version=payload.version)
    return ConsentTemplateOut.from_template(retired)
