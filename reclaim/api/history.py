"""Trafficking history and flags of a case, with the UI's permissions (DOMAIN.md §4.2, §4.4, §10)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from reclaim.accounts.http import request_user
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ErrorOut
from reclaim.cases import access, actions, selectors
from reclaim.cases.actions import CODING_FIELDS, HistoryEventData
from reclaim.cases.models import CaseFlag, FlagKind, HistoricEvent

router = Router(tags=["trafficking history"])

Precision = Literal["day", "month", "year"]
Codes = list[str]
MAX_CODES = 100


class HistoryEventOut(Schema):
    id: UUID
    type: str
    started_on: date | None
    started_precision: str
    ended_on: date | None
    ended_precision: str
    country: str
    place: str
    description: str
    relationship_to_trafficker: str
    forced_labour_industry: str
    age_when_trafficked: int | None
    exploitation_types: Codes
    sex_exploitation_types: Codes
    means_of_control: Codes
    recruitment_methods: Codes
    version: int

    @staticmethod
    def from_event(event: HistoricEvent) -> HistoryEventOut:
        codes: dict[str, list[str]] = {}
        for coding in event.codings.all():
            codes.setdefault(coding.vocabulary, []).append(coding.code)
        return HistoryEventOut(
            id=event.pk,
            type=event.type,
            started_on=event.started_on,
            started_precision=event.started_precision,
            ended_on=event.ended_on,
            ended_precision=event.ended_precision,
            country=event.country,
            place=event.place or "",
            description=event.description or "",
            relationship_to_trafficker=event.relationship_to_trafficker,
            forced_labour_industry=event.forced_labour_industry,
            age_when_trafficked=event.age_when_trafficked,
            version=event.version,
            **{field: sorted(codes.get(vocabulary, [])) for field, vocabulary in CODING_FIELDS.items()},
        )


class HistoryEventSavedOut(HistoryEventOut):
    re_trafficking_flag_ids: list[UUID]
    case_reopened: bool


class HistoryEventIn(Schema):
    """Only `type` is needed (an `hte_Type` code); codes come from GET /vocabularies/{code}/terms."""

    type: str = Field(max_length=64)
    started_on: date | None = None
    started_precision: Precision = "day"
    ended_on: date | None = None
    ended_precision: Precision = "day"
    country: str = Field(default="", max_length=2, description="ISO 3166-1 alpha-2")
    place: str = Field(default="", max_length=300)
    description: str = Field(default="", max_length=5000)
    relationship_to_trafficker: str = Field(default="", max_length=64)
    forced_labour_industry: str = Field(default="", max_length=64)
    age_when_trafficked: int | None = Field(default=None, ge=0, le=120)
    exploitation_types: Codes = Field(default_factory=list, max_length=MAX_CODES)
    sex_exploitation_types: Codes = Field(default_factory=list, max_length=MAX_CODES)
    means_of_control: Codes = Field(default_factory=list, max_length=MAX_CODES)
    recruitment_methods: Codes = Field(default_factory=list, max_length=MAX_CODES)


class HistoryEventPatchIn(Schema):
    """Send `version` (as loaded) and only the fields that change."""

    version: int
    type: str | None = Field(default=None, max_length=64)
    started_on: date | None = None
    started_precision: Precision | None = None
    ended_on: date | None = None
    ended_precision: Precision | None = None
    country: str | None = Field(default=None, max_length=2)
    place: str | None = Field(default=None, max_length=300)
    description: str | None = Field(default=None, max_length=5000)
    relationship_to_trafficker: str | None = Field(default=None, max_length=64)
    forced_labour_industry: str | None = Field(default=None, max_length=64)
    age_when_trafficked: int | None = Field(default=None, ge=0, le=120)
    exploitation_types: Codes | None = Field(default=None, max_length=MAX_CODES)
    sex_exploitation_types: Codes | None = Field(default=None, max_length=MAX_CODES)
    means_of_control: Codes | None = Field(default=None, max_length=MAX_CODES)
    recruitment_methods: Codes | None = Field(default=None, max_length=MAX_CODES)


def _cleared(key: str) -> str | None:
    return None if key in {"started_on", "ended_on", "age_when_trafficked"} else ""


def _saved(result: actions.HistoryResult) -> HistoryEventSavedOut:
    event = selectors.history_for_case(result.event.case).get(pk=result.event.pk)
    return HistoryEventSavedOut(
        **HistoryEventOut.from_event(event).model_dump(),
        re_trafficking_flag_ids=[f.pk for f in result.re_trafficking_flags],
        case_reopened=result.reopened,
    )


@router.get(
    "/cases/{uuid:case_id}/history",
    response={200: Page[HistoryEventOut], 404: ErrorOut},
    summary="The case's trafficking history, oldest first",
)
def list_history(request: HttpRequest, page: Query[PageQuery], case_id: UUID) -> dict[str, Any]:
    case = access.access_case_by_id(request_user(request), case_id)
    return paginate(selectors.history_for_case(case), page, HistoryEventOut.from_event)


@router.post(
    "/cases/{uuid:case_id}/history",
    response={201: HistoryEventSavedOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Record a recruitment, transit or exploitation event; a new exploitation after an exit marks re-trafficking",
)
def add_history_event(request: HttpRequest, case_id: UUID, payload: HistoryEventIn) -> Status[HistoryEventSavedOut]:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    result = actions.do_record_history_event(actor=user, case=case, data=HistoryEventData(**payload.model_dump()))
    return Status(201, _saved(result))


@router.patch(
    "/cases/{uuid:case_id}/history/{uuid:event_id}",
    response={200: HistoryEventSavedOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Change a history event (send the version you loaded)",
)
def update_history_event(
    request: HttpRequest, case_id: UUID, event_id: UUID, payload: HistoryEventPatchIn
) -> HistoryEventSavedOut:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    event = access.access_history_event(user, case, event_id, for_write=True)
    changes: dict[str, Any] = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    for key, value in changes.items():
        if value is None:  # an explicit null clears the answer
            changes[key] = "day" if key.endswith("_precision") else [] if key in CODING_FIELDS else _cleared(key)
    data = dataclasses.replace(actions.history_data_of(event), **changes)
    result = actions.do_update_history_event(actor=user, event=event, data=data, expected_version=version)
    return _saved(result)


@router.delete(
    "/cases/{uuid:case_id}/history/{uuid:event_id}",
    response={204: None, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Remove a history event (it is archived; removing twice is harmless)",
)
def remove_history_event(
    request: HttpRequest, case_id: UUID, event_id: UUID, version: int | None = None
) -> Status[None]:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    event = access.access_history_event(user, case, event_id, for_write=True, include_removed=True)
    actions.do_archive_history_event(actor=user, event=event, expected_version=version)
    return Status(204, None)


class FlagOut(Schema):
    id: UUID
    kind: str
    reason: str
    history_event_id: UUID | None
    raised_by_id: UUID | None
    raised_at: datetime
    cleared_by_id: UUID | None
    cleared_at: datetime | None
    clear_reason: str
    active: bool

    @staticmethod
    def from_flag(flag: CaseFlag) -> FlagOut:
        return FlagOut(
            id=flag.pk,
            kind=flag.kind,
            reason=flag.reason or "",
            history_event_id=flag.history_event_id,
            raised_by_id=flag.raised_by_id,
            raised_at=flag.raised_at,
            cleared_by_id=flag.cleared_by_id,
            cleared_at=flag.cleared_at,
            clear_reason=flag.clear_reason or "",
            active=flag.cleared_at is None,
        )


class FlagIn(Schema):
    kind: FlagKind
    reason: str = Field(max_length=2000)


class FlagClearIn(Schema):
    reason: str = Field(max_length=2000)


@router.get(
    "/cases/{uuid:case_id}/flags",
    response={200: Page[FlagOut], 404: ErrorOut},
    summary="The case's flags, newest first, active and cleared",
)
def list_flags(request: HttpRequest, page: Query[PageQuery], case_id: UUID) -> dict[str, Any]:
    case = access.access_case_by_id(request_user(request), case_id)
    return paginate(selectors.flags_for_case(case), page, FlagOut.from_flag)


@router.post(
    "/cases/{uuid:case_id}/flags",
    response={201: FlagOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Raise a flag (safety concern, do not contact by phone, ...) with a reason",
)
def raise_flag(request: HttpRequest, case_id: UUID, payload: FlagIn) -> Status[FlagOut]:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    flag = actions.do_raise_flag(actor=user, case=case, kind=payload.kind, reason=payload.reason)
    return Status(201, FlagOut.from_flag(flag))


@router.post(
    "/cases/{uuid:case_id}/flags/{uuid:flag_id}/clear",
    response={200: FlagOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Clear an active flag, saying why",
)
def clear_flag(request: HttpRequest, case_id: UUID, flag_id: UUID, payload: FlagClearIn) -> FlagOut:
    user = request_user(request)
    case = access.access_case_by_id(user, case_id, for_write=True)
    flag = access.access_flag(user, case, flag_id, for_write=True)
    return FlagOut.from_flag(actions.do_clear_flag(actor=user, flag=flag, reason=payload.reason))
