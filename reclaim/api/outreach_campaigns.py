"""Awareness campaigns API: list (with a status filter), create, read, update (send the version you read; 409 when
someone saved since), the results log (list, add) and the results. Outreach coordinators and agency admins write;
program directors and data analysts read. Bad values are 422 with field errors and nothing saved.

The results carry the identifications attributed to the campaign only as reporting's small-cell suppression
releases them: the display text ("fewer than 11", or the count) and a `suppressed` flag; a small count is never
sent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
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
    require_campaign_reader,
    require_campaign_runner,
)
from reclaim.outreach.models import Audience, Campaign, CampaignStatus, CampaignTally, Channel

router = Router(tags=["outreach"])

LIST_LIMIT = 100
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
