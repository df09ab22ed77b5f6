"""Volunteers API (issue 10 item 5), under /api/v1/outreach/volunteers: volunteers (list, record an application,
read, edit with the version you read -> 409 when stale, move the status: taking on without a passed or waived
background check and a signed confidentiality agreement is 400 `outreach.volunteer_not_cleared`), their assignments
and hours (log, approve or correct), and "my assignments" for the signed-in volunteer. Coordinators
(`can_manage_volunteers`) reach their agency's volunteers; a volunteer reaches only their own assignments. Bad
values are 422 with field errors and nothing saved. Issue 11 C adds what the pages do and the API did not: the
volunteer accepting or declining a task, thank-you notes, and giving a volunteer a sign-in."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError

from reclaim.accounts.http import request_user
from reclaim.api.pagination import Page, PageQuery, paginate
from reclaim.api.schemas import ConflictOut, ErrorOut
from reclaim.core.errors import DomainError
from reclaim.outreach import volunteers_access as access
from reclaim.outreach import volunteers_actions as actions
from reclaim.outreach import volunteers_selectors as selectors
from reclaim.outreach.models import (
    Volunteer,
    VolunteerAssignment,
    VolunteerHours,
    VolunteerRole,
    VolunteerStatus,
    VolunteerThanks,
)

router = Router(tags=["outreach: volunteers"])

READ = {403: ErrorOut, 404: ErrorOut}
WRITE = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut}
INVALID_CODES = {
    "outreach.invalid_volunteer",
    "outreach.invalid_assignment",
    "outreach.invalid_hours",
    "outreach.invalid_status",
    "outreach.invalid_thanks",
}


def _invalid(exc: DomainError) -> ValidationError | DomainError:
    """Field errors of a refused value are 422 (like schema errors); refusals of a rule stay 400."""
    if exc.code not in INVALID_CODES or not exc.fields:
        return exc
    return ValidationError(
        [
            {"loc": ("body", "payload", name), "msg": message}
            for name, messages in exc.fields.items()
            for message in messages
        ]
    )


# Volunteers ----------------------------------------------------------------------------------------------------


class VolunteerOut(Schema):
    id: UUID
    display_name: str
    email: str
    phone: str
    languages: str
    skills: str
    availability: str
    motivation: str
    roles: list[str]
    status: str
    applied_on: date | None
    has_sign_in: bool
    version: int

    @staticmethod
    def of(volunteer: Volunteer) -> VolunteerOut:
        return VolunteerOut(
            id=volunteer.pk,
            display_name=volunteer.display_name,
            email=volunteer.email or "",
            phone=volunteer.phone or "",
            languages=volunteer.languages or "",
            skills=volunteer.skills or "",
            availability=volunteer.availability or "",
            motivation=volunteer.motivation or "",
            roles=list(volunteer.roles),
            status=volunteer.status,
            applied_on=volunteer.applied_on,
            has_sign_in=volunteer.user_id is not None,
            version=volunteer.version,
        )


class VolunteerListOut(Schema):
    id: UUID
    display_name: str
    status: str
    roles: list[str]
    approved_hours: Decimal


class VolunteerIn(Schema):
    display_name: str = Field(min_length=1, max_length=actions.NAME_MAX_LENGTH)
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=40)
    languages: str = Field(default="", max_length=900)
    skills: str = Field(default="", max_length=900)
    availability: str = Field(default="", max_length=900)
    motivation: str = Field(default="", max_length=actions.TEXT_MAX_LENGTH)
    roles: list[VolunteerRole] = Field(default_factory=list)
    applied_on: date | None = None


class VolunteerPutIn(VolunteerIn):
    version: int


class StatusIn(Schema):
    to: VolunteerStatus
    reason: str = Field(default="", max_length=actions.TEXT_MAX_LENGTH)
    version: int


class VolunteerFilter(PageQuery):
    status: VolunteerStatus | None = None
    role: VolunteerRole | None = None


def _values(payload: VolunteerIn) -> actions.VolunteerValues:
    data = payload.model_dump(exclude={"version"})
    data["roles"] = [str(code) for code in data["roles"]]
    return actions.VolunteerValues(**data)


@router.get("", response={200: Page[VolunteerListOut], 403: ErrorOut}, summary="The agency's volunteers")
def list_volunteers(request: HttpRequest, filters: Query[VolunteerFilter]) -> dict[str, Any]:
    agency = access.require_volunteer_manager(request_user(request))
    rows = selectors.volunteer_list(agency.pk, status=filters.status or "", role=filters.role or "")
    return paginate(
        rows,
        filters,
        lambda v: VolunteerListOut(
            id=v.pk,
            display_name=v.display_name,
            status=v.status,
            roles=list(v.roles),
            approved_hours=v.approved_hours,
        ),
    )


@router.post(
    "", response={201: VolunteerOut, 400: ErrorOut, 403: ErrorOut, 422: ErrorOut}, summary="Record an application"
)
def create_volunteer(request: HttpRequest, payload: VolunteerIn) -> Status[VolunteerOut]:
    user = request_user(request)
    agency = access.require_volunteer_manager(user)
    try:
        volunteer = actions.do_record_application(actor=user, agency=agency, values=_values(payload))
    except DomainError as exc:
        raise _invalid(exc) from exc
    return Status(201, VolunteerOut.of(volunteer))


@router.get("/{uuid:volunteer_id}", response={200: VolunteerOut, **READ}, summary="One volunteer")
def get_volunteer(request: HttpRequest, volunteer_id: UUID) -> VolunteerOut:
    return VolunteerOut.of(access.access_volunteer_by_id(request_user(request), volunteer_id))


@router.put(
    "/{uuid:volunteer_id}",
    response={200: VolunteerOut, **WRITE},
    summary="Edit a volunteer's details (send the version you read; 409 if it changed)",
)
def update_volunteer(request: HttpRequest, volunteer_id: UUID, payload: VolunteerPutIn) -> VolunteerOut:
    user = request_user(request)
    volunteer = access.access_volunteer_by_id(user, volunteer_id, for_write=True)
    try:
        volunteer = actions.do_update_volunteer(
            actor=user, volunteer=volunteer, expected_version=payload.version, values=_values(payload)
        )
    except DomainError as exc:
        raise _invalid(exc) from exc
    return VolunteerOut.of(volunteer)


@router.post(
    "/{uuid:volunteer_id}/status",
    response={200: VolunteerOut, **WRITE},
    summary="Move a volunteer on (taking on needs the background check and the confidentiality agreement)",
)
def change_status(request: HttpRequest, volunteer_id: UUID, payload: StatusIn) -> VolunteerOut:
    user = request_user(request)
    volunteer = access.access_volunteer_by_id(user, volunteer_id, for_write=True)
    try:
        volunteer = actions.do_change_volunteer_status(
            actor=user, volunteer=volunteer, expected_version=payload.version, to=payload.to, reason=payload.reason
        )
    except DomainError as exc:
        raise _invalid(exc) from exc
    return VolunteerOut.of(volunteer)


# Assignments ---------------------------------------------------------------------------------------------------


class AssignmentOut(Schema):
    id: UUID
    volunteer_id: UUID
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime | None
    place: str
    place_is_confidential: bool
    event_id: UUID | None
    person_alias: str
    details: str
    status: str
    version: int

    @staticmethod
    def of(assignment: VolunteerAssignment) -> AssignmentOut:
        return AssignmentOut(
            id=assignment.pk,
            volunteer_id=assignment.volunteer_id,
            kind=assignment.kind,
            title=assignment.title,
            starts_at=assignment.starts_at,
            ends_at=assignment.ends_at,
            place=assignment.place or "",
            place_is_confidential=assignment.place_is_confidential,
            event_id=assignment.event_id,
            person_alias=assignment.person_alias or "",
            details=assignment.details or "",
            status=assignment.status,
            version=assignment.version,
        )


class AssignmentIn(Schema):
    kind: VolunteerRole
    title: str = Field(min_length=1, max_length=actions.TITLE_MAX_LENGTH)
    starts_at: datetime
    ends_at: datetime | None = None
    place: str = Field(default="", max_length=actions.SHORT_MAX_LENGTH)
    place_is_confidential: bool = False
    event_id: UUID | None = None
    person_alias: str = Field(default="", max_length=actions.ALIAS_MAX_LENGTH)
    details: str = Field(default="", max_length=actions.TEXT_MAX_LENGTH)


@router.get(
    "/{uuid:volunteer_id}/assignments",
    response={200: Page[AssignmentOut], **READ},
    summary="A volunteer's assignments, latest first",
)
def list_assignments(request: HttpRequest, page: Query[PageQuery], volunteer_id: UUID) -> dict[str, Any]:
    volunteer = access.access_volunteer_by_id(request_user(request), volunteer_id)
    return paginate(selectors.assignments_for_volunteer(volunteer), page, AssignmentOut.of)


@router.post(
    "/{uuid:volunteer_id}/assignments",
    response={201: AssignmentOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Offer a task to an active volunteer (400 `outreach.volunteer_not_active` otherwise)",
)
def create_assignment(request: HttpRequest, volunteer_id: UUID, payload: AssignmentIn) -> Status[AssignmentOut]:
    user = request_user(request)
    volunteer = access.access_volunteer_by_id(user, volunteer_id, for_write=True)
    values = actions.AssignmentValues(**payload.model_dump())
    values.kind = str(values.kind)
    try:
        assignment = actions.do_create_assignment(actor=user, volunteer=volunteer, values=values)
    except DomainError as exc:
        raise _invalid(exc) from exc
    return Status(201, AssignmentOut.of(assignment))


class RespondIn(Schema):
    answer: Literal["accept", "decline"]
    version: int


@router.get(
    "/my-assignments",
    response={200: Page[AssignmentOut], 403: ErrorOut},
    summary="The signed-in volunteer's own assignments (empty while their sign-in is not linked)",
)
def my_assignments(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    volunteer = access.my_volunteer(request_user(request))
    if volunteer is None:
        return paginate([], page)
    return paginate(selectors.assignments_for_volunteer(volunteer), page, AssignmentOut.of)


# Hours ---------------------------------------------------------------------------------------------------------


class HoursOut(Schema):
    id: UUID
    volunteer_id: UUID
    assignment_id: UUID
    worked_on: date
    hours: Decimal
    hours_logged: Decimal
    note: str
    status: str
    version: int

    @staticmethod
    def of(entry: VolunteerHours) -> HoursOut:
        return HoursOut(
            id=entry.pk,
            volunteer_id=entry.volunteer_id,
            assignment_id=entry.assignment_id,
            worked_on=entry.worked_on,
            hours=entry.hours,
            hours_logged=entry.hours_logged,
            note=entry.note or "",
            status=entry.status,
            version=entry.version,
        )


class HoursIn(Schema):
    worked_on: date
    hours: Decimal = Field(gt=0, le=24, max_digits=4, decimal_places=2)
    note: str = Field(default="", max_length=actions.TEXT_MAX_LENGTH)


class ApproveIn(Schema):
    version: int
    hours: Decimal | None = Field(default=None, gt=0, le=24, max_digits=4, decimal_places=2)


@router.get(
    "/{uuid:volunteer_id}/hours", response={200: Page[HoursOut], **READ}, summary="A volunteer's hours, latest first"
)
def list_hours(request: HttpRequest, page: Query[PageQuery], volunteer_id: UUID) -> dict[str, Any]:
    volunteer = access.access_volunteer_by_id(request_user(request), volunteer_id)
    return paginate(selectors.hours_for_volunteer(volunteer), page, HoursOut.of)


@router.post(
    "/assignments/{uuid:assignment_id}/hours",
    response={201: HoursOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Log hours on an accepted or done assignment (a coordinator, or the volunteer on their own)",
)
def log_hours(request: HttpRequest, assignment_id: UUID, payload: HoursIn) -> Status[HoursOut]:
    user = request_user(request)
    assignment = access.access_assignment_for_hours(user, assignment_id)
    try:
        entry = actions.do_log_hours(
            actor=user, assignment=assignment, values=actions.HoursValues(**payload.model_dump())
        )
    except DomainError as exc:
        raise _invalid(exc) from exc
    return Status(201, HoursOut.of(entry))


@router.post(
    "/hours/{uuid:hours_id}/approval",
    response={200: HoursOut, **WRITE},
    summary="Approve logged hours, with the corrected number if needed (409 if they changed since you read them)",
)
def approve_hours(request: HttpRequest, hours_id: UUID, payload: ApproveIn) -> HoursOut:
    user = request_user(request)
    entry = access.access_hours_by_id(user, hours_id)
    try:
        entry = actions.do_approve_hours(actor=user, entry=entry, expected_version=payload.version, hours=payload.hours)
    except DomainError as exc:
        raise _invalid(exc) from exc
    return HoursOut.of(entry)


@router.post(
    "/my-assignments/{uuid:assignment_id}/response",
    response={200: AssignmentOut, 403: ErrorOut},
    summary="The signed-in volunteer accepts or declines a task offered to them (send the version you read; a task "
    "that has started can no longer be declined: 422)",
)
def respond_to_assignment(request: HttpRequest, assignment_id: UUID, payload: RespondIn) -> AssignmentOut:
    user = request_user(request)
    assignment = access.access_my_assignment(user, assignment_id)
    assignment = actions.do_respond_to_assignment(
        actor=user, assignment=assignment, expected_version=payload.version, accept=payload.answer == "accept"
    )
    return AssignmentOut.of(assignment)


# Thank-you notes and sign-ins (issue 11 C) ---------------------------------------------------------------------


class ThanksOut(Schema):
    id: UUID
    volunteer_id: UUID
    note: str
    written_on: date
    written_by_id: UUID | None

    @staticmethod
    def of(thanks: VolunteerThanks) -> ThanksOut:
        return ThanksOut(
            id=thanks.pk,
            volunteer_id=thanks.volunteer_id,
            note=thanks.note or "",
            written_on=thanks.written_on,
            written_by_id=thanks.written_by_id,
        )


class ThanksIn(Schema):
    note: str = Field(min_length=1, max_length=actions.TEXT_MAX_LENGTH)
    written_on: date | None = Field(default=None, description="the note's date; today when left out")


@router.get(
    "/{uuid:volunteer_id}/thanks",
    response={200: Page[ThanksOut], **READ},
    summary="The thank-you notes recorded for a volunteer, latest first",
)
def list_thanks(request: HttpRequest, page: Query[PageQuery], volunteer_id: UUID) -> dict[str, Any]:
    volunteer = access.access_volunteer_by_id(request_user(request), volunteer_id)
    return paginate(selectors.thanks_for_volunteer(volunteer), page, ThanksOut.of)


@router.post(
    "/{uuid:volunteer_id}/thanks",
    response={201: ThanksOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Record a thank-you note for a volunteer (shown on their page and on their own hours page)",
)
def add_thanks(request: HttpRequest, volunteer_id: UUID, payload: ThanksIn) -> Status[ThanksOut]:
    user = request_user(request)
    volunteer = access.access_volunteer_by_id(user, volunteer_id, for_write=True)
    try:
        thanks = actions.do_thank_volunteer(
            actor=user, volunteer=volunteer, note=payload.note, written_on=payload.written_on
        )
    except DomainError as exc:
        raise _invalid(exc) from exc
    return Status(201, ThanksOut.of(thanks))


class SignInOut(Schema):
    """`linked`: the volunteer's existing volunteer sign-in was linked now. Otherwise an invitation was emailed to
    them, and `invitation_link` is its link, given only in this answer (anyone with it can sign in as this
    volunteer until it expires)."""

    volunteer: VolunteerOut
    linked: bool
    invitation_link: str | None


@router.post(
    "/{uuid:volunteer_id}/sign-in",
    response={200: SignInOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Give an active volunteer a sign-in with the volunteer role: link their existing one, or invite them "
    "(400 when not active, without an email address, already signed in or already invited)",
)
def give_sign_in(request: HttpRequest, volunteer_id: UUID) -> SignInOut:
    user = request_user(request)
    volunteer = access.access_volunteer_by_id(user, volunteer_id, for_write=True)
    volunteer, secret = actions.do_give_sign_in(actor=user, volunteer=volunteer)
    return SignInOut(
        volunteer=VolunteerOut.of(volunteer),
        linked=secret is None,
        invitation_link=None
        if secret is None
        else request.build_absolute_uri(reverse("invitation_accept", args=[secret])),
    )
