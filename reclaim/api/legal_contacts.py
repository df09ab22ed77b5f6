"""Law-enforcement contacts and legal outcomes API, with the UI's permissions: contacts are read with the case
(the officer, request and notes only with privileged access: null otherwise) and written by its editors;
a disclosure names a live law_enforcement_disclosure consent or is refused (400). Outcomes are aggregates,
small cells suppressed (null) for viewers who may not read every case counted."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from reclaim.accounts.http import request_user
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ConflictOut, ErrorOut
from reclaim.cases.access import access_case_by_id
from reclaim.core.errors import DomainError
from reclaim.legal import access, actions, selectors
from reclaim.legal.actions import MAX_NOTE, MAX_TEXT, LEContactInput
from reclaim.legal.models import ContactKind, ContactResponse, LawEnforcementContact
from reclaim.legal.outcomes import relief_counts, shown
from reclaim.reporting.selectors import small_cell_k

router = Router(tags=["legal"])


class LEContactOut(Schema):
    id: UUID
    case_id: UUID
    matter_id: UUID | None
    occurred_on: date
    kind: str
    organization_id: UUID | None
    agency_name: str
    response: str
    information_disclosed: bool
    consent_id: UUID | None
    privileged_hidden: bool = Field(description="true when officer_name, request and notes are withheld (null)")
    officer_name: str | None
    request: str | None
    notes: str | None
    recorded_by_id: UUID | None
    version: int

    @staticmethod
    def build(contact: LawEnforcementContact, *, privileged: bool) -> LEContactOut:
        return LEContactOut(
            id=contact.pk,
            case_id=contact.case_id,
            matter_id=contact.matter_id,
            occurred_on=contact.occurred_on,
            kind=contact.kind,
            organization_id=contact.organization_id,
            agency_name=contact.agency_name or "",
            response=contact.response,
            information_disclosed=contact.information_disclosed,
            consent_id=contact.consent_id,
            privileged_hidden=not privileged,
            officer_name=(contact.officer_name or "") if privileged else None,
            request=(contact.request or "") if privileged else None,
            notes=(contact.notes or "") if privileged else None,
            recorded_by_id=contact.recorded_by_id,
            version=contact.version,
        )


class LEContactIn(Schema):
    occurred_on: date
    kind: ContactKind
    response: ContactResponse = ContactResponse.NOT_APPLICABLE
    information_disclosed: bool = False
    consent_id: UUID | None = Field(default=None, description="required when information_disclosed")
    matter_id: UUID | None = None
    organization_id: UUID | None = None
    agency_name: str = Field(default="", max_length=MAX_TEXT)
    officer_name: str = Field(default="", max_length=MAX_TEXT)
    request: str = Field(default="", max_length=MAX_NOTE)
    notes: str = Field(default="", max_length=MAX_NOTE)


class LEContactPatchIn(Schema):
    """Only the fields sent change; `version` is the one you read (409 when someone saved since). The officer,
    request and notes may be sent only by someone who reads them (403 otherwise)."""

    version: int
    occurred_on: date | None = None
    kind: ContactKind | None = None
    response: ContactResponse | None = None
    information_disclosed: bool | None = None
    consent_id: UUID | None = None
    matter_id: UUID | None = None
    organization_id: UUID | None = None
    agency_name: str | None = Field(default=None, max_length=MAX_TEXT)
    officer_name: str | None = Field(default=None, max_length=MAX_TEXT)
    request: str | None = Field(default=None, max_length=MAX_NOTE)
    notes: str | None = Field(default=None, max_length=MAX_NOTE)


@router.get(
    "/cases/{uuid:case_id}/law-enforcement-contacts",
    response={200: Page[LEContactOut], 404: ErrorOut},
    summary="The case's contacts with law enforcement, newest first (audited read)",
)
def list_le_contacts(request: HttpRequest, page: Query[PageQuery], case_id: UUID) -> dict[str, Any]:
    user = request_user(request)
    case = access_case_by_id(user, case_id)
    contacts, privileged = access.access_le_contacts_for_case(user, case)
    return paginate(contacts, page, lambda contact: LEContactOut.build(contact, privileged=privileged))


@router.post(
    "/cases/{uuid:case_id}/law-enforcement-contacts",
    response={201: LEContactOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Record a contact with law enforcement (a disclosure needs a consent live on the date)",
)
def record_le_contact(request: HttpRequest, case_id: UUID, payload: LEContactIn) -> Status[LEContactOut]:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    contact = actions.do_record_le_contact(
        actor=user,
        case=case,
        data=LEContactInput(
            occurred_on=payload.occurred_on,
            kind=str(payload.kind),
            response=str(payload.response),
            information_disclosed=payload.information_disclosed,
            consent_id=payload.consent_id,
            matter_id=payload.matter_id,
            organization_id=payload.organization_id,
            agency_name=payload.agency_name,
            officer_name=payload.officer_name,
            request=payload.request,
            notes=payload.notes,
        ),
    )
    return Status(201, LEContactOut.build(contact, privileged=selectors.has_privileged_access(user, case)))


@router.get(
    "/law-enforcement-contacts/{uuid:contact_id}",
    response={200: LEContactOut, 404: ErrorOut},
    summary="One contact with law enforcement (audited read; privileged text only for the legal team)",
)
def get_le_contact(request: HttpRequest, contact_id: UUID) -> LEContactOut:
    user = request_user(request)
    contact = access.access_le_contact_by_id(user, contact_id)
    return LEContactOut.build(contact, privileged=selectors.has_privileged_access(user, contact.case))


@router.patch(
    "/law-enforcement-contacts/{uuid:contact_id}",
    response={200: LEContactOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Correct a contact with law enforcement (send the version you read; 409 if it changed)",
)
def update_le_contact(request: HttpRequest, contact_id: UUID, payload: LEContactPatchIn) -> LEContactOut:
    user = request_user(request)
    contact = access.access_le_contact_by_id(user, contact_id, for_write=True)
    privileged = selectors.has_privileged_access(user, contact.case)
    sent = payload.model_dump(exclude_unset=True)

    def pick(name: str, current: object) -> object:
        return sent.get(name, current)

    data = LEContactInput(
        occurred_on=pick("occurred_on", contact.occurred_on),  # type: ignore[arg-type]
        kind=str(pick("kind", contact.kind)),
        response=str(pick("response", contact.response) or ""),
        information_disclosed=bool(pick("information_disclosed", contact.information_disclosed)),
        consent_id=pick("consent_id", contact.consent_id),
        matter_id=pick("matter_id", contact.matter_id),
        organization_id=pick("organization_id", contact.organization_id),
        agency_name=str(pick("agency_name", contact.agency_name) or ""),
        officer_name=sent.get("officer_name"),
        request=sent.get("request"),
        notes=sent.get("notes"),
    )
    contact = actions.do_update_le_contact(
        actor=user, contact=contact, data=data, expected_version=payload.version, privileged=privileged
    )
    return LEContactOut.build(access.access_le_contact_by_id(user, contact.pk), privileged=privileged)


class OutcomesQuery(Schema):
    date_from: date | None = Field(default=None, alias="from")
    date_to: date | None = Field(default=None, alias="to")


class CountOut(Schema):
    section: Literal["relief_obtained", "open_matters", "deadlines"]
    code: str
    label: str
    count: int | None = Field(description="null when suppressed (fewer than k)")


class OutcomesOut(Schema):
    start: date
    end: date
    k: int | None = Field(description="small-cell threshold applied; null when counts are exact")
    rows: list[CountOut]


@router.get(
    "/legal/outcomes",
    response={200: OutcomesOut, 403: ErrorOut, 422: ErrorOut},
    summary="Legal outcomes for a period (default this calendar year): relief obtained per distinct survivor, "
    "open matters by kind, deadlines met or missed; small cells suppressed",
)
def legal_outcomes(request: HttpRequest, query: Query[OutcomesQuery]) -> OutcomesOut:
    user = request_user(request)
    agency_id = access.access_outcomes(user)
    today = timezone.localdate()
    start = query.date_from or date(today.year, 1, 1)
    end = query.date_to or date(today.year, 12, 31)
    if end < start:
        raise DomainError(
            _("The end is before the start."), code="legal.invalid_period", fields={"to": [_("Before from.")]}
        )
    k = None if access.sees_exact_outcome_counts(user) else small_cell_k(agency_id)
    counts = relief_counts(agency_id, start, end)
    rows = [
        CountOut(section="relief_obtained", code=r.code, label=r.label, count=shown(r.count, k).value)
        for r in counts.relief
    ]
    rows += [
        CountOut(section="open_matters", code=r.code, label=r.label, count=shown(r.count, k).value)
        for r in counts.open_matters
    ]
    rows += [
        CountOut(section="deadlines", code=code, label=label, count=shown(n, k).value)
        for code, label, n in (
            ("met", _("Met on time"), counts.deadlines_met),
            ("missed", _("Missed or met late"), counts.deadlines_missed),
            ("pending", _("Not yet due"), counts.deadlines_pending),
        )
    ]
    return OutcomesOut(start=start, end=end, k=k, rows=rows)
