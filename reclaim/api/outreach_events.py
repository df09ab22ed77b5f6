"""Events API (issue 10): list (by campaign, by start date), plan, read and edit events (a stale version is
409), record attendance, enter paper feedback forms and read the feedback results (aggregates only, never one
answer set). Same rights as the pages (reclaim/outreach/events_access.py): outreach coordinators and agency admins
plan; program directors and data analysts read; facilitators of an event read it and record for it. A confidential
place is null for those who may not see it. Bad values are 422 with field errors, and nothing is saved."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError

from reclaim.accounts.http import request_user
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ConflictOut, ErrorOut
from reclaim.core.errors import DomainError, EditConflict
from reclaim.outreach import events_access as access
from reclaim.outreach import events_actions as actions
from reclaim.outreach.events_selectors import ALL, event_list, survey_results
from reclaim.outreach.models import Audience, EventFormat, OutreachEvent, SurveyPhase

router = Router(tags=["outreach events"])

WRITE = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut}


def _invalid(exc: DomainError) -> Exception:
    """Validation refusals of the actions are 422 naming the field; an edit conflict stays a 409."""
    if isinstance(exc, EditConflict) or not exc.fields:
        return exc
    return ValidationError(
        [
            {"loc": ("body", "payload", name), "msg": message}
            for name, messages in exc.fields.items()
            for message in messages
        ]
    )


def _aware(value: datetime | None) -> datetime | None:
    if value is None or timezone.is_aware(value):
        return value
    return timezone.make_aware(value, timezone.get_current_timezone())


class EventOut(Schema):
    id: UUID
    campaign_id: UUID | None
    title: str
    format: str
    audience: str
    starts_at: datetime
    ends_at: datetime | None
    place: str | None = Field(description="null when the place is confidential and you may not see it")
    place_is_confidential: bool
    audience_size: int | None
    attendance_by_group: dict[str, int]
    facilitator_ids: list[UUID]
    survey_open: bool
    survey_url: str | None = Field(description="the public feedback link, for those who record for the event")
    version: int

    @staticmethod
    def of(request: HttpRequest, event: OutreachEvent) -> EventOut:
        user = request_user(request)
        url = None
        if event.survey_token and access.may(user, event, access.RECORD):
            url = request.build_absolute_uri(reverse("outreach:event_survey_public", args=[event.survey_token]))
        return EventOut(
            id=event.pk,
            campaign_id=event.campaign_id,
            title=event.title,
            format=event.format,
            audience=event.audience,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            place=(event.place or "") if access.sees_place(user, event) else None,
            place_is_confidential=event.place_is_confidential,
            audience_size=event.audience_size,
            attendance_by_group=dict(event.attendance_by_group or {}),
            facilitator_ids=[person.pk for person in event.facilitators.all()],
            survey_open=event.survey_open,
            survey_url=url,
            version=event.version,
        )


class EventIn(Schema):
    title: str = Field(max_length=actions.TITLE_MAX_LENGTH)
    starts_at: datetime
    ends_at: datetime | None = None
    format: EventFormat = EventFormat.IN_PERSON
    audience: Audience | None = None
    place: str = Field(default="", max_length=actions.PLACE_MAX_LENGTH)
    place_is_confidential: bool = False
    campaign_id: UUID | None = None
    facilitator_ids: list[UUID] = Field(default_factory=list)

    def values(self) -> actions.EventValues:
        return actions.EventValues(
            title=self.title,
            starts_at=_aware(self.starts_at),
            ends_at=_aware(self.ends_at),
            format=self.format,
            audience=self.audience or "",
            place=self.place,
            place_is_confidential=self.place_is_confidential,
            campaign_id=self.campaign_id,
            facilitator_ids=list(self.facilitator_ids),
        )


class EventPutIn(EventIn):
    version: int


class EventQuery(PageQuery):
    campaign_id: UUID | None = None
    date_from: date | None = Field(default=None, alias="from")
    date_to: date | None = Field(default=None, alias="to")


@router.get(
    "",
    response={200: Page[EventOut], 403: ErrorOut, 422: ErrorOut},
    summary="The agency's events, newest first (optionally one campaign's, or starting between from and to)",
)
def list_events(request: HttpRequest, query: Query[EventQuery]) -> dict[str, Any]:
    agency = access.require_event_reader(request_user(request))
    if query.date_from and query.date_to and query.date_to < query.date_from:
        raise ValidationError([{"loc": ("query", "to"), "msg": _("The end is before the start.")}])
    events = event_list(
        agency.pk, when=ALL, campaign_id=query.campaign_id, starts_from=query.date_from, starts_to=query.date_to
    )
    return paginate(events, query, lambda event: EventOut.of(request, event))


@router.post("", response={201: EventOut, 400: ErrorOut, 403: ErrorOut, 422: ErrorOut}, summary="Plan an event")
def create_event(request: HttpRequest, payload: EventIn) -> Status[EventOut]:
    user = request_user(request)
    agency = access.require_event_planner(user)
    try:
        event = actions.do_create_event(actor=user, agency=agency, values=payload.values())
    except DomainError as exc:
        raise _invalid(exc) from exc
    return Status(201, EventOut.of(request, access.access_event_by_id(user, event.pk)))


@router.get("/{uuid:event_id}", response={200: EventOut, 403: ErrorOut, 404: ErrorOut}, summary="One event")
def get_event(request: HttpRequest, event_id: UUID) -> EventOut:
    event = access.access_event_by_id(request_user(request), event_id)
    return EventOut.of(request, event)


@router.put(
    "/{uuid:event_id}",
    response={200: EventOut, **WRITE},
    summary="Edit an event (send the version you read; 409 if it changed)",
)
def update_event(request: HttpRequest, event_id: UUID, payload: EventPutIn) -> EventOut:
    user = request_user(request)
    event = access.access_event_by_id(user, event_id, right=access.EDIT)
    try:
        actions.do_update_event(actor=user, event=event, expected_version=payload.version, values=payload.values())
    except DomainError as exc:
        raise _invalid(exc) from exc
    return EventOut.of(request, access.access_event_by_id(user, event_id))


class EventAttendanceIn(Schema):
    version: int
    audience_size: int | None = Field(default=None, ge=0)
    by_group: dict[str, int] = Field(default_factory=dict, description="people per audience code (optional)")


@router.put(
    "/{uuid:event_id}/attendance",
    response={200: EventOut, **WRITE},
    summary="Record how many came (after the event has started), optionally per audience group",
)
def record_attendance(request: HttpRequest, event_id: UUID, payload: EventAttendanceIn) -> EventOut:
    user = request_user(request)
    event = access.access_event_by_id(user, event_id, right=access.RECORD)
    try:
        actions.do_record_attendance(
            actor=user,
            event=event,
            expected_version=payload.version,
            audience_size=payload.audience_size,
            by_group=payload.by_group,
        )
    except DomainError as exc:
        raise _invalid(exc) from exc
    return EventOut.of(request, access.access_event_by_id(user, event_id))


class SurveyResponseIn(Schema):
    phase: SurveyPhase
    answers: list[int | None] = Field(description="one per statement, in order: 1 true, 0 false, null not sure")


class SurveyResponseOut(Schema):
    id: UUID
    phase: str
    total: int


@router.post(
    "/{uuid:event_id}/survey-responses",
    response={201: SurveyResponseOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Enter one paper feedback form (anonymous: the row names neither who answered nor who typed it)",
)
def create_survey_response(
    request: HttpRequest, event_id: UUID, payload: SurveyResponseIn
) -> Status[SurveyResponseOut]:
    user = request_user(request)
    event = access.access_event_by_id(user, event_id, right=access.RECORD)
    try:
        response = actions.do_enter_paper_survey(actor=user, event=event, phase=payload.phase, answers=payload.answers)
    except DomainError as exc:
        raise _invalid(exc) from exc
    return Status(201, SurveyResponseOut(id=response.pk, phase=response.phase, total=response.total))


class ItemResultOut(Schema):
    item_id: str
    text: str
    pre_percent: Decimal | None
    post_percent: Decimal | None
    change: Decimal | None


class SurveyResultsOut(Schema):
    pre_count: int
    post_count: int
    max_score: int
    pre_mean: Decimal | None
    post_mean: Decimal | None
    change: Decimal | None
    items: list[ItemResultOut]


@router.get(
    "/{uuid:event_id}/survey-results",
    response={200: SurveyResultsOut, 403: ErrorOut, 404: ErrorOut},
    summary="Feedback results: responses before and after, mean right answers and change, share right per statement",
)
def get_survey_results(request: HttpRequest, event_id: UUID) -> SurveyResultsOut:
    event = access.access_event_by_id(request_user(request), event_id)
    results = survey_results(event)
    data: dict[str, Any] = {
        "pre_count": results.pre_count,
        "post_count": results.post_count,
        "max_score": results.max_score,
        "pre_mean": results.pre_mean,
        "post_mean": results.post_mean,
        "change": results.change,
        "items": [
            ItemResultOut(
                item_id=item.item_id,
                text=item.text,
                pre_percent=item.pre_percent,
                post_percent=item.post_percent,
                change=item.change,
            )
            for item in results.items
        ],
    }
    return SurveyResultsOut(**data)


class SurveyLinkIn(Schema):
    open: bool = Field(description="true opens the public feedback link (made the first time), false closes it")


@router.put(
    "/{uuid:event_id}/survey-link",
    response={200: EventOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Open or close the event's public feedback link (a closed link keeps its address and says it is "
    "closed); the answer's survey_url is the link to share",
)
def set_survey_link(request: HttpRequest, event_id: UUID, payload: SurveyLinkIn) -> EventOut:
    user = request_user(request)
    event = access.access_event_by_id(user, event_id, right=access.RECORD)
    actions.do_set_survey_open(actor=user, event=event, open_=payload.open)
    return EventOut.of(request, access.access_event_by_id(user, event_id))
