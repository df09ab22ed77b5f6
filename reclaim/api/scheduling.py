"""Appointments API: the caller's calendar, a case's appointments, booking, changing, cancelling and
recording whether an appointment was kept. Overlaps answer 409 `scheduling.conflict` unless
`allow_conflict` is true; refused values answer 422; a stale `version` answers 409 `edit_conflict`."""

from __future__ import annotations

import datetime
from typing import Any, Literal
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import model_validator

from reclaim.accounts.http import request_user
from reclaim.accounts.selectors import active_membership
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ConflictOut, ErrorOut
from reclaim.cases.access import access_case_by_id
from reclaim.core.errors import DomainError, EditConflict, InvalidTransition
from reclaim.scheduling import access, actions, selectors
from reclaim.scheduling.actions import AppointmentValues, SchedulingConflict
from reclaim.scheduling.models import (
    LANGUAGE_MAX_LENGTH,
    OUTCOME_NOTE_MAX_LENGTH,
    PARTNER_MAX_LENGTH,
    PLACE_MAX_LENGTH,
    PURPOSE_MAX_LENGTH,
    VIDEO_LINK_MAX_LENGTH,
    Appointment,
    AppointmentMode,
)

router = Router(tags=["appointments"])

MAX_RANGE_DAYS = 62


class AppointmentOut(Schema):
    id: UUID
    case_id: UUID
    attendee_ids: list[UUID]
    partner_name: str
    service_type: str
    purpose: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    mode: str
    place: str
    place_confidential: bool
    video_link: str
    interpreter_needed: bool
    interpreter_language: str
    status: str
    outcome_note: str
    rescheduled_from_id: UUID | None
    version: int

    @staticmethod
    def from_appointment(row: Appointment) -> AppointmentOut:
        return AppointmentOut(
            id=row.pk,
            case_id=row.case_id,
            attendee_ids=[user.pk for user in row.attendees.all()],
            partner_name=row.partner_name or "",
            service_type=row.service_type.code if row.service_type else "",
            purpose=row.purpose or "",
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            mode=row.mode,
            place=row.place or "",
            place_confidential=row.place_confidential,
            video_link=row.video_link or "",
            interpreter_needed=row.interpreter_needed,
            interpreter_language=row.interpreter_language or "",
            status=row.status,
            outcome_note=row.outcome_note or "",
            rescheduled_from_id=row.rescheduled_from_id,
            version=row.version,
        )


class CalendarItemOut(Schema):
    """One entry of the caller's calendar; the case is named only when the caller may read it."""

    id: UUID
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    status: str
    mode: str
    case_id: UUID | None
    case_number: str


class ClashOut(Schema):
    appointment_id: UUID
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    case_number: str
    same_case: bool


class SchedulingConflictOut(ErrorOut):
    clashes: list[ClashOut]


def _aware(value: datetime.datetime | None) -> datetime.datetime | None:
    if value is not None and value.tzinfo is None:
        raise ValueError("give the time zone, e.g. 2026-05-04T14:00:00Z")
    return value


class AppointmentIn(Schema):
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    attendee_ids: list[UUID] = Field(default_factory=list, max_length=20)
    partner_name: str = Field(default="", max_length=PARTNER_MAX_LENGTH)
    service_type: str = Field(default="", max_length=80)
    purpose: str = Field(default="", max_length=PURPOSE_MAX_LENGTH)
    mode: AppointmentMode = AppointmentMode.IN_PERSON
    place: str = Field(default="", max_length=PLACE_MAX_LENGTH)
    place_confidential: bool = False
    video_link: str = Field(default="", max_length=VIDEO_LINK_MAX_LENGTH)
    interpreter_needed: bool = False
    interpreter_language: str = Field(default="", max_length=LANGUAGE_MAX_LENGTH)
    allow_conflict: bool = False

    @model_validator(mode="after")
    def _times(self) -> AppointmentIn:
        _aware(self.starts_at)
        _aware(self.ends_at)
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        return self


class AppointmentPatchIn(Schema):
    """Send the version you read and only the fields to change. A new time books the appointment again
    (the old one is kept as "rescheduled"): the response is the new appointment."""

    version: int
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    attendee_ids: list[UUID] | None = Field(default=None, max_length=20)
    partner_name: str | None = Field(default=None, max_length=PARTNER_MAX_LENGTH)
    service_type: str | None = Field(default=None, max_length=80)
    purpose: str | None = Field(default=None, max_length=PURPOSE_MAX_LENGTH)
    mode: AppointmentMode | None = None
    place: str | None = Field(default=None, max_length=PLACE_MAX_LENGTH)
    place_confidential: bool | None = None
    video_link: str | None = Field(default=None, max_length=VIDEO_LINK_MAX_LENGTH)
    interpreter_needed: bool | None = None
    interpreter_language: str | None = Field(default=None, max_length=LANGUAGE_MAX_LENGTH)
    allow_conflict: bool = False

    @model_validator(mode="after")
    def _times(self) -> AppointmentPatchIn:
        _aware(self.starts_at)
        _aware(self.ends_at)
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        return self


class OutcomeIn(Schema):
    version: int
    outcome: Literal["kept", "no_show"]
    note: str = Field(default="", max_length=OUTCOME_NOTE_MAX_LENGTH)
    record_service: bool = False


class CancelIn(Schema):
    version: int
    by: Literal["survivor", "agency"]


class CalendarQuery(PageQuery):
    from_: datetime.date | None = Field(default=None, alias="from")
    to: datetime.date | None = None


_WRITE_RESPONSES: dict[int, Any] = {
    400: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: SchedulingConflictOut | ConflictOut,
    422: ErrorOut,
}


def _conflict(exc: SchedulingConflict) -> Status[Any]:
    return Status(
        409,
        SchedulingConflictOut(
            code=exc.code,
            message=exc.message,
            clashes=[
                ClashOut(
                    appointment_id=clash.appointment_id,
                    starts_at=clash.starts_at,
                    ends_at=clash.ends_at,
                    case_number=clash.case_number,
                    same_case=clash.same_case,
                )
                for clash in exc.clashes
            ],
        ),
    )


def _refused(exc: DomainError) -> Status[Any]:
    return Status(422, ErrorOut(code=exc.code, message=exc.message, fields=exc.fields))


def _run(write: Any) -> Any:
    """Run an action: overlaps answer 409 with the clashes, refused values 422; version conflicts and
    refused transitions go to the API's handlers."""
    try:
        return write()
    except SchedulingConflict as exc:
        return _conflict(exc)
    except (EditConflict, InvalidTransition):
        raise
    except DomainError as exc:
        return _refused(exc)


@router.get(
    "/appointments",
    response={200: Page[CalendarItemOut], 403: ErrorOut, 422: ErrorOut},
    summary="The caller's calendar between two dates (default: the next 7 days; at most 62 days)",
)
def my_appointments(request: HttpRequest, query: Query[CalendarQuery]) -> Any:
    user = request_user(request)
    access.require_calendar(user)
    start = query.from_ or timezone.localdate()
    end = query.to or start + datetime.timedelta(days=7)
    if end < start or (end - start).days > MAX_RANGE_DAYS:
        return Status(
            422,
            ErrorOut(
                code="invalid",
                message=_("Give a range of at most 62 days."),
                fields={"to": ["must be on or after from, and at most 62 days later"]},
            ),
        )
    tz = timezone.get_current_timezone()
    begin = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    finish = datetime.datetime.combine(end, datetime.time.min, tzinfo=tz) + datetime.timedelta(days=1)
    membership = active_membership(user)
    agency_id = membership.agency_id if membership is not None else None
    result = paginate(selectors.calendar_for(user.pk, begin, finish, agency_id=agency_id), query)
    readable = selectors.readable_case_ids(user, {row.case_id for row in result["items"]})
    result["items"] = [
        CalendarItemOut(
            id=row.pk,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            status=row.status,
            mode=row.mode,
            case_id=row.case_id if row.case_id in readable else None,
            case_number=row.case.number if row.case_id in readable else "",
        )
        for row in result["items"]
    ]
    return result


@router.get(
    "/cases/{uuid:case_id}/appointments",
    response={200: Page[AppointmentOut], 404: ErrorOut},
    summary="A case's appointments, oldest first (audited read)",
)
def list_case_appointments(request: HttpRequest, page: Query[PageQuery], case_id: UUID) -> dict[str, Any]:
    case = access_case_by_id(request_user(request), case_id)
    return paginate(selectors.appointments_for_case(case), page, AppointmentOut.from_appointment)


@router.post(
    "/cases/{uuid:case_id}/appointments",
    response={201: AppointmentOut, **_WRITE_RESPONSES},
    summary="Book an appointment (409 scheduling.conflict lists overlaps unless allow_conflict is true)",
)
def book_appointment(request: HttpRequest, case_id: UUID, payload: AppointmentIn) -> Any:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    values = AppointmentValues(**payload.model_dump(exclude={"allow_conflict"}))

    def write() -> Status[Any]:
        appointment = actions.do_book_appointment(
            actor=user, case=case, values=values, allow_conflict=payload.allow_conflict
        )
        return Status(201, AppointmentOut.from_appointment(access.access_appointment_by_id(user, appointment.pk)))

    return _run(write)


@router.patch(
    "/appointments/{uuid:appointment_id}",
    response={200: AppointmentOut, **_WRITE_RESPONSES},
    summary="Change or move a booked appointment (send the version you read; 409 if it changed)",
)
def change_appointment(request: HttpRequest, appointment_id: UUID, payload: AppointmentPatchIn) -> Any:
    user = request_user(request)
    appointment = access.access_appointment_by_id(user, appointment_id, for_write=True)
    values = AppointmentValues.of(appointment)
    for name, value in payload.model_dump(exclude={"version", "allow_conflict"}, exclude_none=True).items():
        setattr(values, name, value)

    def write() -> AppointmentOut:
        saved = actions.do_change_appointment(
            actor=user,
            appointment=appointment,
            expected_version=payload.version,
            values=values,
            allow_conflict=payload.allow_conflict,
        )
        return AppointmentOut.from_appointment(access.access_appointment_by_id(user, saved.pk))

    return _run(write)


@router.post(
    "/appointments/{uuid:appointment_id}/outcome",
    response={200: AppointmentOut, **_WRITE_RESPONSES},
    summary="Record that a past appointment was kept or missed (a kept one may go to the service log, once)",
)
def record_outcome(request: HttpRequest, appointment_id: UUID, payload: OutcomeIn) -> Any:
    user = request_user(request)
    appointment = access.access_appointment_by_id(user, appointment_id, for_write=True)

    def write() -> AppointmentOut:
        saved = actions.do_record_appointment_outcome(
            actor=user,
            appointment=appointment,
            expected_version=payload.version,
            outcome=payload.outcome,
            note=payload.note,
            record_service=payload.record_service,
        )
        return AppointmentOut.from_appointment(access.access_appointment_by_id(user, saved.pk))

    return _run(write)


@router.post(
    "/appointments/{uuid:appointment_id}/cancel",
    response={200: AppointmentOut, **_WRITE_RESPONSES},
    summary="Cancel a booked appointment, saying who cancelled it",
)
def cancel_appointment(request: HttpRequest, appointment_id: UUID, payload: CancelIn) -> Any:
    user = request_user(request)
    appointment = access.access_appointment_by_id(user, appointment_id, for_write=True)

    def write() -> AppointmentOut:
        saved = actions.do_cancel_appointment(
            actor=user, appointment=appointment, expected_version=payload.version, by=payload.by
        )
        return AppointmentOut.from_appointment(access.access_appointment_by_id(user, saved.pk))

    return _run(write)
