"""Awareness campaigns API: list (with a status filter), create, read, update (send the version you read; 409 when
someone saved since), the results log (list, add), the results, the materials (list, upload a material or a newer
version of one, download) and the partners (list, add, remove), with the campaign pages' gates and actions.
Outreach coordinators and agency admins write; program directors and data analysts read. Bad values are 422 with
field errors and nothing saved (an upload too large is 413, of a refused type 415).

The results carry the identifications attributed to the campaign only as reporting's small-cell suppression
releases them: the display text ("fewer than 11", or the count) and a `suppressed` flag; a small count is never
sent."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.errors import ValidationError

from reclaim.accounts.http import request_user
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ConflictOut, ErrorOut
from reclaim.core.errors import DomainError
from reclaim.outreach import campaigns_actions as actions
from reclaim.outreach import campaigns_selectors as selectors
from reclaim.outreach.campaigns_access import (
    access_campaign_by_id,
    access_campaign_results,
    access_material,
    access_partner,
    require_campaign_reader,
    require_campaign_runner,
)
from reclaim.outreach.models import (
    Audience,
    Campaign,
    CampaignMaterial,
    CampaignPartner,
    CampaignStatus,
    CampaignTally,
    Channel,
    LawEnforcementKind,
    MaterialKind,
)
from reclaim.outreach.views.campaigns import material_file_response

router = Router(tags=["outreach"])

Money = Field(default=None, max_digits=12, decimal_places=2, ge=0)
Count = Field(default=0, ge=0, le=actions.COUNT_MAX)


def _invalid(exc: DomainError) -> ValidationError | DomainError:
    """A refused value is 422 naming the field, like a schema error."""
    if exc.code != actions.INVALID:
        return exc
    return ValidationError(
        [
            {"loc": ("body", "payload", name), "msg": message}
            for name, messages in exc.fields.items()
            for message in messages
        ]
    )


class CampaignOut(Schema):
    id: UUID
    name: str
    goal: str
    status: str
    audiences: list[str]
    channels: list[str]
    starts_on: date | None
    ends_on: date | None
    budget: Decimal | None
    grant_id: UUID | None
    grant_name: str
    version: int

    @staticmethod
    def of(campaign: Campaign) -> CampaignOut:
        return CampaignOut(
            id=campaign.pk,
            name=campaign.name,
            goal=campaign.goal,
            status=campaign.status,
            audiences=list(campaign.audiences),
            channels=list(campaign.channels),
            starts_on=campaign.starts_on,
            ends_on=campaign.ends_on,
            budget=campaign.budget,
            grant_id=campaign.grant_id,
            grant_name=campaign.grant.name if campaign.grant_id and campaign.grant else "",
            version=campaign.version,
        )


class CampaignIn(Schema):
    name: str = Field(max_length=actions.NAME_MAX_LENGTH)
    goal: str = Field(default="", max_length=actions.GOAL_MAX_LENGTH)
    status: CampaignStatus = CampaignStatus.PLANNED
    audiences: list[Audience] = Field(default_factory=list, max_length=len(Audience.values))
    channels: list[Channel] = Field(default_factory=list, max_length=len(Channel.values))
    starts_on: date | None = None
    ends_on: date | None = None
    budget: Decimal | None = Money
    grant_id: UUID | None = None

    def values(self) -> actions.CampaignValues:
        data: dict[str, Any] = self.model_dump(exclude={"version"})
        data["status"] = str(data["status"])
        data["audiences"] = [str(code) for code in data["audiences"]]
        data["channels"] = [str(code) for code in data["channels"]]
        return actions.CampaignValues(**data)


class CampaignPutIn(CampaignIn):
    version: int


class CampaignQuery(PageQuery):
    status: CampaignStatus | None = None
    start: date | None = None
    end: date | None = None


@router.get(
    "/outreach/campaigns",
    response={200: Page[CampaignOut], 403: ErrorOut, 422: ErrorOut},
    summary="The agency's awareness campaigns (filter by status and by a period they run in)",
)
def list_campaigns(request: HttpRequest, query: Query[CampaignQuery]) -> dict[str, Any]:
    agency = require_campaign_reader(request_user(request))
    filters = selectors.CampaignFilters(status=query.status or "", start=query.start, end=query.end)
    return paginate(selectors.campaign_list(agency.pk, filters), query, CampaignOut.of)


@router.post(
    "/outreach/campaigns",
    response={201: CampaignOut, 400: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Plan a campaign",
)
def create_campaign(request: HttpRequest, payload: CampaignIn) -> Status[CampaignOut]:
    user = request_user(request)
    agency = require_campaign_runner(user)
    try:
        campaign = actions.do_create_campaign(actor=user, agency=agency, values=payload.values())
    except DomainError as exc:
        raise _invalid(exc) from exc
    return Status(201, CampaignOut.of(campaign))


@router.get(
    "/outreach/campaigns/{uuid:campaign_id}",
    response={200: CampaignOut, 403: ErrorOut, 404: ErrorOut},
    summary="One campaign",
)
def get_campaign(request: HttpRequest, campaign_id: UUID) -> CampaignOut:
    return CampaignOut.of(access_campaign_by_id(request_user(request), campaign_id))


@router.put(
    "/outreach/campaigns/{uuid:campaign_id}",
    response={200: CampaignOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
    summary="Change a campaign (send the version you read; 409 if it changed)",
)
def update_campaign(request: HttpRequest, campaign_id: UUID, payload: CampaignPutIn) -> CampaignOut:
    user = request_user(request)
    campaign = access_campaign_by_id(user, campaign_id, for_write=True)
    try:
        campaign = actions.do_update_campaign(
            actor=user, campaign=campaign, expected_version=payload.version, values=payload.values()
        )
    except DomainError as exc:
        raise _invalid(exc) from exc
    return CampaignOut.of(access_campaign_by_id(user, campaign.pk))


# Results log ---------------------------------------------------------------------------------------------------


class TallyOut(Schema):
    id: UUID
    on: date
    channel: str
    reached_in_person: int
    reached_online: int
    materials_distributed: int
    hotline_contacts: int
    cost: Decimal | None

    @staticmethod
    def of(tally: CampaignTally) -> TallyOut:
        return TallyOut.model_validate(tally, from_attributes=True)


class TallyIn(Schema):
    on: date
    channel: Channel
    reached_in_person: int = Count
    reached_online: int = Count
    materials_distributed: int = Count
    hotline_contacts: int = Count
    cost: Decimal | None = Money


@router.get(
    "/outreach/campaigns/{uuid:campaign_id}/tallies",
    response={200: Page[TallyOut], 403: ErrorOut, 404: ErrorOut},
    summary="The campaign's results log, latest first (anonymous counts)",
)
def list_tallies(request: HttpRequest, page: Query[PageQuery], campaign_id: UUID) -> dict[str, Any]:
    campaign = access_campaign_by_id(request_user(request), campaign_id)
    return paginate(selectors.tallies_of(campaign), page, TallyOut.of)


@router.post(
    "/outreach/campaigns/{uuid:campaign_id}/tallies",
    response={201: TallyOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add an entry to the campaign's results log",
)
def create_tally(request: HttpRequest, campaign_id: UUID, payload: TallyIn) -> Status[TallyOut]:
    user = request_user(request)
    campaign = access_campaign_by_id(user, campaign_id, for_write=True)
    data = payload.model_dump()
    data["channel"] = str(data["channel"])
    try:
        tally = actions.do_record_tally(actor=user, campaign=campaign, values=actions.TallyValues(**data))
    except DomainError as exc:
        raise _invalid(exc) from exc
    return Status(201, TallyOut.of(tally))


# Results -------------------------------------------------------------------------------------------------------


class SuppressedCountOut(Schema):
    """A count touching survivors, as released: `text` is what to show; `value` is null when `suppressed`."""

    text: str
    suppressed: bool
    value: int | None
    k: int


class ChannelOut(Schema):
    channel: str
    in_person: int
    online: int
    materials: int
    hotline: int


class CampaignMonthOut(Schema):
    month: date
    in_person: int
    online: int
    events: int
    hotline: int


class ResultsOut(Schema):
    campaign_id: UUID
    events: int
    people_at_events: int
    reached_in_person: int
    reached_online: int
    materials_distributed: int
    hotline_contacts: int
    identifications: SuppressedCountOut
    budget: Decimal | None
    cost: Decimal
    remaining: Decimal | None
    cost_per_person_reached: Decimal | None
    grant_name: str
    by_channel: list[ChannelOut]
    by_month: list[CampaignMonthOut]


@router.get(
    "/outreach/campaigns/{uuid:campaign_id}/results",
    response={200: ResultsOut, 403: ErrorOut, 404: ErrorOut},
    summary="The campaign's results; identifications attributed with small-cell suppression (audited read)",
)
def campaign_results(request: HttpRequest, campaign_id: UUID) -> ResultsOut:
    campaign = access_campaign_results(request_user(request), campaign_id)
    dashboard = selectors.campaign_dashboard(campaign)
    m = dashboard.measures
    return ResultsOut(
        campaign_id=campaign.pk,
        events=m.events,
        people_at_events=m.people_at_events,
        reached_in_person=m.reached_in_person,
        reached_online=m.reached_online,
        materials_distributed=m.materials_distributed,
        hotline_contacts=m.hotline_contacts,
        identifications=SuppressedCountOut(
            text=m.identifications.text,
            suppressed=m.identifications.hidden,
            value=m.identifications.value,
            k=dashboard.k,
        ),
        budget=campaign.budget,
        cost=m.cost,
        remaining=dashboard.remaining,
        cost_per_person_reached=m.cost_per_person,
        grant_name=campaign.grant.name if campaign.grant else "",
        by_channel=[
            ChannelOut(channel=r.code, in_person=r.in_person, online=r.online, materials=r.materials, hotline=r.hotline)
            for r in dashboard.by_channel
        ],
        by_month=[
            CampaignMonthOut(month=r.month, in_person=r.in_person, online=r.online, events=r.events, hotline=r.hotline)
            for r in dashboard.by_month
        ],
    )


# Materials (issue 11 C) ----------------------------------------------------------------------------------------


class MaterialOut(Schema):
    """One version of a material; `current` is false once a newer version replaced it (both are kept)."""

    id: UUID
    campaign_id: UUID
    title: str
    language: str
    kind: str
    number: int
    supersedes_id: UUID | None
    current: bool
    superseded_at: datetime | None
    content_type: str
    size: int
    created_at: datetime
    uploaded_by_id: UUID | None

    @staticmethod
    def of(material: CampaignMaterial) -> MaterialOut:
        return MaterialOut(
            id=material.pk,
            campaign_id=material.campaign_id,
            title=material.title,
            language=material.language,
            kind=material.kind,
            number=material.number,
            supersedes_id=material.supersedes_id,
            current=material.is_current,
            superseded_at=material.superseded_at,
            content_type=material.content_type,
            size=material.size,
            created_at=material.created_at,
            uploaded_by_id=material.uploaded_by_id,
        )


class MaterialUploadIn(Schema):
    title: str = Field(
        default="",
        max_length=actions.NAME_MAX_LENGTH,
        description="required for a new material; a newer version defaults to the title of the one it replaces",
    )
    language: str = Field(
        default="", max_length=actions.LANGUAGE_MAX_LENGTH, description="a language code such as eng, spa or fr"
    )
    kind: MaterialKind = MaterialKind.POSTER
    replaces_id: UUID | None = Field(
        default=None, description="a current material of this campaign that this file is a newer version of"
    )


@router.get(
    "/outreach/campaigns/{uuid:campaign_id}/materials",
    response={200: Page[MaterialOut], 403: ErrorOut},
    summary="Every version of the campaign's materials (by title, language, newest version first)",
)
def list_materials(
    request: HttpRequest, page: Query[PageQuery], campaign_id: UUID, current: bool = False
) -> dict[str, Any]:
    campaign = access_campaign_by_id(request_user(request), campaign_id)
    materials = selectors.current_materials(campaign) if current else selectors.materials_of(campaign)
    return paginate(materials, page, MaterialOut.of)


@router.post(
    "/outreach/campaigns/{uuid:campaign_id}/materials",
    response={201: MaterialOut, 400: ErrorOut, 413: ErrorOut, 415: ErrorOut},
    summary="Upload a material, or a newer version of one (multipart: file, title, language, kind, replaces_id); "
    "400 for an empty file, 413 when too large, 415 for a refused type",
)
def upload_material(
    request: HttpRequest, campaign_id: UUID, file: File[UploadedFile], payload: Form[MaterialUploadIn]
) -> Status[MaterialOut]:
    user = request_user(request)
    campaign = access_campaign_by_id(user, campaign_id, for_write=True)
    values = actions.MaterialValues(
        title=payload.title, language=payload.language, kind=str(payload.kind), replaces_id=payload.replaces_id
    )
    try:
        material = actions.do_upload_material(actor=user, campaign=campaign, values=values, upload=file)
    except DomainError as exc:
        raise _invalid(exc) from exc
    return Status(201, MaterialOut.of(material))


@router.get(
    "/outreach/campaigns/{uuid:campaign_id}/materials/{uuid:material_id}/content",
    response={400: ErrorOut, 403: ErrorOut},
    summary="Download one version of a material; served as an attachment with a neutral file name (400 when the "
    "stored file no longer matches its digest)",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The file",
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def download_material(request: HttpRequest, campaign_id: UUID, material_id: UUID) -> HttpResponse:
    _campaign, material = access_material(request_user(request), campaign_id, material_id)
    return material_file_response(material, actions.material_bytes(material))


# Partners (issue 11 C) -----------------------------------------------------------------------------------------


class PartnerOut(Schema):
    """A partner: an organisation of the partner directory, or a law-enforcement agency or unit named here."""

    id: UUID
    campaign_id: UUID
    organization_id: UUID | None
    organization_name: str
    name: str
    kind: str
    added_at: datetime
    removed_at: datetime | None

    @staticmethod
    def of(partner: CampaignPartner) -> PartnerOut:
        return PartnerOut(
            id=partner.pk,
            campaign_id=partner.campaign_id,
            organization_id=partner.organization_id,
            organization_name=partner.organization.name if partner.organization else "",
            name=partner.name,
            kind=partner.kind,
            added_at=partner.created_at,
            removed_at=partner.removed_at,
        )


class PartnerIn(Schema):
    """Either `organization_id` (a listed organisation of the partner directory), or `name` and `kind` (a
    law-enforcement agency or unit, never a person)."""

    organization_id: UUID | None = None
    name: str = Field(default="", max_length=actions.NAME_MAX_LENGTH)
    kind: LawEnforcementKind | None = None


@router.get(
    "/outreach/campaigns/{uuid:campaign_id}/partners",
    response={200: Page[PartnerOut], 403: ErrorOut},
    summary="The campaign's partners (removed ones left out)",
)
def list_partners(request: HttpRequest, page: Query[PageQuery], campaign_id: UUID) -> dict[str, Any]:
    campaign = access_campaign_by_id(request_user(request), campaign_id)
    return paginate(selectors.partners_of(campaign), page, PartnerOut.of)


@router.post(
    "/outreach/campaigns/{uuid:campaign_id}/partners",
    response={201: PartnerOut},
    summary="Add a partner: an organisation of the partner directory, or a named law-enforcement partner",
)
def add_partner(request: HttpRequest, campaign_id: UUID, payload: PartnerIn) -> Status[PartnerOut]:
    user = request_user(request)
    campaign = access_campaign_by_id(user, campaign_id, for_write=True)
    values = actions.PartnerValues(
        organization_id=payload.organization_id,
        name=payload.name,
        kind=str(payload.kind) if payload.kind else "",
    )
    try:
        partner = actions.do_add_partner(actor=user, campaign=campaign, values=values)
    except DomainError as exc:
        raise _invalid(exc) from exc
    return Status(201, PartnerOut.of(partner))


@router.delete(
    "/outreach/campaigns/{uuid:campaign_id}/partners/{uuid:partner_id}",
    response={200: PartnerOut},
    summary="Take a partner off the campaign (the row is kept, marked removed; removing it again changes nothing)",
)
def remove_partner(request: HttpRequest, campaign_id: UUID, partner_id: UUID) -> PartnerOut:
    user = request_user(request)
    _campaign, partner = access_partner(user, campaign_id, partner_id)
    return PartnerOut.of(actions.do_remove_partner(actor=user, partner=partner))
